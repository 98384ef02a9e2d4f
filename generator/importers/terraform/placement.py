"""VPCs and subnets as groups, and which group each component sits in (Terraform).

A component is placed by the subnets it names (``vpc_config.subnet_ids``, ``subnet_id``,
``subnets``, ``network_configuration``, a DB subnet group...): one subnet puts it in that
subnet; several subnets of one VPC put it in the VPC. A subnet is public when its route table
sends traffic to an internet gateway (``route`` blocks or ``aws_route``).
"""
from __future__ import annotations

from typing import Any

from ...spec.model import Group
from ..assemble import place
from .context import TerraformContext
from .values import is_known, references
from .module import Body

SUBNET_ARGS = ("subnet_ids", "subnets", "subnet_id", "client_subnets")
NESTED = ("vpc_config", "network_configuration", "broker_node_group_info",
          "vpc_configuration", "subnet_mapping", "compute_resources")


def build_groups(ctx: TerraformContext) -> dict[str, Group]:
    """Groups for the VPCs and subnets that hold components (and their parents)."""
    groups: dict[str, Group] = {}
    for r in ctx.of_type("aws_vpc", "aws_subnet", "aws_default_vpc", "aws_default_subnet"):
        if r.address in ctx.nodes:
            continue
        kind = "vpc" if r.type.endswith("vpc") else "subnet"
        body = r.body()
        parent = _first_address(ctx, body.get("vpc_id")) if kind == "subnet" else None
        settings = {}
        if kind == "subnet":
            public = _public(ctx, r.address, body)
            if public is not None:
                settings["public"] = public
        groups[r.address] = Group(r.address, kind, _name_tag(body) or r.name, parent,
                                  r.block.location, settings)
    for gid, g in groups.items():
        if g.parent is not None and g.parent not in groups:
            g.parent = None
    def group_of(node):
        r = ctx.resources.get(node.id)
        return _placement(ctx, r.body(), groups) if node.origin == "resource" and r else None

    return place(ctx.nodes.values(), groups, group_of)


def _first_address(ctx: TerraformContext, value: Any) -> str | None:
    for ref in references(value):
        address = ctx.address_of(ref)
        if address is not None:
            return address
    return None


def _name_tag(body: Body) -> str | None:
    tags = body.get("tags")
    if isinstance(tags, dict):
        name = tags.get("Name")
        if isinstance(name, str) and is_known(name):
            return name
    return None


def _subnet_values(ctx: TerraformContext, body: Body, depth: int = 0) -> list:
    values: list = []
    if depth > 3:
        return values
    for arg in SUBNET_ARGS:
        if arg in body.block.attrs:
            values.append(body.get(arg))
    for arg in ("db_subnet_group_name", "subnet_group_name"):
        if arg in body.block.attrs:
            for ref in references(body.get(arg)):
                address = ctx.address_of(ref)
                if address and ctx.resources[address].type.endswith("subnet_group"):
                    values.append(ctx.resources[address].body().get("subnet_ids"))
    for name in NESTED:
        for nested in body.blocks(name):
            values += _subnet_values(ctx, nested, depth + 1)
    return values


def _placement(ctx: TerraformContext, body: Body, groups: dict[str, Group]) -> str | None:
    values = _subnet_values(ctx, body)
    names = [ctx.address_of(ref) for v in values for ref in references(v)]
    subnets = [n for n in dict.fromkeys(names) if n in groups and groups[n].kind == "subnet"]
    if subnets:
        if len(subnets) == 1:
            return subnets[0]
        parents = {groups[s].parent for s in subnets}
        return parents.pop() if len(parents) == 1 and None not in parents else subnets[0]
    vpc = _first_address(ctx, body.get("vpc_id"))
    if vpc in groups and groups[vpc].kind == "vpc":
        return vpc
    return None


def _public(ctx: TerraformContext, subnet: str, body: Body) -> bool | None:
    tables = [_first_address(ctx, a.body().get("route_table_id"))
              for a in ctx.of_type("aws_route_table_association")
              if _first_address(ctx, a.body().get("subnet_id")) == subnet]
    tables = [t for t in tables if t]
    if not tables:
        return True if body.get("map_public_ip_on_launch") is True else None
    for table in tables:
        r = ctx.resources.get(table)
        routes = [rt.get("gateway_id") for rt in r.body().blocks("route")] if r else []
        routes += [x.body().get("gateway_id") for x in ctx.of_type("aws_route")
                   if _first_address(ctx, x.body().get("route_table_id")) == table]
        for gateway in routes:
            address = _first_address(ctx, gateway)
            if address and ctx.resources[address].type == "aws_internet_gateway":
                return True
    return False
