"""Rules about debugging and monitoring across functions."""
from __future__ import annotations

from ..context import FUNCTION, join_names
from ..rule import Rule

TRACING = "tracing"
TRACED = "active"


class UntracedFunctionFlow(Rule):
    id = "I7001"
    title = "Several functions in one flow without tracing"
    description = (
        "Once a request crosses several functions (directly or through queues, topics and "
        "buses), logs of one function no longer explain a failure: this is the article's "
        "debugging trade-off of serverless. The rule fires when two or more functions of one "
        "flow (components joined by connections other than reads, through components that lead on) have no "
        "active tracing; turn on `tracing: active` (X-Ray) and use correlation ids in "
        "structured logs.")
    source = "article-tradeoffs"

    def check(self, ctx):
        fn_ids = {fn.id for fn in ctx.functions}
        untraced = {fn.id for fn in ctx.functions if ctx.setting(fn, TRACING) != TRACED}
        if len(untraced) < 2:
            return
        flows = _flows(ctx)
        groups: dict = {}
        for fid in sorted(untraced, key=ctx.order.get):
            groups.setdefault(flows.find(fid), []).append(fid)
        sizes: dict = {}
        for f in fn_ids:
            root = flows.find(f)
            sizes[root] = sizes.get(root, 0) + 1
        for members in sorted(groups.values(), key=lambda m: ctx.order[m[0]]):
            if len(members) < 2:
                continue
            total = sizes[flows.find(members[0])]
            first = ctx.component(members[0])
            yield self.finding(
                f"{len(members)} of the {total} functions in the flow of {first.id} have no "
                f"active tracing ({join_names(members, 6)}): a request crossing them is hard to "
                "follow; set tracing: active and log a correlation id",
                ctx.where(first, TRACING), component=first.id)


class UntracedFunction(Rule):
    id = "I7002"
    title = "Function without active tracing"
    description = (
        "Without active tracing a function's share of a request (cold start, calls to other "
        "services, errors) is invisible in AWS X-Ray, even when it is the only function of "
        "its flow. Set `tracing: active` (SAM/CloudFormation `Tracing: Active` or "
        "`TracingConfig`, also in `Globals`). Functions that I7001 already reports as part of "
        "an untraced flow are not repeated here. Checked on templates (serverless-rules "
        "WS1000); enable it for specs with `lint: {enable: [I7002]}`.")
    source = "lambda-tracing"
    scope = "template"

    def check(self, ctx):
        untraced = [fn for fn in ctx.defined(FUNCTION) if ctx.setting(fn, TRACING) != TRACED
                    and (TRACING in fn.settings or TRACING not in fn.field_locations)]
        if not untraced:
            return
        flows = _flows(ctx)
        per_flow: dict = {}
        for fn in ctx.functions:
            if ctx.setting(fn, TRACING) != TRACED:
                root = flows.find(fn.id)
                per_flow[root] = per_flow.get(root, 0) + 1
        for fn in untraced:
            if per_flow.get(flows.find(fn.id), 0) >= 2:
                continue  # I7001 names it with the rest of its flow
            yield self.finding(f"{fn.id} has no active tracing: set tracing: active to see its "
                               "part of each request in X-Ray",
                               ctx.where(fn, TRACING), component=fn.id)


TRACED_SERVICES = {"api-gateway": "apigw-xray", "appsync": "appsync-xray",
                   "step-functions": "sfn-xray"}
"""Services with an X-Ray switch of their own (a ``tracing`` boolean in the KB)."""


class UntracedService(Rule):
    id = "I7003"
    title = "REST API, GraphQL API or state machine without tracing"
    description = (
        "A request that enters through a REST API or AppSync, or runs as a Step Functions "
        "execution, shows in X-Ray end to end only if that service traces too; otherwise the "
        "trace starts at the first function and the time spent before it is unaccounted for. "
        "Set `TracingEnabled` on the REST stage, `XrayEnabled` on the AppSync API, "
        "`TracingConfiguration.Enabled` on the state machine (SAM `Tracing: true`); in a "
        "spec, `tracing: true`. HTTP and WebSocket APIs have no X-Ray tracing and are not "
        "checked. Checked on templates (serverless-rules WS2002, WS3000, WS5000); enable it "
        "for specs with `lint: {enable: [I7003]}`.")
    source = "apigw-xray"
    kb_settings = tuple((s, TRACING) for s in TRACED_SERVICES)
    scope = "template"

    def check(self, ctx):
        for service, source in TRACED_SERVICES.items():
            for comp in ctx.defined(service):
                if comp.settings.get(TRACING) is True:
                    continue
                if service == "api-gateway" and ctx.setting(comp, "type") != "rest":
                    continue
                yield self.finding(f"{comp.id} ({ctx.name(service)}) has no X-Ray tracing, so "
                                   "traces start only at what it calls: turn tracing on",
                                   ctx.where(comp, TRACING), component=comp.id, source=source)


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


FLOW_KINDS = ("triggers", "publishes", "writes", "calls", "orchestrates", "accesses")
"""Connection kinds a request may travel along (reads do not carry it on)."""


def _flows(ctx) -> _UnionFind:
    """Components a request can travel between. An edge into a pure sink (a table nothing is
    triggered from, a webhook) does not join the components that write to it."""
    flow = [c for c in ctx.spec.connections if c.kind in FLOW_KINDS]
    onward = {c.source for c in flow}
    fn_ids = {fn.id for fn in ctx.functions}
    uf = _UnionFind()
    for conn in flow:
        if conn.target in onward or conn.target in fn_ids:
            uf.union(conn.source, conn.target)
    return uf
