"""The estimated monthly cost of a whole architecture, by component, from the prices in the KB
(``prices:`` on each service node) and a workload (the spec's ``workload:`` block, or values
given on the command line).

Every request entering the architecture is assumed to pass once through each component,
unless the component's own workload entry says otherwise; data stores are charged for the
requests of the components that read or write them. Each estimator below lists, in
``assumptions``, what it takes for granted. Free tiers are not subtracted (most are per
account, not per component); the prices used are listed with their sources.

>>> from generator.kb import load_kb
>>> from generator.spec import load_any_text
>>> kb = load_kb()
>>> spec = load_any_text("archkb: 1\\ncomponents: {q: {service: sqs}}\\n"
...                      "workload: {requests_per_month: 2M}\\n", "s.yaml", kb)
>>> c = architecture_cost(spec, kb)
>>> c["components"][0]["lines"][0]["quantity"], c["total_usd"]
(6000000, 2.4)
"""
from __future__ import annotations

from ..errors import InputError
from ..graph import cost as lambda_costs
from ..graph.cost import HOURS_PER_MONTH, unit_quantity

FAILURE_VIA = ("redrive", "on-failure")
"""Connections that only carry failed events (besides the ``fails_to`` kind)."""
WRITES = ("writes", "accesses")
READS = ("reads", "accesses")


class _Estimate:
    """The lines of one component, and what it could not price."""

    def __init__(self, ctx, comp):
        self.ctx, self.comp = ctx, comp
        self.lines: list[dict] = []
        self.missing: list[str] = []
        self.note: str | None = None

    def need(self, key: str):
        value = self.ctx.value(self.comp.id, key)
        if value is None and key not in self.missing:
            self.missing.append(key)
        return value

    def charge(self, price_id: str, quantity: float, what: str, node: str | None = None) -> None:
        price = self.ctx.price(node or self.comp.service, price_id)
        rate = price["usd"] / unit_quantity(price["unit"])
        self.lines.append({"item": what, "quantity": quantity, "unit": price["unit"],
                           "price": price["id"], "rate_usd": price["usd"],
                           "usd": round(quantity * rate, 6), "source": price["source"]})


_COMPONENT_KEYS = {"duration_s": "duration"}
"""Cost keys -> the names a component's ``workload:`` keeps them under."""


class _Context:
    def __init__(self, spec, kb, overrides: dict):
        self.spec, self.kb = spec, kb
        self.base = {k: v for k, v in spec.workload.items() if k != "components"}
        self.base.update({k: v for k, v in overrides.items() if v is not None})
        self.per = spec.workload.get("components", {})
        self.assumptions: list[str] = []
        self.used: dict[tuple, dict] = {}
        self.failure_only = self._failure_only()
        if self.failure_only:
            self.assume("Dead-letter queues and failure destinations receive no messages "
                        f"({', '.join(sorted(self.failure_only))}).")

    def value(self, cid: str, key: str):
        own = self.per.get(cid, {})
        if key in own:
            return own[key]
        comp = self.spec.components.get(cid)
        written = comp.workload.get(_COMPONENT_KEYS.get(key, key)) if comp is not None else None
        if written is not None:  # the component's own workload: (what recommend --spec reads)
            return written
        if key == "requests_per_month" and cid in self.failure_only:
            return 0
        return self.base.get(key)

    def _failure_only(self) -> set:
        """Components reached only by failure paths (dead-letter queues, on-failure
        destinations): they see no traffic unless the workload says otherwise."""
        named = {v for c in self.spec.components.values()
                 for k, v in c.settings.items() if k in ("dead_letter", "on_failure")}
        named |= {c.settings.get("on_failure") for c in self.spec.connections}
        out = set()
        for cid in self.spec.components:
            incoming = self.spec.incoming(cid)
            if incoming and all(c.kind == "fails_to" or c.via in FAILURE_VIA
                                or c.settings.get("on_failure") == cid for c in incoming):
                out.add(cid)
            elif cid in named and not incoming:
                out.add(cid)
        return out

    def price(self, node: str, price_id: str) -> dict:
        for item in self.kb.nodes.get(node, {}).get("prices", []):
            if item["id"] == price_id:
                self.used[(node, price_id)] = item
                return item
        raise InputError(f"the KB has no price {price_id!r} on {node} (needed for the cost)")

    def setting(self, comp, name: str):
        if name in comp.settings:
            return comp.settings[name]
        return self.kb.settings(comp.service).get(name, {}).get("default")

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    def traffic(self, comp, kinds) -> tuple[float, list[str]]:
        """Requests a month of the components that reach ``comp`` by connections of
        ``kinds`` (None where a caller's requests are unknown), and their ids."""
        total, ids = 0.0, []
        for conn in self.spec.incoming(comp.id):
            if conn.kind in kinds:
                requests = self.value(conn.source, "requests_per_month")
                if requests is None:
                    return None, []
                total += requests
                ids.append(conn.source)
        return total, ids


def _lambda(e: _Estimate) -> None:
    requests, duration = e.need("requests_per_month"), e.need("duration_s")
    if requests is None or duration is None:
        return
    memory = e.ctx.setting(e.comp, "memory")
    arch = e.ctx.setting(e.comp, "architecture") or "x86_64"
    level = e.comp.settings.get("provisioned_concurrency")
    if level:
        pc = lambda_costs.provisioned_cost(e.ctx.kb, level, memory, None, int(requests), duration)
        for key, what, price in (("configured_usd", f"provisioned concurrency {level} x "
                                  f"{memory} MB all month", "provisioned-concurrency"),
                                 ("duration_usd", "duration on provisioned concurrency",
                                  "provisioned-duration"),
                                 ("spillover_usd", "duration beyond it (on demand)", None),
                                 ("requests_usd", "requests", "requests")):
            price_id = price or lambda_costs.duration_tiers(e.ctx.kb, pc["architecture"])[0]["id"]
            item = e.ctx.price("lambda", price_id)
            e.lines.append({"item": what, "quantity": None, "unit": item["unit"],
                            "price": price_id, "rate_usd": item["usd"], "usd": pc[key],
                            "source": item["source"]})
        e.ctx.assume("Provisioned concurrency is on all month at the configured level.")
        return
    e.charge("requests", requests, "requests", "lambda")
    gb_s = lambda_costs.gb_seconds(int(requests), duration, memory)
    tiers = lambda_costs.duration_tiers(e.ctx.kb, arch)
    whole = lambda_costs.lambda_cost(e.ctx.kb, int(requests), duration, memory)[arch]
    e.charge(tiers[0]["id"], gb_s, f"duration ({memory} MB, {arch}, "
             f"{lambda_costs.billed_seconds(duration) * 1000:g} ms)", "lambda")
    # the volume tiers: what the whole month costs beyond the first tier's rate
    e.lines[-1]["usd"] = round(whole["without_free_tier_usd"] - e.lines[-2]["usd"], 6)
    e.ctx.assume("Lambda duration is the workload's average run time, billed per 1 ms, at "
                 "each function's memory and architecture (KB defaults when the spec gives "
                 "none).")


def _api_gateway(e: _Estimate) -> None:
    kind = e.ctx.setting(e.comp, "type") or "rest"
    if kind not in ("rest", "http"):
        e.note = f"{kind} APIs are priced per message and connection minute: not estimated"
        return
    requests = e.need("requests_per_month")
    if requests is not None:
        e.charge(f"{kind}-requests", requests, f"{kind.upper()} API requests")


def _sqs(e: _Estimate) -> None:
    messages = e.need("requests_per_month")
    if messages is None:
        return
    price = "requests-fifo" if e.comp.settings.get("fifo") else "requests-standard"
    e.charge(price, 3 * messages, f"{messages:,.0f} messages x 3 requests")
    e.ctx.assume("SQS: each message costs 3 requests (send, receive, delete), payloads under "
                 "64 KB, no batching; empty receives while polling are not counted.")


def _per_request(price_id: str, what: str):
    def estimate(e: _Estimate) -> None:
        requests = e.need("requests_per_month")
        if requests is not None:
            e.charge(price_id, requests, what)
    return estimate


def _step_functions(e: _Estimate) -> None:
    if e.ctx.setting(e.comp, "type") == "express":
        e.note = "Express workflows are priced by requests and duration: not estimated"
        return
    executions = e.need("requests_per_month")
    if executions is None:
        return
    steps = max(1, sum(c.kind == "orchestrates" for c in e.ctx.spec.outgoing(e.comp.id)))
    e.charge("state-transitions", executions * steps,
             f"{executions:,.0f} executions x {steps} state transition(s)")
    e.ctx.assume("Step Functions: one state transition per orchestrated step (each "
                 "'orchestrates' connection; at least one), no retries.")


def _data_store(e: _Estimate, writes: tuple[str, str], reads: tuple[str, str],
                storage: str) -> None:
    written, writers = e.ctx.traffic(e.comp, WRITES)
    read, readers = e.ctx.traffic(e.comp, READS)
    if written is None or read is None:
        e.missing.append("requests_per_month")
        return
    if writers:
        e.charge(writes[0], written, f"{writes[1]} by {', '.join(writers)}")
    if readers:
        e.charge(reads[0], read, f"{reads[1]} by {', '.join(readers)}")
    size = e.ctx.value(e.comp.id, "storage_gb")
    if size:
        e.charge(storage, size, f"{size:g} GB stored")
    elif not writers and not readers:
        e.missing.append("storage_gb")


def _dynamodb(e: _Estimate) -> None:
    if e.ctx.setting(e.comp, "billing_mode") == "provisioned":
        e.note = "provisioned capacity (RCU/WCU per hour) is not estimated"
        return
    _data_store(e, ("write-request-units", "writes"), ("read-request-units", "reads"),
                "storage-standard")
    e.ctx.assume("DynamoDB on-demand: one request unit per request (items up to 1 KB written, "
                 "4 KB read strongly consistent).")


def _s3(e: _Estimate) -> None:
    _data_store(e, ("put-requests", "PUT requests"), ("get-requests", "GET requests"),
                "storage-standard")
    if not any(c.kind in WRITES for c in e.ctx.spec.incoming(e.comp.id)) and \
            e.ctx.spec.outgoing(e.comp.id):
        uploads = e.need("requests_per_month")
        if uploads is not None:  # an event source: objects arrive from outside the diagram
            e.charge("put-requests", uploads, "objects uploaded (PUT requests)")
    e.ctx.assume("S3: one request per object read or written, S3 Standard storage.")


def _fargate(e: _Estimate) -> None:
    cpu, memory = e.comp.settings.get("cpu"), e.comp.settings.get("memory")
    if cpu is None or memory is None:
        e.note = "cpu and memory are needed to price a task"
        return
    e.charge("vcpu-hour-x86", cpu * HOURS_PER_MONTH, f"{cpu:g} vCPU x {HOURS_PER_MONTH:g} h")
    e.charge("gb-hour-x86", memory * HOURS_PER_MONTH, f"{memory:g} GB x {HOURS_PER_MONTH:g} h")
    e.ctx.assume("Fargate: one x86 task runs all month (on-demand capacity).")


ESTIMATORS = {
    "lambda": _lambda, "api-gateway": _api_gateway, "sqs": _sqs,
    "sns": _per_request("publishes-standard", "publishes"),
    "eventbridge": _per_request("custom-events", "events"),
    "step-functions": _step_functions, "dynamodb": _dynamodb, "s3": _s3, "fargate": _fargate,
}
"""KB service id -> estimator. A service the KB has no prices for is listed as not priced."""


def _counted(unit: str) -> str:
    """What a price unit counts: ``"1M requests"`` -> ``"requests"``, ``"GB-s"`` -> ``"GB-s"``."""
    parts = unit.split(" ", 1)
    return parts[1] if len(parts) == 2 and parts[0][:1].isdigit() else unit


def architecture_cost(spec, kb, overrides: dict | None = None) -> dict:
    """``{"workload", "components": [{"id", "service", "usd", "lines", "missing", "note"}],
    "total_usd", "assumptions", "free_tiers", "prices", "sources"}``. ``overrides`` (from the
    command line: ``requests_per_month``, ``duration_s``, ``storage_gb``) replace the spec's
    top-level workload values."""
    ctx = _Context(spec, kb, overrides or {})
    components = []
    for comp in spec.components.values():
        e = _Estimate(ctx, comp)
        estimator = ESTIMATORS.get(comp.service)
        if estimator is None:
            e.note = "the KB has no prices for this service"
        else:
            estimator(e)
        usd = round(sum(line["usd"] for line in e.lines), 6) if e.lines else None
        components.append({"id": comp.id, "service": comp.service,
                           "service_name": kb.name(comp.service) if comp.service in kb.nodes
                           else comp.service, "usd": usd, "lines": e.lines,
                           "missing": e.missing, "note": e.note})
    ctx.assume("Every request entering the architecture passes once through each component "
               "(unless the workload gives the component its own figure).")
    ctx.assume("Free tiers are not subtracted; data transfer, logs and metrics are not counted.")
    prices = [{"node": node, **item} for (node, _), item in sorted(ctx.used.items())]
    free = [f"{kb.name(p['node'])} {p.get('description', p['id'])}: "
            f"{p['free_per_month']:,.0f} {_counted(p['unit'])} free each month"
            for p in prices if p.get("free_per_month")]
    return {
        "workload": {k: v for k, v in ctx.base.items()},
        "components": components,
        "total_usd": round(sum(c["usd"] or 0 for c in components), 4),
        "assumptions": ctx.assumptions,
        "free_tiers": free,
        "prices": prices,
        "region": sorted({p.get("region") for p in prices if p.get("region")}),
        "sources": sorted({p["source"] for p in prices}),
    }
