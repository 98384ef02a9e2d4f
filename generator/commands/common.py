"""Helpers shared by the commands: the KB option, JSON and table output."""
from __future__ import annotations

import json
import shutil
import textwrap

import click


def kb_option(f):
    """``--kb DIR`` on a subcommand too (``archkb triggers lambda --kb mine``)."""
    return click.option("--kb", "kb_dirs", multiple=True, type=click.Path(file_okay=False),
                        metavar="DIR", help="Extra KB directory (repeatable).")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(f)


def allow_duplicate_keys_option(f):
    """``--allow-duplicate-keys``: read templates with duplicate keys last-wins, with warnings."""
    return click.option(
        "--allow-duplicate-keys", is_flag=True,
        help="Read a CloudFormation/SAM template with duplicate keys keeping the last value, as "
             "CloudFormation does, with a warning per duplicate (default: a duplicate key is "
             "an error; in a spec it always is).")(f)


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


def get_kb(kb_dirs=()):
    """The KB with the group's and the command's ``--kb`` directories."""
    from ..kb import load_kb

    ctx = click.get_current_context(silent=True)
    group_dirs = ()
    if ctx is not None:
        root = ctx.find_root()
        group_dirs = (root.obj or {}).get("kb_dirs", ()) if root.obj else ()
    return load_kb(tuple(group_dirs) + tuple(kb_dirs))


def emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def table(rows: list[list[str]], headers: list[str], max_col: int = 40,
          caps: list[int] | None = None) -> str:
    """A plain text table; cells wrap (columns at most ``max_col`` wide, the last column fills
    the terminal width).

    >>> print(table([["a", "b"]], ["X", "Y"]))
    X  Y
    -  -
    a  b
    """
    if not rows:
        return ""
    width = shutil.get_terminal_size((100, 24)).columns
    cells = [[str(c) for c in row] for row in [headers] + rows]
    caps = caps or [max_col] * len(headers)
    widths = [min(caps[i], max(len(row[i]) for row in cells)) for i in range(len(headers))]
    fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
    widths[-1] = min(max(len(row[-1]) for row in cells), max(20, width - fixed))
    lines = []
    for i, row in enumerate(cells):
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths)]
        for j in range(max(len(w) for w in wrapped)):
            parts = [(w[j] if j < len(w) else "").ljust(widths[k]) for k, w in enumerate(wrapped)]
            lines.append("  ".join(parts).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def wrap(text: str, indent: str = "", first: str | None = None) -> str:
    """Prose wrapped to the terminal width (at most 100 columns)."""
    width = min(100, shutil.get_terminal_size((100, 24)).columns)
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

    ctx = click.get_current_context(silent=True)
    group_dirs = ()
    if ctx is not None and ctx.find_root().obj:
        group_dirs = ctx.find_root().obj.get("kb_dirs", ())
    return load_kb_view(tuple(group_dirs) + tuple(kb_dirs))
