"""``archkb docs build|reference|gallery|check``: the documentation commands (thin)."""
from __future__ import annotations

import sys
import time

import click

from .common import allow_duplicate_keys_option, emit_json, force_option, get_kb, kb_option


@click.group("docs")
def docs_group():
    """Build documentation: a static site, the KB reference, the README gallery."""


class _Progress:
    """Progress on stderr: one rewritten line on a terminal; piped, only the pages that fail."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.start = time.perf_counter()
        self.counts = {"rendered": 0, "cached": 0, "failed": 0}

    def __call__(self, done: int, total: int, label: str, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        if self.quiet:
            return
        summary = (f"[{done}/{total}] {self.counts['rendered']} rendered, "
                   f"{self.counts['cached']} unchanged, {self.counts['failed']} failed")
        if self.tty:
            click.echo(f"\r\x1b[K{summary} · {label}"[:200], err=True, nl=done == total)
            return
        if status == "failed":
            click.echo(f"docs: {label} does not load ({summary})", err=True)


@docs_group.command("build")
@click.argument("srcs", nargs=-1, type=click.Path(exists=True), metavar="[SRC]...")
@click.option("-o", "--output", "out", default="site", show_default=True,
              type=click.Path(file_okay=False), help="Folder to write the site into.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: all cores).")
@click.option("--no-cache", is_flag=True, help="Render everything again, even if unchanged.")
@click.option("--strict", is_flag=True,
              help="Exit 2 if a spec does not load or an internal link is broken.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON.")
@click.option("--theme", metavar="DIR", type=click.Path(file_okay=False),
              help="Jinja2 templates (page.html, kb.html, spec.html, ...) and an archkb.css "
                   "that override the built-in theme.")
@allow_duplicate_keys_option
@kb_option
def build_cmd(srcs, out, jobs, no_cache, strict, quiet, as_json, theme, allow_duplicate_keys,
              kb_dirs):
    """Build a static HTML site from the specs and templates under SRC (folders or files).

    One page per spec or template (inline diagram, lint findings, components linked to the
    KB), one page per KB node, and an overview of the knowledge graph; with no SRC, the KB
    pages only. The site opens from disk and works offline. Rendering runs in parallel, and
    specs whose content and KB did not change are not rendered again.
    """
    from ..docs.site import build_site, default_jobs

    kb = get_kb(kb_dirs)
    progress = _Progress(quiet or as_json)
    result = build_site(list(srcs), out, kb, jobs=jobs or default_jobs(),
                        use_cache=not no_cache, progress=progress,
                        allow_duplicate_keys=allow_duplicate_keys, theme=theme)
    if as_json:
        emit_json(result.as_dict())
    else:
        for line in result.warnings:
            click.echo(line, err=True)
        for line in result.failed:
            click.echo(f"archkb: warning: {line}", err=True)
        for broken in result.broken_links:
            click.echo(f"archkb: warning: broken link {broken}", err=True)
        click.echo(f"Site written to {out}/: {len(result.pages)} pages, {result.specs} specs "
                   f"({len(result.failed)} do not load); {result.rendered} rendered, "
                   f"{result.cached} unchanged; {result.seconds:.1f} s. "
                   f"Open {out}/index.html.")
    if strict and (result.failed or result.broken_links):
        sys.exit(2)


@docs_group.command("reference")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write (default stdout), e.g. docs/kb-reference.md.")
@kb_option
@force_option
def reference_cmd(output, kb_dirs, force):
    """Write the KB reference as Markdown (one section per node)."""
    from ..docs import kb_reference_markdown
    from .common import write_or_print

    write_or_print(output, kb_reference_markdown(get_kb(kb_dirs)), force)


@docs_group.command("gallery")
@click.argument("examples", default="examples", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", "out", default="docs/gallery", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the SVG images.")
@click.option("--readme", type=click.Path(exists=True, dir_okay=False),
              help="Also rewrite the gallery section of this README (between its markers).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: all cores).")
@click.option("--no-cache", is_flag=True, help="Render every example again.")
@kb_option
def gallery_cmd(examples, out, readme, jobs, no_cache, kb_dirs):
    """Render every example in EXAMPLES to OUTPUT/<stem>.svg for the README gallery."""
    from ..docs.gallery import gallery_markdown, render_gallery, update_readme
    from ..docs.site import default_jobs
    from ..fsutil import write_output

    written = render_gallery(examples, out, get_kb(kb_dirs), jobs=jobs or default_jobs(),
                             use_cache=not no_cache)
    click.echo(f"{len(written)} images in {out}/", err=True)
    if readme:
        with open(readme, encoding="utf-8") as fh:
            old = fh.read()
        new = update_readme(old, gallery_markdown(examples))
        if new != old:
            write_output(readme, new.encode("utf-8"))
            click.echo(f"updated {readme}", err=True)


@docs_group.command("check")
@click.argument("site", default="site", type=click.Path(exists=True, file_okay=False))
def check_cmd(site):
    """Check every internal link of a built site; exit 2 if one is broken."""
    from pathlib import Path

    from ..docs.links import check_links

    broken = check_links(Path(site))
    for b in broken:
        click.echo(f"{site}/{b}", err=True)
    click.echo(f"{len(broken)} broken internal links in {site}/")
    if broken:
        sys.exit(2)
