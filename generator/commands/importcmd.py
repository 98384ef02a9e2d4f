"""``archkb import TEMPLATE``: a spec from a CloudFormation/SAM template."""
from __future__ import annotations

import click

from .common import (allow_duplicate_keys_option, batch_options, echo_warnings, emit_json,
                     force_option, get_kb, json_option, kb_option, warning_dict)


@click.command("import")
@click.argument("template", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the spec to this file (default: stdout).")
@batch_options
@allow_duplicate_keys_option
@json_option
@kb_option
@force_option
def import_cmd(template, output, strict, allow_duplicate_keys, as_json, kb_dirs, force):
    """Turn a CloudFormation/SAM TEMPLATE (YAML or JSON) into an archkb spec.

    Component ids are the template's logical ids. Resources become components, groups (VPCs,
    subnets) or connections; what the import could not use (a missing OpenAPI file, a setting
    out of range) is reported on stderr as file:line:col: warning. A duplicate key is an error
    (exit 2), unless --allow-duplicate-keys: then the last value wins, as in CloudFormation.
    With --strict, any such warning is an error (exit 2, nothing written).
    `archkb render`, `lint` and `recommend --spec` also accept a template directly.
    """
    from pathlib import Path

    from ..errors import InputError
    from ..fsutil import write_output
    from ..importers import import_file

    if output and Path(output).resolve() == Path(template).resolve():
        raise InputError(f"-o {output} is the template being imported: choose another file")

    text, result = import_file(template, get_kb(kb_dirs),
                               allow_duplicate_keys=allow_duplicate_keys)
    if strict and result.warnings:
        from ..errors import InputError

        first = result.warnings[0]
        raise InputError(f"{first.message} [--strict; {len(result.warnings)} warning(s) in all]",
                         first.file, first.line, first.column)
    echo_warnings(result.warnings)
    if output:
        write_output(output, text.encode("utf-8"), force=force)
        spec = result.spec
        click.echo(f"wrote {output}: {len(spec.components)} components, "
                   f"{len(spec.connections)} connections", err=True)
    if as_json:
        import yaml

        emit_json({"file": str(template), "output": output, "spec": yaml.safe_load(text),
                   "warnings": [warning_dict(w) for w in result.warnings]})
    elif not output:
        click.echo(text, nl=False)
