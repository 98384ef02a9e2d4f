"""``archkb review SPEC``: one page for a design review (HTML or Markdown)."""
from __future__ import annotations

from pathlib import Path

import click

from .common import allow_duplicate_keys_option, echo_warnings, emit_json, get_kb, kb_option


@click.command("review")
@click.argument("spec_path", metavar="SPEC")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]), default="html",
              show_default=True, help="html: one self-contained page; markdown: with the "
                                      "diagram as a Mermaid block.")
@click.option("-o", "--output", "output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Where to write [default: output/<spec>-review.html or .md]; - for stdout.")
@click.option("--json", "as_json", is_flag=True, help="Print the review's data as JSON instead.")
@click.option("--requests-per-month", metavar="N",
              help="Requests entering the architecture a month (3M, 250k); overrides the "
                   "spec's workload.")
@click.option("--duration", metavar="TIME", help="Average Lambda run time (120ms, 1.5s).")
@click.option("--storage-gb", metavar="GB", help="Data kept in each bucket and table (GB).")
@allow_duplicate_keys_option
@kb_option
def review_cmd(spec_path, fmt, output, as_json, requests_per_month, duration, storage_gb,
               allow_duplicate_keys, kb_dirs):
    """Write a design review of SPEC: the diagram with its findings, the findings table,
    advice per Lambda function from recommend, the estimated monthly cost by component from
    KB prices (workload from the spec's workload: block or the options; assumptions listed),
    and the sources.

    The HTML page needs Graphviz for its diagram: without it the page is written without
    the diagram and the command exits 3. The Markdown's diagram is Mermaid.
    """
    from ..errors import InputError, MissingDependencyError
    from ..fsutil import write_atomic
    from ..review.report import build_review
    from ..spec import load_any
    from ..spec.workload import parse_fields

    kb = get_kb(kb_dirs)
    raw = {"requests_per_month": requests_per_month, "duration": duration,
           "storage_gb": storage_gb}
    try:
        overrides = parse_fields({k: v for k, v in raw.items() if v is not None})
    except InputError as exc:
        raise click.BadParameter(exc.message) from None
    spec = load_any(spec_path, kb, allow_duplicate_keys=allow_duplicate_keys)
    echo_warnings(spec.warnings)
    from ..lint import lint_spec

    findings = lint_spec(spec, kb)
    review = build_review(spec, kb, overrides, findings)
    if as_json:
        emit_json(review)
        return
    missing = None
    if fmt == "markdown":
        from ..render import to_mermaid
        from ..review.markdown import review_markdown

        text = review_markdown(review, to_mermaid(spec, kb, findings=findings))
    else:
        from ..review.page import review_html

        try:
            svg = _diagram_svg(spec, kb, findings)
        except MissingDependencyError as exc:
            svg, missing = None, exc
        text = review_html(review, svg)
    if output == "-":
        click.echo(text, nl=False)
    else:
        suffix = "md" if fmt == "markdown" else "html"
        path = Path(output) if output else Path("output") / f"{Path(spec.file).stem}-review.{suffix}"
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
        click.echo(str(path))
    if missing is not None:  # the page is written, without its diagram: exit 3 says why
        raise missing


def _diagram_svg(spec, kb, findings) -> str:
    """The self-contained SVG of the spec with its findings drawn on it."""
    from ..render.backend import run_dot
    from ..render.badges import findings_overlay
    from ..render.dot import to_dot
    from ..render.icons import icon_root
    from ..render.model import build
    from ..render.svg import embed_icons

    model = build(spec, kb)
    svg = run_dot(to_dot(model, findings_overlay(model, findings, spec, caption=False)), ["svg"])["svg"]
    root = icon_root()
    return (embed_icons(svg, root) if root else svg).decode("utf-8")
