"""Helpers shared by the commands: the KB option, JSON and table output."""
from __future__ import annotations

import json
import textwrap

import click


def kb_option(f):
    """``--kb DIR`` on a subcommand too (``archkb triggers lambda --kb mine``)."""
    return click.option("--kb", "kb_dirs", multiple=True, type=click.Path(file_okay=False),
                        metavar="DIR", help="Extra KB directory (repeatable).")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(f)


def force_option(f):
    """``--force``: replace a read-only output file."""
    return click.option("--force", is_flag=True,
                        help="Replace the output file even if it is read-only.")(f)


def allow_duplicate_keys_option(f):
    """``--allow-duplicate-keys``: read templates with duplicate keys last-wins, with warnings."""
    return click.option(
        "--allow-duplicate-keys", is_flag=True,
        help="Read a CloudFormation/SAM template with duplicate keys keeping the last value, as "
             "CloudFormation does, with a warning per duplicate (default: a duplicate key is "
             "an error; in a spec it always is).")(f)


def batch_options(f):
    """``--strict``: what an import could not use fails the file instead of warning."""
    return click.option(
        "--strict", is_flag=True,
        help="Treat what a template import could not use (its warnings) as errors: the "
             "file fails to load (exit 2).")(f)


def echo_load_failures(failures) -> None:
    """Print files that failed to load to stderr, as the CLI prints any bad input:
    ``archkb: error: file:line:col: message``."""
    for exc in failures or ():
        click.echo(f"archkb: error: {exc}", err=True)


def warning_line(warning) -> str:
    """A load warning (a located InputError) as ``file:line:col: warning: message``.

    >>> from generator.errors import InputError
    >>> warning_line(InputError("duplicate key 'A'", "t.yaml", 7, 3))
    "t.yaml:7:3: warning: duplicate key 'A'"
    """
    where = getattr(warning, "location", "")
    message = getattr(warning, "message", str(warning))
    return f"{where}: warning: {message}" if where else f"warning: {message}"


def echo_warnings(warnings) -> None:
    """Print load warnings to stderr, one :func:`warning_line` each."""
    for warning in warnings or ():
        click.echo(warning_line(warning), err=True)


def warning_dict(warning) -> dict:
    """A load warning as JSON: ``{"message", "file", "line", "column"}``."""
    return {"message": getattr(warning, "message", str(warning)),
            "file": getattr(warning, "file", None), "line": getattr(warning, "line", None),
            "column": getattr(warning, "column", None)}


def _kb_dirs(kb_dirs) -> tuple:
    """The group's ``--kb`` directories (``archkb --kb DIR ...``), then the command's."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    group_dirs = root.obj.get("kb_dirs", ()) if root is not None and root.obj else ()
    return tuple(group_dirs) + tuple(kb_dirs)


def get_kb(kb_dirs=()):
    """The KB with the group's and the command's ``--kb`` directories."""
    from ..kb import load_kb

    return load_kb(_kb_dirs(kb_dirs))


def emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def table(rows: list[list[str]], headers: list[str], max_col: int | None = None,
          caps: list[int] | None = None) -> str:
    """A plain text table that fits the terminal (:func:`generator.commands.term.width`):
    columns keep their natural width when they fit; otherwise the widest are narrowed, never
    below their longest word, and their cells wrap at spaces. Cells that are a severity, a
    verdict or a mode are coloured on a terminal. (``max_col`` and ``caps`` are accepted from
    older callers and ignored: the width comes from the terminal.)

    >>> print(table([["a", "b"]], ["X", "Y"]))
    X  Y
    -  -
    a  b
    >>> print(fit_widths([30, 40], [5, 8], 50))
    [25, 25]
    """
    from .term import paint, width

    if not rows:
        return ""
    cells = [[str(c) for c in row] for row in [headers] + rows]
    columns = range(len(headers))
    natural = [max(len(row[i]) for row in cells) for i in columns]
    words = [max((len(w) for row in cells for w in row[i].split()), default=1) for i in columns]
    widths = fit_widths(natural, words, width() - 2 * (len(headers) - 1))
    lines = []
    for i, row in enumerate(cells):
        wrapped = [textwrap.wrap(c, w, break_on_hyphens=False) or [""]
                   for c, w in zip(row, widths)]
        for j in range(max(len(w) for w in wrapped)):
            parts = [(w[j] if j < len(w) else "").ljust(widths[k]) for k, w in enumerate(wrapped)]
            if i:
                parts = [paint(p) if p.strip() in row else p for p in parts]
            lines.append("  ".join(parts).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def fit_widths(natural: list[int], floor: list[int], room: int) -> list[int]:
    """Column widths within ``room`` characters: the widest column gives up a character at a
    time, none below its ``floor`` (its longest word, up to 30) or 8 characters."""
    widths = list(natural)
    floors = [min(n, max(8, min(f, 30))) for n, f in zip(natural, floor)]
    while sum(widths) > room:
        i = max(range(len(widths)), key=lambda k: (widths[k] - floors[k], widths[k]))
        if widths[i] <= floors[i]:
            break  # cannot shrink further: the table is wider than the terminal
        widths[i] -= 1
    return widths


def wrap(text: str, indent: str = "", first: str | None = None) -> str:
    """Prose wrapped to the terminal width (at most 100 columns: longer lines read badly)."""
    from .term import width as term_width

    width = min(100, term_width())
    return textwrap.fill(" ".join(text.split()), width, initial_indent=indent if first is None
                         else first, subsequent_indent=indent)


class SourceNotes:
    """Numbers sources as footnotes: ``[1]`` in rows, the list printed after the table."""

    def __init__(self):
        self.ids: list[str] = []
        self.records: dict[str, dict] = {}

    def ref(self, sources: list[dict]) -> str:
        marks = []
        for src in sources:
            if src["id"] not in self.records:
                self.ids.append(src["id"])
                self.records[src["id"]] = src
            marks.append(f"[{self.ids.index(src['id']) + 1}]")
        return "".join(marks)

    def render(self) -> str:
        lines = []
        for i, sid in enumerate(self.ids, 1):
            src = self.records[sid]
            title = src["title"] + (f" — {src['section']}" if src.get("section") else "")
            where = f" {src['url']}" if src.get("url") else ""
            date = f" (as of {src['as_of']})" if src.get("as_of") else ""
            lines.append(f"[{i}] {title}{where}{date}")
        return "Sources:\n" + "\n".join(lines) if lines else ""


def get_kb_view(kb_dirs=()):
    """The fast KB view (no networkx import), with the group's and the command's ``--kb``
    directories: enough for loading, linting and drawing specs."""
    from ..spec.kbview import load_kb_view

    return load_kb_view(_kb_dirs(kb_dirs))


def write_or_print(output, text: str, force: bool = False) -> None:
    """``-o FILE``: write ``text`` there (``cannot write FILE`` on failure, a read-only file
    only with ``force``) and say so on stderr; no ``-o``: print it."""
    if output:
        from ..fsutil import write_output

        write_output(output, text.encode("utf-8"), force=force)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
