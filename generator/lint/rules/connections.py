"""Rules about connections against the KB graph (what may trigger what)."""
from __future__ import annotations

from ...spec.fields import EXCLUDED_KINDS
from ..context import DIRECT_CALLERS, FUNCTION
from ..rule import Rule
from ...spec.infer import trigger_modes

_MODE_ORDER = ("sync", "async", "poll")


def short_name(name: str) -> str:
    """A service name without its vendor prefix.

    >>> short_name("Amazon SQS"), short_name("AWS Step Functions"), short_name("NAT gateway")
    ('SQS', 'Step Functions', 'NAT gateway')
    """
    for prefix in ("Amazon ", "AWS "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def trigger_sources(kb, target: str) -> dict[str, list[str]]:
    """What can trigger ``target`` per the KB, by mode (sync, async, poll), names sorted.

    >>> from generator.kb import load_kb
    >>> "SQS" in trigger_sources(load_kb(), "lambda")["poll"]
    True
    """
    by_mode: dict[str, set] = {}
    for u, _, d in kb.relations(dst=target, type="triggers"):
        by_mode.setdefault(d.get("mode") or "other", set()).add(short_name(kb.name(u)))
    order = _MODE_ORDER + tuple(sorted(set(by_mode) - set(_MODE_ORDER)))
    return {m: sorted(by_mode[m], key=str.lower) for m in order if m in by_mode}


class TriggerNotAllowed(Rule):
    id = "E1001"
    title = "A connection says `kind: triggers` but the KB knows no such trigger"
    description = (
        "The spec marks a connection `kind: triggers` (or gives it a `mode:`), but the knowledge "
        "base has no `triggers` relation from the source's service to the target's service (in "
        "that mode), so the source cannot invoke the target that way. The finding names what "
        "can trigger the target instead, or the modes the KB allows; put one of those in "
        "between, fix the mode, or change the kind (`calls`, `writes`, `publishes`). A `mode:` "
        "alone from compute (a function, a container) to a function is a direct SDK invoke and "
        "is not reported.")
    source = "lambda-services"

    def check(self, ctx):
        kb = ctx.kb
        for conn in ctx.spec.connections:
            if conn.kind != "triggers" or not (conn.explicit_kind or "mode" in conn.settings):
                continue
            src, dst = ctx.service_of(conn.source), ctx.service_of(conn.target)
            if src is None or dst is None or dst not in kb.nodes:
                continue
            if ctx.trigger_verdict(conn) in ("ok", "direct"):
                continue
            target = ctx.component(conn.target)
            modes = trigger_modes(kb, src, dst, target.settings if target else None)
            if modes:
                modes = sorted(set(modes), key=_MODE_ORDER.index)
                message = (f"{kb.name(src)} triggers {kb.name(dst)} only in {'/'.join(modes)} "
                           f"mode, not {conn.mode} ({conn.name}); set mode: {modes[0]} or drop "
                           "mode to let the KB decide")
                needs = [d["when_target"] for _, _, d in kb.relations(src=src, dst=dst, type="triggers")
                         if d.get("mode") == conn.mode and d.get("when_target")]
                if needs:
                    wanted = ", ".join(f"{k}: {v}" for k, v in sorted(needs[0].items()))
                    message += f" ({conn.mode} needs {wanted} on {conn.target})"
            else:
                options = trigger_sources(kb, dst)
                if options:
                    listed = "; ".join(f"{mode}: {', '.join(names)}"
                                       for mode, names in options.items())
                    hint = f"what can trigger {kb.name(dst)} instead: {listed}"
                else:
                    hint = f"nothing in the KB triggers {kb.name(dst)}"
                message = (f"{kb.name(src)} cannot trigger {kb.name(dst)} ({conn.name}); {hint}; "
                           "or use another kind (calls, writes, publishes)")
            yield self.finding(message, conn.location, connection=conn.name,
                               component=conn.target)


NETWORK = "networking"
"""Network hops (gateways, endpoints, DNS) forward traffic that code elsewhere sends: a
connection from one is a network path, not something the hop does."""
HTTP_ENDPOINT = "http-endpoint"
UNIVERSAL_TARGET = "generic"
"""A KB relation to ``generic`` (any AWS resource) marks a service whose integrations reach any
AWS API (Step Functions SDK integrations, API Gateway AWS integrations, Scheduler universal
targets): nothing it connects to is impossible."""
def can_reach_anything(kb, service: str) -> bool:
    """Whether ``service`` runs code (compute, containers, an outside HTTP(S) endpoint) or has an
    integration to any AWS API.

    >>> from generator.kb import load_kb
    >>> kb = load_kb()
    >>> can_reach_anything(kb, "lambda"), can_reach_anything(kb, "step-functions"), \\
    ...     can_reach_anything(kb, "sqs")
    (True, True, False)
    """
    if service == HTTP_ENDPOINT or kb.nodes.get(service, {}).get("category") in DIRECT_CALLERS:
        return True  # an HTTP(S) endpoint as a source is someone's code: a client, a partner
    return any(True for _ in kb.relations(src=service, dst=UNIVERSAL_TARGET))


def related(kb, src: str, dst: str) -> bool:
    """Whether the KB relates ``src`` to ``dst``: any relation from one to the other, or a
    knowledge relation (part of, requires, limits...) in either direction."""
    if any(True for _ in kb.relations(src=src, dst=dst)):
        return True
    if kb.nodes.get(dst, {}).get("category") == "api" and related(kb, src, HTTP_ENDPOINT):
        return True  # what delivers to any HTTPS endpoint delivers to an API's endpoint too
    return any(d["type"] in EXCLUDED_KINDS for _, _, d in kb.relations(src=dst, dst=src))


def ways_between(kb, src: str, dst: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` KB paths from one service to another, as ``A -> B -> C`` with short
    names, shortest first (what ``archkb path`` answers).

    >>> from generator.kb import load_kb
    >>> "SQS -> EventBridge Pipes -> Step Functions" in ways_between(load_kb(), "sqs", "step-functions")
    True
    """
    from ...graph.queries import path

    found = path(kb, src, dst, limit=limit, max_hops=3)["results"]
    found = [r for r in found if r["hops"] <= found[0]["hops"] + 1]  # not much longer detours
    return [" -> ".join(short_name(kb.name(hop)) for hop in r["path"]) for r in found]


class ImpossibleConnection(Rule):
    id = "W1004"
    title = "A connection between services the KB cannot connect directly"
    description = (
        "The connection has no `kind:`, and the knowledge base has no relation from the "
        "source's service to the target's, so the connection is drawn with a guessed kind "
        "(`calls`, `writes` or `publishes`) although the source cannot do that: SQS cannot call "
        "a state machine, S3 cannot write to a table. The finding names the ways that do connect "
        "the two (the paths `archkb path` finds): put the missing component in between (often "
        "EventBridge Pipes or a function), or write `kind:` if the connection is really meant. "
        "Sources that run code (functions, containers), reach any AWS API (Step Functions SDK "
        "integrations, API Gateway AWS integrations, Scheduler universal targets) or only carry "
        "network traffic (gateways, endpoints) are not reported.")
    source = "lambda-services"

    def check(self, ctx):
        kb, ways = ctx.kb, {}
        for conn in ctx.spec.connections:
            if conn.explicit_kind or "mode" in conn.settings or conn.source == conn.target:
                continue
            src, dst = ctx.service_of(conn.source), ctx.service_of(conn.target)
            if src is None or dst is None or UNIVERSAL_TARGET in (src, dst) \
                    or src not in kb.nodes or dst not in kb.nodes:
                continue
            if kb.nodes[src].get("category") == NETWORK or can_reach_anything(kb, src) \
                    or related(kb, src, dst):
                continue
            if (src, dst) not in ways:
                ways[(src, dst)] = ways_between(kb, src, dst)
            found = ways[(src, dst)]
            how = (f"ways that connect them: {'; '.join(found)}" if found
                   else "no path in the KB connects them either (check the direction)")
            yield self.finding(
                f"{ctx.label(conn.source)} -> {ctx.label(conn.target)} is drawn as "
                f"'{conn.kind}', but the KB knows no way for {short_name(kb.name(src))} to reach "
                f"{short_name(kb.name(dst))} directly; {how}; put the missing component in "
                "between, or write kind: if this connection is what you mean",
                conn.location, connection=conn.name, component=conn.source)


class SelfInvocation(Rule):
    id = "W1005"
    title = "A function connected to itself (recursion candidate)"
    description = (
        "A connection from a function to the same function means the function invokes itself. "
        "Recursion in Lambda is easy to start and hard to stop: every level is a billed "
        "invocation that holds concurrency, and a missing stop condition runs until the "
        "function's concurrency or your budget runs out. Make sure the recursion ends (a depth "
        "counter in the payload), cap it with reserved concurrency, or move the iteration into "
        "a Step Functions workflow or a queue with a bounded retry.")
    source = "lambda-recursion"

    def check(self, ctx):
        for conn in ctx.spec.connections:
            if conn.source != conn.target or ctx.service_of(conn.source) != FUNCTION:
                continue
            yield self.finding(
                f"{ctx.label(conn.source)} invokes itself ({conn.name}): a recursion candidate, "
                "each level billed and holding concurrency; make sure it stops (a depth counter "
                "in the payload), cap it with reserved concurrency, or iterate in Step Functions",
                conn.location, connection=conn.name, component=conn.source)
