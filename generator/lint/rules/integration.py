"""Rules about how components invoke functions: timeouts, retries, failures, loops, chains."""
from __future__ import annotations

from ..context import FUNCTION, is_number, join_names
from ..graphs import shortest_cycle, strongly_connected
from ..rule import Rule
from ...numbers import format_number as _fmt

CALLER_TIMEOUT_LIMITS = ("integration-timeout-{type}", "integration-timeout", "trigger-timeout",
                         "lambda-timeout-sync")
"""KB limit ids, tried in order, that bound how long a synchronous caller waits."""
CALLER_TIMEOUT_SETTINGS = ("integration_timeout",)
"""Caller settings that override the KB limit when the spec writes them."""
_TO_SECONDS = {"s": 1, "ms": 0.001, "min": 60}


def caller_wait(ctx, caller) -> tuple[float, str, str | None] | None:
    """How long a synchronous caller waits: (seconds, what sets it, source), or None if unknown."""
    svc = caller.service
    if svc == FUNCTION:
        t = ctx.number(caller, "timeout")
        return (t, f"the timeout of {caller.id}",
                ctx.kb.settings(FUNCTION)["timeout"].get("source")) if t is not None else None
    settings = ctx.kb.settings(svc) if svc in ctx.kb.nodes else {}
    for name in CALLER_TIMEOUT_SETTINGS:
        value = caller.settings.get(name)
        if name in settings and is_number(value):
            unit = _TO_SECONDS.get(settings[name].get("unit", "s"), 1)
            return value * unit, f"{name} of {caller.id}", settings[name].get("source")
    variant = ctx.setting(caller, "type")
    for pattern in CALLER_TIMEOUT_LIMITS:
        if "{type}" in pattern and not isinstance(variant, str):
            continue
        limit_id = pattern.format(type=str(variant).lower())
        try:
            limit = ctx.kb.limit(svc, limit_id)
        except KeyError:
            continue
        if is_number(limit["value"]) and limit.get("unit", "s") in _TO_SECONDS:
            what = f"{ctx.name(svc)} {limit['name'][0].lower() + limit['name'][1:]}"
            return limit["value"] * _TO_SECONDS[limit.get("unit", "s")], what, limit.get("source")
    return None


class SyncCallerTimeoutShorter(Rule):
    id = "W4001"
    title = "Synchronous caller gives up before the function's timeout"
    description = (
        "A synchronous caller (API Gateway integration, Cognito or Connect trigger, another "
        "function...) waits only so long. When the function's timeout is longer, the caller "
        "times out first: the client gets an error (API Gateway returns 504) while the function "
        "keeps running and is billed. Lower the function timeout below the caller's limit, or "
        "make the work asynchronous (queue it, or run a Step Functions workflow).")
    source = "apigw-rest-quotas"
    kb_limits = (("api-gateway", "integration-timeout-rest"),
                 ("api-gateway", "integration-timeout-http"),
                 ("api-gateway", "integration-timeout-websocket"),
                 ("cognito", "trigger-timeout"), ("connect", "lambda-timeout-sync"))
    kb_settings = ((FUNCTION, "timeout"), ("api-gateway", "type"),
                   ("api-gateway", "integration_timeout"))

    def check(self, ctx):
        for fn in ctx.functions:
            timeout = ctx.number(fn, "timeout")
            if timeout is None:
                continue
            for conn in ctx.incoming.get(fn.id, ()):
                caller = ctx.component(conn.source)
                if caller is None or not _is_sync_call(ctx, conn) or caller.id == fn.id:
                    continue
                wait = caller_wait(ctx, caller)
                if wait is None or wait[0] >= timeout:
                    continue
                seconds, what, source = wait
                yield self.finding(
                    f"{caller.id} calls {fn.id} synchronously but gives up after {_fmt(seconds)} s "
                    f"({what}), before the {_fmt(timeout)} s timeout of {fn.id}: lower that timeout "
                    f"to at most {_fmt(seconds)} s or make the work asynchronous",
                    conn.location, component=fn.id, connection=conn.name, source=source)


class QueueVisibilityTooShort(Rule):
    id = "W4002"
    title = "Queue visibility timeout too short for the function timeout"
    description = (
        "When Lambda polls a queue, a batch stays invisible only for the queue's visibility "
        "timeout. If the function (with retries of throttled batches) runs longer, the messages "
        "reappear and are processed twice. Set the visibility timeout to at least the KB's "
        "recommended multiple of the function timeout, plus the batching window.")
    source = "lambda-with-sqs"
    kb_limits = (("sqs", "visibility-timeout-to-function-timeout"),)
    kb_settings = (("sqs", "visibility_timeout"), (FUNCTION, "timeout"))
    RATIO_LIMIT = "visibility-timeout-to-function-timeout"

    def check(self, ctx):
        for fn in ctx.functions:
            timeout = ctx.number(fn, "timeout")
            if timeout is None:
                continue
            for conn in ctx.incoming.get(fn.id, ()):
                queue = ctx.component(conn.source)
                if queue is None or ctx.mode_of(conn) != "poll":
                    continue
                ratio = ctx.limit(queue.service, self.RATIO_LIMIT)
                visibility = ctx.number(queue, "visibility_timeout")
                if not is_number(ratio) or visibility is None:
                    continue
                window = _batching_window(conn)
                needed = ratio * timeout + window
                if visibility >= needed:
                    continue
                plus = f" + {_fmt(window)} s batching window" if window else ""
                written = "visibility_timeout" in queue.settings
                shown = "" if written else " (the default)"
                yield self.finding(
                    f"visibility_timeout of {queue.id} is {_fmt(visibility)} s{shown}, under "
                    f"{_fmt(ratio)} x the {_fmt(timeout)} s timeout of {fn.id}{plus}: set it to at "
                    f"least {_fmt(needed)} s so batches being retried are not received twice",
                    ctx.where(queue, "visibility_timeout") if written else conn.location,
                    component=queue.id, connection=conn.name,
                    source=ctx.limit_source(queue.service, self.RATIO_LIMIT))


BATCHING_WINDOW = "batching_window"
"""The connection setting (event source mapping) that adds to the time a batch is held."""


def _batching_window(conn) -> float:
    value = conn.settings.get(BATCHING_WINDOW)
    return value if is_number(value) else 0


FAILURE_VIAS = ("destination", "dead-letter-queue")
"""Connection ``via`` values that send a function's failed events somewhere."""
QUEUE_FAILURE_SETTINGS = ("dead_letter",)
"""Source settings that give a polled source its own dead-letter queue (SQS redrive)."""
FUNCTION_FAILURE_SETTINGS = ("on_failure",)
"""Function (and connection) settings naming where failed events go."""


class NoFailureDestination(Rule):
    id = "W4003"
    title = "Asynchronous or polled function with no failure destination"
    description = (
        "Events that reach a function asynchronously (S3, SNS, EventBridge...) or through an "
        "event source mapping (SQS, Kinesis, DynamoDB Streams...) are retried and then dropped "
        "(or, for streams, block the shard) unless a failure destination or dead-letter queue "
        "keeps them. Set `on_failure` on the function (or `dead_letter` on an SQS source). "
        "Functions that are only called synchronously return errors to their caller and are "
        "not flagged, nor are CloudFormation custom resources: a failed invocation fails (or "
        "times out) the stack operation, which is where the failure shows.")
    source = "lambda-destinations"

    def check(self, ctx):
        for fn in ctx.functions:
            if any(fn.settings.get(s) for s in FUNCTION_FAILURE_SETTINGS):
                continue
            if any(_fails_to(c) for c in ctx.outgoing.get(fn.id, ())):
                continue
            uncovered = [c for c in ctx.incoming.get(fn.id, ())
                         if ctx.mode_of(c) in ("async", "poll") and c.via not in REPORTED_VIAS
                         and not _covered(ctx, c)]
            if not uncovered:
                continue
            parts = [f"{c.source} ({c.mode})" for c in uncovered]
            fixes = []
            if any(c.mode == "async" for c in uncovered):
                fixes.append(f"on_failure: <queue or topic id> on {fn.id}")
            for c in uncovered:
                if c.mode != "poll":
                    continue
                if _has_queue_dlq_setting(ctx, c.source):
                    fixes.append(f"dead_letter: <queue id> on {c.source}")
                else:
                    fixes.append(f"on_failure: <queue or topic id> on the {c.name} connection")
            yield self.finding(
                f"{fn.id} is invoked by {join_names(parts)} with no failure destination or "
                f"dead-letter queue, so events that keep failing are lost: set "
                f"{join_names(fixes, conj='or' if len(fixes) == 1 else 'and')}",
                fn.location, component=fn.id)


REPORTED_VIAS = ("custom-resource",)
"""Asynchronous deliveries whose caller learns of the failure anyway (the stack operation of a
CloudFormation custom resource fails or times out), so a failure destination adds little."""


def _has_queue_dlq_setting(ctx, component_id: str) -> bool:
    service = ctx.service_of(component_id)
    if service not in ctx.kb.nodes:
        return False
    return any(s in ctx.kb.settings(service) for s in QUEUE_FAILURE_SETTINGS)


def _covered(ctx, conn) -> bool:
    if any(conn.settings.get(s) for s in FUNCTION_FAILURE_SETTINGS + QUEUE_FAILURE_SETTINGS):
        return True
    if conn.mode != "poll":
        return False
    source = ctx.component(conn.source)
    if source is None:
        return False
    if any(source.settings.get(s) for s in QUEUE_FAILURE_SETTINGS):
        return True
    return any(_fails_to(c) or c.via == "redrive" for c in ctx.outgoing.get(source.id, ()))


FAILS_TO = "fails_to"
"""The relation kind of a failure path (DLQ, redrive, on-failure destination) in the KB."""


def _fails_to(conn) -> bool:
    """A connection that carries failures: kind ``fails_to``, or (as imports and older specs
    write it) a destination or dead-letter-queue delivery."""
    return conn.kind == FAILS_TO or conn.via in FAILURE_VIAS


LOOP_KINDS = ("triggers", "writes", "publishes", "calls", "orchestrates", "accesses", "fails_to")
"""Connection kinds along which one component can make another one run: reads never do;
``accesses`` (read or write, what the KB infers for a function and a bucket or table) may; a
failure path (redrive to a dead-letter queue) invokes nothing but carries the message on."""


class RecursiveLoop(Rule):
    id = "W4004"
    title = "Recursive loop through a function"
    description = (
        "A function that writes to the bucket, queue or topic that triggers it (directly or "
        "through other components) can invoke itself without end, and every turn is billed. "
        "Lambda stops some loops between Lambda, SQS, SNS and S3 after a number of turns, not "
        "all. Write to a different resource, or filter the trigger (prefix, attribute; "
        "`filters:` on the connection) so the function's own output does not trigger it. "
        "Only loops that re-enter a function asynchronously or by polling count: a synchronous "
        "trigger returns to its caller (a function posting to the connections of the "
        "WebSocket API that invoked it reaches clients, not itself).")
    source = "lambda-recursion"

    def check(self, ctx):
        succ: dict[str, list[str]] = {}
        first: dict[tuple, object] = {}
        for conn in ctx.spec.connections:
            if conn.settings.get("filters"):
                continue  # a filtered trigger is how a loop is broken on purpose
            if conn.kind in LOOP_KINDS and conn.source in ctx.spec.components \
                    and conn.target in ctx.spec.components:
                if (conn.source, conn.target) not in first:
                    first[(conn.source, conn.target)] = conn
                    succ.setdefault(conn.source, []).append(conn.target)
        fn_ids = {fn.id for fn in ctx.functions}
        for (a, b), conn in list(first.items()):
            if b in fn_ids and conn.kind == "triggers" and ctx.mode_of(conn) == "sync":
                succ[a].remove(b)
                del first[(a, b)]
        cycles = []
        for scc in strongly_connected(list(succ), succ):
            only = next(iter(scc))
            if len(scc) == 1 and only not in succ.get(only, ()):
                continue
            funcs = sorted(scc & fn_ids, key=ctx.order.get)
            if funcs:
                cycles.append(shortest_cycle(succ, funcs[0], scc))
        for cycle in sorted(cycles, key=lambda c: ctx.order[c[0]]):
            ring = cycle + [cycle[0]]
            conn = first[(ring[0], ring[1])]
            unsure = [first[(a, b)].name for a, b in zip(ring, ring[1:])
                      if first[(a, b)].kind == "accesses"]
            hint = (f" (if {join_names(unsure)} only read{'s' if len(unsure) == 1 else ''}, "
                    "mark it kind: reads)") if unsure else ""
            yield self.finding(
                f"recursive loop {_ring_text(ring)}: {cycle[0]} feeds what triggers it again, "
                "each turn billed; write to another resource or filter the trigger (filters:) so "
                f"its own output does not fire it{hint}",
                conn.location, component=cycle[0], connection=conn.name)


def _ring_text(ring: list[str]) -> str:
    """A loop for a message; long loops keep their ends.

    >>> _ring_text(["a", "b", "a"])
    'a -> b -> a'
    >>> _ring_text([f"n{i}" for i in range(30)] + ["n0"])
    'n0 -> n1 -> n2 -> n3 -> n4 -> ... -> n28 -> n29 -> n0 (30 components)'
    """
    if len(ring) <= CHAIN_SHOWN + 1:
        return " -> ".join(ring)
    return " -> ".join(ring[:5] + ["..."] + ring[-3:]) + f" ({len(ring) - 1} components)"


class SyncFunctionChain(Rule):
    id = "W4005"
    title = "Function calls another function synchronously"
    description = (
        "When one function invokes another and waits, the caller is billed for the wait, its "
        "timeout must cover the callee's, errors and throttles cascade, and concurrency is used "
        "twice. Chains of such calls multiply this. Let the caller finish and hand over "
        "asynchronously (queue, topic, event bus, or an async invoke), or orchestrate the steps "
        "with Step Functions. Callers marked `durable: true` are skipped: a durable function "
        "that invokes another one is suspended, not billed, while it waits.")
    source = "lambda-best-practices"
    kb_settings = ((FUNCTION, "durable"),)

    def check(self, ctx):
        fn_ids = {fn.id for fn in ctx.functions}
        waiting = {fn.id for fn in ctx.functions if ctx.setting(fn, "durable") is not True}
        nxt: dict[str, list] = {}
        prev: dict[str, list] = {}
        edges = []
        for conn in ctx.spec.connections:
            if conn.source in waiting and conn.target in fn_ids and conn.source != conn.target \
                    and _is_sync_call(ctx, conn):
                edges.append(conn)
                nxt.setdefault(conn.source, []).append(conn.target)
                prev.setdefault(conn.target, []).append(conn.source)
        for conn in edges:
            chain = _walk(prev, conn.source, {conn.source, conn.target})[::-1] + \
                [conn.source, conn.target] + _walk(nxt, conn.target, {conn.source, conn.target})
            shown = " -> ".join(chain)
            count = f"{len(chain) - chain.count('...')}+" if "..." in chain else str(len(chain))
            length = f" (a chain of {count} functions: {shown})" if len(chain) > 2 else ""
            yield self.finding(
                f"{conn.source} invokes {conn.target} synchronously and waits, billed for both"
                f"{length}; hand over asynchronously (queue, topic, event bus) or orchestrate "
                "with Step Functions", conn.location, component=conn.source,
                connection=conn.name)


def _is_sync_call(ctx, conn) -> bool:
    """A trigger the KB allows in sync mode, or a direct call (``calls`` waits for the answer)."""
    if conn.kind == "triggers":
        return ctx.mode_of(conn) == "sync"
    return conn.kind == "calls" and conn.mode in (None, "sync")


CHAIN_SHOWN = 12
"""How far a chain is followed each way for the message (the finding itself is per call)."""


def _walk(links: dict, start: str, seen: set) -> list[str]:
    """Follow the first unvisited link from ``start`` until none is left (at most CHAIN_SHOWN
    steps; a longer chain ends with ``...``)."""
    out, node = [], start
    while True:
        step = next((n for n in links.get(node, ()) if n not in seen), None)
        if step is None:
            return out
        if len(out) == CHAIN_SHOWN:
            return out + ["..."]
        seen.add(step)
        out.append(step)
        node = step
