"""``archkb diff OLD NEW``: what changed between two versions of an architecture."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import allow_duplicate_keys_option, echo_warnings, emit_json, get_kb_view, kb_option

DIAGRAM_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
                   ".mmd": "mermaid"}


@click.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="markdown: a pull-request comment with the diagram as a Mermaid block.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("-d", "--diagram", "diagrams", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False),
              help="Also draw the union diagram into FILE (.svg, .png, .pdf, .dot or .mmd; "
                   "repeatable): added green, removed red dashed, changed amber.")
@click.option("--fail-on-new", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when the change introduces a finding at least this severe.")
@click.option("--no-lint", is_flag=True, help="Do not compare lint findings.")
@allow_duplicate_keys_option
@kb_option
def diff_cmd(old, new, fmt, as_json, diagrams, fail_on_new, no_lint, allow_duplicate_keys,
             kb_dirs):
    """Compare two versions of an architecture: components and connections added, removed
    and changed (settings old -> new), and lint findings introduced and resolved.

    OLD and NEW are specs or CloudFormation/SAM templates (anything lint and render read),
    or REV:path for a file as committed in git (HEAD~1:specs/orders.yaml; a path starting
    with ./ is from the current folder). Exit 0, or 1 with --fail-on-new when the change
    introduces such a finding, 2 on bad input.
    """
    from ..errors import InputError
    from ..review.diff import compare_findings, diff_specs, introduces
    from ..review.diffviews import diff_markdown, diff_text
    from ..review.versions import load_version

    kb = get_kb_view(kb_dirs)
    targets = []
    for path in diagrams:
        fmt_of = DIAGRAM_FORMATS.get(Path(path).suffix.lower())
        if fmt_of is None:
            raise InputError(f"--diagram {path}: use a .svg, .png, .pdf, .dot or .mmd file name")
        targets.append((Path(path), fmt_of))
    before = load_version(old, kb, allow_duplicate_keys)
    after = load_version(new, kb, allow_duplicate_keys)
    echo_warnings(before.warnings + after.warnings)
    findings = ((), ())
    if not no_lint:
        from ..lint import lint_spec

        findings = compare_findings(lint_spec(before, kb), lint_spec(after, kb))
    diff = diff_specs(before, after, kb, old_name=old, new_name=new, findings=findings)
    fmt = "json" if as_json else fmt
    model = overlay = None
    if fmt == "markdown" or targets:
        from ..review.union import union

        model, overlay = union(before, after, kb, title=f"{after.name}: changes",
                               introduced=findings[0])
    if fmt == "json":
        emit_json(diff)
    elif fmt == "markdown":
        from ..render.mermaid import to_mermaid

        click.echo(diff_markdown(diff, to_mermaid(model, overlay)))
    else:
        click.echo(diff_text(diff))
    for path, fmt_of in targets:
        _draw(after, kb, model, overlay, path, fmt_of)
    if fail_on_new and introduces(diff, fail_on_new):
        sys.exit(1)


def _draw(spec, kb, model, overlay, path: Path, fmt: str) -> None:
    """Write the union diagram to ``path`` (the renderer names files ``<stem>.<ext>``)."""
    import os

    from ..render import render_spec

    written = render_spec(spec, kb, [fmt], path.parent, model=model, overlay=overlay,
                          stem=path.stem)
    if written and written[0] != path:  # e.g. diagram.gv asked, diagram.dot written
        os.replace(written[0], path)
    click.echo(f"{path}", err=True)
