"""``archkb kb check`` and ``archkb kb export``."""
from __future__ import annotations

import sys

import click

from ..errors import InputError
from .common import emit_json, force_option, kb_option


@click.group("kb")
def kb_group():
    """Validate the knowledge base, audit how current it is, or export its graph."""


@kb_group.command("check")
@kb_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def check_cmd(ctx, kb_dirs, as_json):
    """Validate every KB file: schemas, references, names, sources, relation types (what each
    relation may join), diagrams classes.

    Lists every error as file:line:column and exits 2 if there is any.
    """
    from ..kb.check import check_diagrams, check_relations
    from ..kb.loader import KBInvalid
    from ..kb.paths import builtin_kb_dir, overlay_dirs
    from ..kb.store import compile_kb

    dirs = tuple((ctx.find_root().obj or {}).get("kb_dirs", ())) + tuple(kb_dirs)
    try:
        kb = compile_kb(builtin_kb_dir(), overlay_dirs(dirs))
        errors = check_relations(kb) + check_diagrams(kb)
    except KBInvalid as exc:
        kb, errors = None, exc.errors
    if as_json:
        emit_json({"ok": not errors, "errors": [_error_json(e) for e in errors],
                   "counts": _counts(kb) if kb else {}})
    else:
        for e in errors:
            click.echo(str(e), err=True)
        if kb and not errors:
            counts = _counts(kb)
            click.echo("KB OK: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if errors:
        if not as_json:
            click.echo(f"archkb: error: {len(errors)} KB error(s)", err=True)
        sys.exit(2)


def _error_json(e: InputError) -> dict:
    return {"message": e.message, "file": e.file, "line": e.line, "column": e.column}


def _counts(kb) -> dict:
    counts: dict = {}
    for _, data in kb.graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    counts = dict(sorted(counts.items()))
    counts["relations"] = kb.graph.number_of_edges()
    counts["sources"] = len(kb.sources)
    return counts


@kb_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "graphml", "dot"]), default="json",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default stdout).")
@kb_option
@force_option
def export_cmd(fmt, output, kb_dirs, force):
    """Export the compiled graph as JSON (node-link), GraphML or DOT."""
    from ..graph.export import export
    from .common import get_kb, write_or_print

    write_or_print(output, export(get_kb(kb_dirs), fmt), force)


@kb_group.command("audit")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write (default stdout), e.g. docs/kb-audit.md.")
@click.option("--json", "as_json", is_flag=True, help="Print the audit as JSON.")
@kb_option
@force_option
def audit_cmd(output, as_json, kb_dirs, force):
    """How current the facts are: dated items by age and source kind (AWS page or secondary),
    and the sources to re-read, oldest first."""
    from ..kb.audit import audit, audit_markdown
    from .common import get_kb, write_or_print

    kb = get_kb(kb_dirs)
    if as_json:
        emit_json(audit(kb))
        return
    write_or_print(output, audit_markdown(kb), force)
