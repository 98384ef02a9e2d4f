"""``archkb schema``: the JSON Schema of the spec format, generated from the KB."""
from __future__ import annotations

import json

import click

from .common import force_option, kb_option


@click.command("schema")
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the schema to FILE instead of stdout.")
@kb_option
@force_option
def schema_cmd(output, kb_dirs, force):
    """Print the JSON Schema of the spec format (services, settings, kinds from the KB).

    Editors validate and complete specs with it: save it with -o archkb.schema.json and put
    "# yaml-language-server: $schema=archkb.schema.json" on the first line of a spec.
    """
    from ..spec import spec_json_schema
    from .common import get_kb_view, write_or_print

    text = json.dumps(spec_json_schema(get_kb_view(kb_dirs)), indent=2, ensure_ascii=False)
    write_or_print(output, text + "\n", force)
