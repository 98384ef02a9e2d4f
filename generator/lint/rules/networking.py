"""Rules about functions attached to a VPC."""
from __future__ import annotations

from ..context import join_names
from ..rule import Rule

NAT = "nat-gateway"
ENDPOINT = "vpc-endpoint"
INTERNET_SERVICES = ("http-endpoint",)
"""KB ids of targets on the public internet (a VPC endpoint does not reach them)."""
NETWORK_CATEGORY = "networking"


class VpcFunctionWithoutEgress(Rule):
    id = "W5001"
    title = "Function in a VPC reaches outside it with no NAT gateway or VPC endpoint"
    description = (
        "A function attached to a VPC reaches only what that VPC can reach: its network "
        "interfaces never get public IPs. To call the internet or public AWS endpoints "
        "(DynamoDB, S3, SQS, SNS...) the VPC needs a NAT gateway (in a public subnet), or VPC "
        "endpoints for the AWS services; otherwise those calls time out. Put the NAT gateway or "
        "endpoint in the spec inside the function's VPC group (an endpoint connected to "
        "services covers those services; an unconnected one is taken to cover any AWS "
        "service), or take the function out of the VPC if it needs no private resource. A "
        "VPC group marked `external: true` (defined elsewhere, e.g. subnets passed in as "
        "template parameters) is not checked: its NAT gateways and endpoints are not shown.")
    source = "lambda-vpc-internet"

    def check(self, ctx):
        vpc_fns = [(fn, ctx.vpc_of(fn)) for fn in ctx.functions]
        vpc_fns = [(fn, vpc) for fn, vpc in vpc_fns
                   if vpc is not None and ctx.spec.groups[vpc].settings.get("external") is not True]
        if not vpc_fns:
            return
        nat_vpcs, endpoints = set(), {}
        for comp in ctx.spec.components.values():
            if comp.service == NAT:
                nat_vpcs.add(ctx.vpc_of(comp))
            elif comp.service == ENDPOINT:
                endpoints.setdefault(ctx.vpc_of(comp), []).append(comp)
        coverage: dict = {}
        for fn, vpc in vpc_fns:
            if vpc in nat_vpcs:
                continue
            if vpc not in coverage:
                coverage[vpc] = _endpoint_coverage(ctx, endpoints.get(vpc, []))
            covers = coverage[vpc]
            outside, inside = [], False
            for conn in ctx.outgoing.get(fn.id, ()):
                target = ctx.component(conn.target)
                if target is None or target.id == fn.id:
                    continue
                if ctx.vpc_of(target) is not None:
                    inside = inside or ctx.vpc_of(target) == vpc
                    continue
                node = ctx.kb.nodes.get(target.service, {})
                if node.get("category") == NETWORK_CATEGORY:
                    continue
                internet = target.service in INTERNET_SERVICES
                if not internet and (covers is True or target.service in (covers or ())):
                    continue
                if target not in outside:
                    outside.append(target)
            wants_internet = fn.settings.get("internet_access") is True
            if not outside and not wants_internet:
                continue
            reach = [ctx.label(t.id) for t in outside]
            if wants_internet:
                reach.insert(0, "the internet (internet_access: true)")
            nat, vpce = ctx.name(NAT), ctx.name(ENDPOINT)
            internet = wants_internet or any(t.service in INTERNET_SERVICES for t in outside)
            if internet:
                missing = f"no {nat}"
                fix = f"add a {nat} (in a public subnet) to {vpc}"
            else:
                services = sorted({ctx.name(t.service) for t in outside})
                missing = f"no {nat} or {vpce} for them"
                fix = f"add {vpce}s for {join_names(services)} to {vpc}, or a {nat}"
            if not inside:
                fix += f", or take {fn.id} out of the VPC"
            yield self.finding(
                f"{fn.id} runs in VPC {vpc} and reaches {join_names(reach, 5)}, but {vpc} has "
                f"{missing}, so those calls time out: {fix}",
                ctx.where(fn, "internet_access") if wants_internet and not outside
                else fn.location, component=fn.id)


def _endpoint_coverage(ctx, endpoints) -> bool | set:
    """True when an endpoint with no connections stands for any AWS service, else the set of
    services the endpoints are connected to (empty when there is none)."""
    covered: set = set()
    for ep in endpoints:
        linked = [c.target for c in ctx.outgoing.get(ep.id, ())] + \
                 [c.source for c in ctx.incoming.get(ep.id, ())]
        services = {ctx.service_of(x) for x in linked} - {None, ctx.service_of(ep.id)}
        services = {s for s in services
                    if ctx.kb.nodes.get(s, {}).get("category") != NETWORK_CATEGORY}
        if not services:
            return True
        covered |= services
    return covered
