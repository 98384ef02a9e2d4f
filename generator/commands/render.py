"""``archkb render SPEC...``: diagrams (png, svg, pdf, dot, mermaid) from specs or templates."""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import click

from .common import allow_duplicate_keys_option, echo_warnings, kb_option


def _kb(kb_dirs):
    """The fast KB view (no networkx) with the group's and the command's ``--kb`` dirs."""
    from ..spec.kbview import load_kb_view

    ctx = click.get_current_context(silent=True)
    group_dirs = ()
    if ctx is not None and ctx.find_root().obj:
        group_dirs = ctx.find_root().obj.get("kb_dirs", ())
    return load_kb_view(tuple(group_dirs) + tuple(kb_dirs))


def _lint_module():
    """``generator.lint`` if it exists and offers ``lint_spec``, else None."""
    if importlib.util.find_spec("generator.lint") is None:
        return None
    module = importlib.import_module("generator.lint")
    return module if hasattr(module, "lint_spec") else None


def finding_line(finding) -> str:
    """A finding as ``file:line:col: severity rule message``."""
    get = finding.get if isinstance(finding, dict) else (lambda k: getattr(finding, k, None))
    loc = get("location")
    if isinstance(loc, dict):
        loc = ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k) is not None)
    return f"{loc}: {get('severity')} {get('rule')} {get('message')}"


@click.command("render")
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Formats, comma-separated or repeated: png, svg, pdf, dot, mermaid "
                   "[default: svg,png].")
@click.option("-o", "--output", "outdir", default="output", show_default=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--no-lint", is_flag=True, help="Do not print lint warnings after rendering.")
@click.option("--findings", "with_findings", is_flag=True,
              help="Draw lint findings on the diagram: a numbered badge coloured by severity "
                   "on each component or connection, the numbered list in a caption, the "
                   "message and rule in SVG tooltips, classDef styles in Mermaid.")
@allow_duplicate_keys_option
@kb_option
def render_cmd(specs, formats, outdir, no_lint, with_findings, allow_duplicate_keys, kb_dirs):
    """Draw each SPEC (an archkb spec or a CloudFormation/SAM template) as diagrams.

    Files are named after the spec: output/orders.svg, orders.png, orders.pdf, orders.dot,
    orders.mmd. png, svg and pdf need Graphviz (exit 3 without it); dot and mermaid do not.
    Lint findings, and what loading noticed (file:line:col: warning: ...), are printed to
    stderr; they do not stop the render.
    """
    from ..errors import InputError, MissingDependencyError
    from ..render import DEFAULT_FORMATS, parse_formats, render_spec
    from ..render.backend import IMAGE_FORMATS
    from ..spec import load_any
    from ..system import require_dot

    chosen = parse_formats(formats or DEFAULT_FORMATS)
    if not chosen:
        raise InputError("no output format given (-f png,svg,pdf,dot,mermaid)")
    kb = _kb(kb_dirs)
    loaded = [load_any(path, kb, allow_duplicate_keys=allow_duplicate_keys) for path in specs]
    for spec in loaded:
        echo_warnings(spec.warnings)
    stems: dict[str, str] = {}
    for spec in loaded:
        stem = Path(spec.file).stem
        if stem in stems and stems[stem] != spec.file:
            raise InputError(f"{stems[stem]} and {spec.file} would both write {stem}.* "
                             f"(render them into different folders with -o)")
        stems[stem] = spec.file
    missing = None
    if any(f in IMAGE_FORMATS for f in chosen):
        try:
            require_dot()
        except MissingDependencyError as exc:
            missing = exc
            chosen = [f for f in chosen if f not in IMAGE_FORMATS]
    for spec in loaded:
        if with_findings:  # the diagram needs them first
            found = _lint_findings(spec, kb)
            linting = None if no_lint else _Done(found)
        else:
            found, linting = None, None if no_lint else _Background(_lint_findings, spec, kb)
        for path in render_spec(spec, kb, chosen, outdir, findings=found):
            click.echo(str(path))
        for finding in linting.result() if linting else ():
            click.echo(finding_line(finding), err=True)
    if missing is not None:
        raise missing


def _lint_findings(spec, kb) -> list:
    lint = _lint_module()
    return list(lint.lint_spec(spec, kb)) if lint is not None else []


class _Done:
    """A result already computed, with the interface of :class:`_Background`."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class _Background:
    """Run a function in a thread (lint runs while Graphviz draws); ``result()`` re-raises."""

    def __init__(self, func, *args):
        import threading

        self._value, self._error = None, None
        self._thread = threading.Thread(target=self._run, args=(func, args), daemon=True)
        self._thread.start()

    def _run(self, func, args):
        try:
            self._value = func(*args)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
