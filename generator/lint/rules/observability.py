"""Rules about debugging and monitoring across functions."""
from __future__ import annotations

from ..context import join_names
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
