"""VPCs and subnets as groups, and which group each component sits in.

A component is placed by the subnets it names (``VpcConfig.SubnetIds``, ``Subnets``,
``SubnetId``, a DB subnet group...): one subnet puts it in that subnet; several subnets of one
VPC put it in the VPC. Subnets passed as a parameter make a group named after the parameter.
A subnet is ``public`` when its route table sends traffic to an internet gateway.

>>> from generator.importers import load_template, spec_from_template
>>> from generator.kb import load_kb
>>> spec = spec_from_template(load_template(
...     "Resources:\\n  V: {Type: AWS::EC2::VPC}\\n"
...     "  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref V}}\\n"
...     "  Fn: {Type: AWS::Lambda::Function, Properties: {VpcConfig: {SubnetIds: [!Ref S]}}}\\n",
...     "t.yaml"), load_kb())
>>> spec.components["Fn"].group, spec.groups["S"].parent, spec.groups["V"].kind
('S', 'V', 'vpc')
"""
from __future__ import annotations

from ...spec.model import Group
from ..assemble import place
from .context import ImportContext
from .intrinsics import as_dict, as_list, ref_target, refs

SUBNET_KEYS = ("SubnetIds", "Subnets", "SubnetId", "ClientSubnets", "VpcSubnetIds")
SUBNET_GROUP_KEYS = ("DBSubnetGroupName", "SubnetGroupName", "CacheSubnetGroupName")
NESTED_KEYS = ("VpcConfig", "VpcConfigs", "NetworkConfiguration", "AwsvpcConfiguration",
               "BrokerNodeGroupInfo", "NetworkInterfaces", "ComputeResources", "SubnetMappings",
               "VpcConfiguration")


def build_groups(ctx: ImportContext) -> dict[str, Group]:
    """Groups for the VPCs and subnets that hold components (and their parents)."""
    t = ctx.t
    groups: dict[str, Group] = {}
    for rid in t.of_type("AWS::EC2::VPC", "AWS::EC2::Subnet"):
        if rid in ctx.nodes:  # drawn as a box (a template of nothing else)
            continue
        kind = "vpc" if t.types[rid] == "AWS::EC2::VPC" else "subnet"
        props = t.props(rid)
        parent = ref_target(props.get("VpcId")) if kind == "subnet" else None
        if parent not in t.types or parent in ctx.nodes:
            parent = None
        settings = {}
        if kind == "subnet":
            public = _public(ctx, rid)
            if public is not None:
                settings["public"] = public
        groups[rid] = Group(rid, kind, _name_tag(ctx, rid) or rid, parent,
                            t.resource_location(rid), settings)
    return place(ctx.nodes.values(), groups, lambda node: _placement(ctx, node.id, groups)
                 if node.origin == "resource" else None)


def _name_tag(ctx: ImportContext, rid: str) -> str | None:
    for tag in as_list(ctx.t.props(rid).get("Tags")):
        tag = as_dict(tag)
        if tag.get("Key") == "Name":
            return ctx.t.literal(tag.get("Value"))
    return None


def _subnet_values(ctx: ImportContext, props: dict, depth: int = 0) -> list:
    values: list = []
    if depth > 3:
        return values
    for key, value in props.items():
        if key in SUBNET_KEYS:
            values.append(value)
        elif key in SUBNET_GROUP_KEYS:
            for name in refs(value):
                if ctx.t.types.get(name, "").endswith("SubnetGroup"):
                    sub = ctx.t.props(name)
                    values.append(sub.get("SubnetIds") or sub.get("SubnetIDs"))
        elif key in NESTED_KEYS:
            for item in as_list(value):
                if isinstance(item, dict):
                    values += _subnet_values(ctx, item, depth + 1)
    return values


def _placement(ctx: ImportContext, rid: str, groups: dict[str, Group]) -> str | None:
    t = ctx.t
    values = _subnet_values(ctx, t.props(rid))
    if t.types.get(rid) == "AWS::EFS::FileSystem":
        for other in t.of_type("AWS::EFS::MountTarget"):
            if ref_target(t.props(other).get("FileSystemId")) == rid:
                values.append(t.props(other).get("SubnetId"))
    if t.types.get(rid) == "AWS::EC2::InternetGateway":
        for other in t.of_type("AWS::EC2::VPCGatewayAttachment"):
            if ref_target(t.props(other).get("InternetGatewayId")) == rid:
                vpc = ref_target(t.props(other).get("VpcId"))
                if vpc in groups:
                    return vpc
    names = [n for v in values for n in refs(v)]
    subnets = [n for n in dict.fromkeys(names) if n in groups and groups[n].kind == "subnet"]
    if subnets:
        if len(subnets) == 1:
            return subnets[0]
        parents = {groups[s].parent for s in subnets}
        return parents.pop() if len(parents) == 1 and None not in parents else subnets[0]
    params = [n for n in names if t.is_parameter(n)]
    if params:
        gid = params[0]
        if gid not in groups:
            groups[gid] = Group(gid, "vpc", f"VPC (subnets: {gid})", None,
                                t.location(("Parameters", gid), key=True), {"external": True})
        return gid
    vpc = ref_target(t.props(rid).get("VpcId"))
    if vpc in groups and groups[vpc].kind == "vpc":
        return vpc
    return None


def _public(ctx: ImportContext, subnet: str) -> bool | None:
    """True when the subnet's route table routes to an internet gateway; False when it has a
    route table without one; None when the template does not say."""
    t = ctx.t
    tables = [ref_target(t.props(a).get("RouteTableId"))
              for a in t.of_type("AWS::EC2::SubnetRouteTableAssociation")
              if ref_target(t.props(a).get("SubnetId")) == subnet]
    tables = [x for x in tables if x]
    if not tables:
        flag = t.boolean(t.props(subnet).get("MapPublicIpOnLaunch"))
        return True if flag else None
    for route in t.of_type("AWS::EC2::Route"):
        props = t.props(route)
        if ref_target(props.get("RouteTableId")) in tables:
            gateway = ref_target(props.get("GatewayId"))
            if t.types.get(gateway) == "AWS::EC2::InternetGateway":
                return True
    return False
