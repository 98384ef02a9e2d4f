"""A monthly cost for every compute option, side by side, from the KB's prices.

Each option is priced by its ``billing`` trait:

- ``per-request`` (Lambda): requests and GB-seconds (:func:`generator.graph.cost.lambda_cost`).
- ``per-configured-capacity`` (provisioned concurrency): the level that covers the average
  concurrency, configured all month (:func:`generator.graph.cost.provisioned_cost`).
- ``per-state-transition`` (Step Functions orchestrating Lambda): one transition per step, the
  run cut into steps under the step cap, plus the Lambda cost of the steps.
- ``per-second-while-running`` (Fargate, Batch): vCPU-hours and GB-hours at the prices of the
  option's node or of what it runs on (Batch on Fargate). Work that scales to zero, or runs of a
  minute or more, is billed per run (one-minute minimum); else a service keeps enough tasks for
  the average concurrency running all month.
- ``per-hour-provisioned`` (an EC2 Auto Scaling group): instances of the priced type, enough
  for the average concurrency by memory, running all month (at least one).

Every figure says how it was reached and cites its prices. Peaks are not priced: capacity
options need headroom above the average that these figures leave out.

>>> from generator.kb import load_kb
>>> from generator.graph.workload import from_values
>>> kb = load_kb()
>>> w = from_values({"duration": "2s", "memory": 1024, "requests_per_month": "1M"})
>>> costs = option_costs(kb, w)
>>> sorted(costs) == sorted(o.id for o in options(kb))
True
>>> round(costs["lambda"]["usd"], 2), costs["ec2"]["usd"] > 0, costs["batch"]["basis"][:14]
(26.67, True, '1,000,000 runs')
"""
from __future__ import annotations

import math

from . import cost as costs
from .options import Option, options
from .workload import Workload, format_duration

FARGATE_VCPU_STEPS = (0.25, 0.5, 1, 2, 4, 8, 16)
"""Task sizes Fargate accepts; each allows up to 8 GB of memory per vCPU (2 GB at 0.25 vCPU)
(ecs-register-task-definition)."""
MINIMUM_BILLED_S = 60
"""Fargate and EC2 Linux capacity is billed per second with a one-minute minimum."""


def option_costs(kb, workload: Workload, architecture: str = "x86_64") -> dict[str, dict]:
    """Option id -> ``{"usd", "basis", "sources"}`` (``usd`` None and ``basis`` saying what is
    missing when requests, run time or memory are not known)."""
    w = workload
    missing = [flag for flag, value in (("--requests-per-month", w.requests_per_month),
                                        ("--duration", w.duration_s), ("--memory", w.memory_mb))
               if value is None]
    result = {}
    for opt in options(kb):
        if missing:
            result[opt.id] = {"usd": None, "sources": [],
                              "basis": f"needs {', '.join(missing)}"}
            continue
        cap = opt.trait("max_duration")
        if cap is not None and cap.value is not None and \
                w.duration_s > cap.seconds(f"{opt.id} max_duration"):
            result[opt.id] = {"usd": None, "sources": [cap.source],
                              "basis": f"a {format_duration(w.duration_s)} run does not fit "
                                       f"its {format_duration(cap.seconds('cap'))} limit"}
            continue
        billing = opt.value("billing")
        price = _MODELS.get(billing)
        result[opt.id] = price(kb, opt, w, architecture) if price else {
            "usd": None, "sources": [], "basis": f"no cost model for {billing} billing"}
    return result


def _per_request(kb, opt: Option, w: Workload, arch: str) -> dict:
    c = costs.lambda_cost(kb, w.requests_per_month, w.duration_s, w.memory_mb)
    return {"usd": c[arch]["total_usd"], "sources": c["sources"],
            "basis": f"{w.requests_per_month:,} requests of {format_duration(w.duration_s)} at "
                     f"{w.memory_mb:,} MB ({arch}, after the free tier)"}


def _per_capacity(kb, opt: Option, w: Workload, arch: str) -> dict:
    from .recommend import suggested_pc_level

    level = suggested_pc_level(w)
    c = costs.provisioned_cost(kb, level, w.memory_mb, w.pc_hours, w.requests_per_month,
                               w.duration_s)
    return {"usd": c.get("total_usd", c["configured_usd"]), "sources": c["sources"],
            "basis": f"{level} environment{'s' if level != 1 else ''} of {w.memory_mb:,} MB "
                     f"kept ready for {c['hours_billed']:g} h, with requests and duration"}


def _per_transition(kb, opt: Option, w: Workload, arch: str) -> dict:
    step = opt.trait("step_duration")
    cap = step.seconds(f"{opt.id} step_duration") if step and step.value is not None else None
    steps = max(1, math.ceil(w.duration_s / cap)) if cap else 1
    price = _price_of(kb, opt, "transitions")
    if price is None:
        return {"usd": None, "sources": [], "basis": "the KB has no state-transition price"}
    runs = w.requests_per_month
    billable = max(0, runs * steps - price.get("free_per_month", 0))
    transitions_usd = billable * price["usd"] / costs.unit_quantity(price["unit"])
    lam = costs.lambda_cost(kb, runs * steps, w.duration_s / steps, w.memory_mb)
    usd = transitions_usd + lam[arch]["total_usd"]
    return {"usd": usd, "sources": [price["source"]] + lam["sources"],
            "basis": f"{runs:,} runs of {steps} step{'s' if steps != 1 else ''}: "
                     f"${transitions_usd:,.2f} of state transitions and "
                     f"${lam[arch]['total_usd']:,.2f} of Lambda"}


def _per_second(kb, opt: Option, w: Workload, arch: str) -> dict:
    vcpu_price, gb_price = _capacity_prices(kb, opt)
    if vcpu_price is None or gb_price is None:
        return {"usd": None, "sources": [], "basis": "the KB has no vCPU-hour and GB-hour prices"}
    gb = max(0.5, math.ceil(w.memory_mb / 512) / 2)
    vcpu = next((v for v in FARGATE_VCPU_STEPS if gb <= max(2, 8 * v)), FARGATE_VCPU_STEPS[-1])
    hourly = vcpu * vcpu_price["usd"] + gb * gb_price["usd"]
    size = f"{vcpu:g} vCPU and {gb:g} GB"
    job_like = opt.value("scales_to_zero") is True or w.traffic == "infrequent" \
        or w.duration_s >= MINIMUM_BILLED_S
    if job_like:
        hours = w.requests_per_month * max(w.duration_s, MINIMUM_BILLED_S) / 3600
        basis = (f"{w.requests_per_month:,} runs of {size} billed "
                 f"{format_duration(max(w.duration_s, MINIMUM_BILLED_S))} each")
    else:
        tasks = max(1, math.ceil(costs.average_concurrency(w.requests_per_month, w.duration_s)))
        hours = tasks * costs.HOURS_PER_MONTH
        basis = f"{tasks} task{'s' if tasks != 1 else ''} of {size} running all month"
    where = vcpu_price.get("_node")
    if where and where != opt.id:
        basis += f" (priced as {kb.nodes[where]['name']})"
    return {"usd": hours * hourly, "basis": basis,
            "sources": list(dict.fromkeys([vcpu_price["source"], gb_price["source"]]))}


def _per_hour(kb, opt: Option, w: Workload, arch: str) -> dict:
    price = next((p for p in kb.nodes[opt.id].get("prices", []) if p.get("memory_gb")), None)
    if price is None:
        return {"usd": None, "sources": [], "basis": "the KB has no instance price"}
    per_instance_mb = price["memory_gb"] * 1024
    per_run = max(1, math.ceil(w.memory_mb / per_instance_mb))  # instance-sizes one run needs
    fits = max(1, int(per_instance_mb // w.memory_mb)) if per_run == 1 else 1
    busy = costs.average_concurrency(w.requests_per_month, w.duration_s)
    instances = max(1, math.ceil(busy / fits)) * per_run
    name = price.get("description", price["id"]).split(" (")[0]
    return {"usd": instances * costs.HOURS_PER_MONTH * price["usd"], "sources": [price["source"]],
            "basis": f"{instances} {name} instance{'s' if instances != 1 else ''} running all "
                     f"month (at least one stays up)"}


def _price_of(kb, opt: Option, unit_word: str) -> dict | None:
    for node in opt.lineage:
        for p in kb.nodes[node].get("prices", []):
            if unit_word in p["unit"]:
                return p
    return None


def _capacity_prices(kb, opt: Option) -> tuple[dict | None, dict | None]:
    """The x86 vCPU-hour and GB-hour prices of the option, else of what it runs on."""
    places = list(opt.lineage) + [v for _, v, _ in kb.relations(src=opt.id, type="runs_on")]
    for node in places:
        found = {}
        for p in kb.nodes.get(node, {}).get("prices", []):
            if p.get("architecture", "x86_64") == "x86_64" and p["unit"] in ("vCPU-hour",
                                                                          "GB-hour"):
                found.setdefault(p["unit"], {**p, "_node": node})
        if len(found) == 2:
            return found["vCPU-hour"], found["GB-hour"]
    return None, None


_MODELS = {"per-request": _per_request, "per-configured-capacity": _per_capacity,
           "per-state-transition": _per_transition, "per-second-while-running": _per_second,
           "per-hour-provisioned": _per_hour}
