"""``archkb render SPEC...``: diagrams (png, svg, pdf, dot, mermaid) from specs or templates."""
from __future__ import annotations

from pathlib import Path

import click

from .common import allow_duplicate_keys_option, batch_options, echo_load_failures, \
    echo_warnings, force_option, get_kb_view, kb_option
from .complete import spec_files


def finding_line(finding) -> str:
    """A finding as ``file:line:col: severity rule message``."""
    get = finding.get if isinstance(finding, dict) else (lambda k: getattr(finding, k, None))
    loc = get("location")
    if isinstance(loc, dict):
        loc = ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k) is not None)
    return f"{loc}: {get('severity')} {get('rule')} {get('message')}"


@click.command("render")
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...", shell_complete=spec_files)
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Formats, comma-separated or repeated: png, svg, pdf, dot, mermaid "
                   "[default: svg,png].")
@click.option("-o", "--output", "outdir", default="output", show_default=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--legend/--no-legend", default=None,
              help="Draw the one-row legend of the connection kinds used [default: the spec's "
                   "'legend:', else yes].")
@click.option("--no-lint", is_flag=True, help="Do not print lint warnings after rendering.")
@click.option("--findings", "with_findings", is_flag=True,
              help="Draw lint findings on the diagram: a numbered badge coloured by severity "
                   "on each component or connection, the numbered list in a caption, the "
                   "message and rule in SVG tooltips, classDef styles in Mermaid.")
@click.option("--group-by", type=click.Choice(["construct"]),
              help="CDK output: draw each top-level construct as a group.")
@click.option("--show-internal", is_flag=True,
              help="CDK output: also draw the CDK's own resources.")
@batch_options
@allow_duplicate_keys_option
@kb_option
@force_option
def render_cmd(specs, formats, outdir, legend, no_lint, with_findings, group_by, show_internal,
               strict, allow_duplicate_keys, kb_dirs, force):
    """Draw each SPEC as diagrams: an archkb spec, a CloudFormation/SAM template, a Terraform
    module folder or plan (terraform show -json), or CDK output (a cdk.out folder or
    template).

    SPEC may be a file or a folder (searched recursively, skipping .aws-sam, cdk.out and
    node_modules). A file that fails to load is reported (archkb: error: file:line:col: ...), the
    others are still drawn, and the command exits 2 at the end.

    Files are named after the spec: output/orders.svg, orders.png, orders.pdf, orders.dot,
    orders.mmd. png, svg and pdf need Graphviz (exit 3 without it); dot and mermaid do not.
    Lint findings, and what loading noticed (file:line:col: warning: ...), are printed to
    stderr; they do not stop the render.
    """
    from ..errors import InputError, MissingDependencyError
    from ..render import DEFAULT_FORMATS, parse_formats, render_spec
    from ..render.backend import IMAGE_FORMATS
    from ..spec.batch import load_batch
    from ..system import require_dot

    chosen = parse_formats(formats or DEFAULT_FORMATS)
    if not chosen:
        raise InputError("no output format given (-f png,svg,pdf,dot,mermaid)")
    kb = get_kb_view(kb_dirs)
    options = {k: v for k, v in (("group_by", group_by), ("show_internal", show_internal)) if v}
    batch = load_batch(specs, kb, allow_duplicate_keys=allow_duplicate_keys, strict=strict,
                       **options)
    echo_warnings(batch.warnings)
    stems: dict[str, str] = {}
    loaded = []
    for spec in batch.specs:
        stem = Path(spec.file).stem
        if stem in stems and stems[stem] != spec.file:
            batch.failures.append(InputError(
                f"{stems[stem]} and {spec.file} would both write {stem}.* (render them into "
                "different folders with -o)", spec.file))
            continue
        stems[stem] = spec.file
        loaded.append(spec)
    echo_load_failures(batch.failures)
    missing = None
    if any(f in IMAGE_FORMATS for f in chosen):
        try:
            require_dot()
        except MissingDependencyError as exc:
            missing = exc
            chosen = [f for f in chosen if f not in IMAGE_FORMATS]
    for spec in loaded:
        linting: list = []
        found = None
        if with_findings:  # the diagram needs them first
            found = _lint_findings(spec, kb)
            if not no_lint:
                linting.append(_Done(found))

        def lint_while_drawing(spec=spec, linting=linting):
            if not no_lint and not linting:
                linting.append(_Background(_lint_findings, spec, kb))

        for path in render_spec(spec, kb, chosen, outdir, legend=legend, findings=found,
                                force=force, on_draw=lint_while_drawing):
            click.echo(str(path))
        for finding in linting[0].result() if linting else ():
            click.echo(finding_line(finding), err=True)
    if missing is not None:
        raise missing
    if batch.failures:
        raise SystemExit(2)


def _lint_findings(spec, kb) -> list:
    from ..lint import lint_spec

    return lint_spec(spec, kb)


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
