"""``archkb services``: the services the KB knows, with their types."""
from __future__ import annotations

import click

from .common import emit_json, get_kb, json_option, kb_option, table


@click.command("services")
@click.option("--category", "-c", metavar="CATEGORY",
              help="Only services of this category (database, messaging, ai...).")
@click.option("--types/--no-types", default=True, show_default=True,
              help="Show the CloudFormation and Terraform types.")
@json_option
@kb_option
def services_cmd(category, types, as_json, kb_dirs):
    """The services the KB knows: ids (what a spec's `service:` takes), names, aliases,
    category, CloudFormation and Terraform types. A resource no service claims is drawn as
    `service: generic`."""
    from ..graph.services import services

    answer = services(get_kb(kb_dirs), category)
    if as_json:
        emit_json(answer)
        return
    rows = []
    for r in answer["results"]:
        name = r["name"] + (f" [{r['status']}]" if r.get("status") else "")
        aliases = ", ".join(r["aliases"][:4]) + (" ..." if len(r["aliases"]) > 4 else "")
        row = [r["id"], name, r["category"] or "-", aliases or "-"]
        if types:
            row.append(", ".join(r["cfn_types"] + r["tf_types"]) or "-")
        rows.append(row)
    headers = ["ID", "NAME", "CATEGORY", "ALIASES"] + (["TYPES"] if types else [])
    scope = f" in category {category}" if category else ""
    click.echo(f"{len(rows)} services{scope}:\n")
    click.echo(table(rows, headers, caps=[24, 30, 15, 34, 0]))
    click.echo(f"\nCategories: {', '.join(answer['categories'])}.")
