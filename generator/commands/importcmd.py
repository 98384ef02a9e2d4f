"""``archkb import SOURCE``: a spec from a CloudFormation/SAM template, a Terraform module or
plan, or CDK output."""
from __future__ import annotations

import click

from .common import (allow_duplicate_keys_option, batch_options, echo_warnings, emit_json,
                     force_option, get_kb, json_option, kb_option, warning_dict)


@click.command("import")
@click.argument("source", metavar="SOURCE", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the spec to this file (default: stdout).")
@click.option("--show-internal", is_flag=True,
              help="CDK output: keep the CDK's own resources (custom-resource providers, "
                   "log-retention functions, bucket-notification handlers).")
@click.option("--group-by", type=click.Choice(["construct"]),
              help="CDK output: put the components of each top-level construct in a group.")
@batch_options
@allow_duplicate_keys_option
@json_option
@kb_option
@force_option
def import_cmd(source, output, show_internal, group_by, strict, allow_duplicate_keys, as_json,
               kb_dirs, force):
    """Turn SOURCE into an archkb spec: a CloudFormation/SAM template (YAML or JSON), a
    Terraform module folder or .tf file, a Terraform plan (terraform show -json), or a CDK
    cdk.out folder or template.

    Component ids are the template's logical ids, or the Terraform resource addresses
    (aws_lambda_function.orders, module.api.aws_sqs_queue.jobs); CDK components are labelled
    with their construct paths. Resources become components, groups (VPCs, subnets) or
    connections; what the import could not use (a missing OpenAPI file, a setting out of
    range, a Terraform variable without a value) is reported on stderr as file:line:col:
    warning. A duplicate key is an error (exit 2), unless --allow-duplicate-keys: then the
    last value wins, as in CloudFormation. With --strict, any such warning is an error (exit
    2, nothing written). `archkb render`, `lint` and `recommend --spec` also accept these
    sources directly.
    """
    from pathlib import Path

    from ..errors import InputError
    from ..fsutil import write_output
    from ..importers import import_file

    if output and Path(output).resolve() == Path(source).resolve():
        raise InputError(f"-o {output} is the source being imported: choose another file")

    text, result = import_file(source, get_kb(kb_dirs), allow_duplicate_keys=allow_duplicate_keys,
                               show_internal=show_internal, group_by=group_by)
    if strict and result.warnings:
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

        emit_json({"file": str(source), "output": output, "spec": yaml.safe_load(text),
                   "warnings": [warning_dict(w) for w in result.warnings]})
    elif not output:
        click.echo(text, nl=False)
