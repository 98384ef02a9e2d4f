"""``archkb import TEMPLATE``: a spec from a CloudFormation/SAM template."""
from __future__ import annotations

import click

from .common import emit_json, get_kb, json_option, kb_option


@click.command("import")
@click.argument("template", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the spec to this file (default: stdout).")
@json_option
@kb_option
def import_cmd(template, output, as_json, kb_dirs):
    """Turn a CloudFormation/SAM TEMPLATE (YAML or JSON) into an archkb spec.

    Component ids are the template's logical ids. Resources become components, groups (VPCs,
    subnets) or connections; what the import could not use (a missing OpenAPI file, a
    duplicate key CloudFormation would resolve last-wins) is reported on stderr with its
    file:line. `archkb render`, `lint` and `recommend --spec` also accept a template directly.
    """
    from ..fsutil import write_atomic
    from ..importers import import_file

    text, result = import_file(template, get_kb(kb_dirs))
    for warning in result.warnings:
        click.echo(f"archkb: warning: {warning}", err=True)
    if output:
        write_atomic(output, text.encode("utf-8"))
        spec = result.spec
        click.echo(f"wrote {output}: {len(spec.components)} components, "
                   f"{len(spec.connections)} connections", err=True)
    if as_json:
        import yaml

        emit_json({"file": str(template), "output": output, "spec": yaml.safe_load(text),
                   "warnings": [{"message": w.message, "file": w.file, "line": w.line,
                                 "column": w.column} for w in result.warnings]})
    elif not output:
        click.echo(text, nl=False)
