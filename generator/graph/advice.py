"""Advice on an existing design: each Lambda function of a spec, ranked and checked for the
run time its workload states, its timeout headroom, provisioned concurrency and architecture.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..kb.model import KB
from ..numbers import format_number
from . import cost as costs
from .options import COLD_START, HEADROOM, TIME_LIMIT, WEIGHTS, Reason, options
from .workload import Workload, format_duration

# -- advice on an existing design --------------------------------------------------------------
def _language_of_runtime(kb: KB, runtime: str | None) -> str | None:
    """``python3.12`` -> ``python`` using the languages trait of the lambda profile."""
    if not runtime:
        return None
    trait = (kb.nodes.get("lambda", {}).get("profile") or {}).get("languages") or {}
    for name in (trait.get("managed") or {}):
        if runtime.lower().startswith(name):
            return name
    return None


def _setting_default(kb: KB, service: str, name: str) -> Any:
    return kb.settings(service).get(name, {}).get("default")


def advise_component(kb: KB, spec, comp, overrides: dict | None = None) -> dict:
    """Advice for one Lambda component of a spec (see :func:`advise_spec`)."""
    from .recommend import recommend
    from .workload import from_values

    s = comp.settings
    memory = s.get("memory", _setting_default(kb, "lambda", "memory"))
    timeout = s.get("timeout", _setting_default(kb, "lambda", "timeout"))
    pc_level = s.get("provisioned_concurrency") or None
    callers = [c.source for c in spec.incoming(comp.id) if c.mode == "sync"]
    base = Workload(duration_s=float(timeout) if timeout else None, memory_mb=memory,
                    latency_sensitive=bool(callers), provisioned_concurrency=pc_level,
                    language=_language_of_runtime(kb, s.get("runtime")))
    workload = from_values({k: v for k, v in (overrides or {}).items() if v is not None}, base)
    ranking = recommend(kb, workload)
    advice: list[Reason] = []
    cap = kb.limit("lambda", "timeout-max")
    cap_s = costs.seconds_of(cap["value"], cap.get("unit"), "lambda timeout-max")
    if workload.duration_s and workload.duration_s >= HEADROOM * cap_s:
        # where the work could go if it outgrows the cap (splitting it counts as a way out)
        longer = recommend(kb, replace(workload, duration_s=cap_s + 1, splittable=True))
        by_id = {o.id: o for o in options(kb)}
        names = []
        for r in longer["recommendations"]:
            if r["verdict"] == "unfit" or len(names) == 3:
                continue
            step = by_id[r["id"]].trait("step_duration")
            names.append(f"{r['name']} (if the work splits into steps under {step.label})"
                         if step else r["name"])
        advice.append(Reason("timeout", "drawback", WEIGHTS["medium"],
                             f"Timeout {format_duration(workload.duration_s)} is "
                             f"{workload.duration_s / cap_s:.0%} of {cap['name']} "
                             f"({format_number(cap['value'])} {cap.get('unit', '')}). If runs can grow "
                             f"past it, move the work to: {'; '.join(names)}.",
                             cap["source"], TIME_LIMIT))
    cold = kb.nodes.get(COLD_START)
    pc_cost = ranking["cost"]["provisioned_concurrency"]
    if callers and not pc_level and cold:
        advice.append(Reason("latency", "drawback", WEIGHTS["medium"],
                             f"Invoked synchronously by {', '.join(sorted(callers))}: "
                             f"{cold['summary']}", cold["source"], COLD_START))
        if pc_cost:
            advice.append(_pc_advice(kb, pc_cost, "Provisioned concurrency would remove them"))
    if pc_level and pc_cost:
        if not callers and cold:
            when = cold.get("tradeoff", {}).get("when", cold["summary"])
            advice.append(Reason("latency", "drawback", WEIGHTS["medium"],
                                 "Provisioned concurrency is configured but nothing in the spec "
                                 f"invokes this function synchronously; cold starts matter for: "
                                 f"{when}", cold["source"], COLD_START))
        advice.append(_pc_advice(kb, pc_cost, "Configured provisioned concurrency"))
    arch = s.get("architecture", _setting_default(kb, "lambda", "architecture"))
    saving = costs.arm_saving(kb)
    if arch == "x86_64" and saving:
        tier = costs.duration_tiers(kb, "arm64")[0]
        advice.append(Reason("architecture", "info", 0,
                             f"Runs on x86_64; arm64 duration is priced {saving:.0%} lower "
                             f"(first tier, {tier.get('region', 'KB prices')}).",
                             tier["source"]))
    for r in advice:
        kb.source(r.source)
    return {
        "id": comp.id, "service": comp.service, "label": comp.label,
        "location": comp.location.as_dict(),
        "workload": ranking["workload"],
        "advice": [r.as_dict() for r in advice],
        "recommendations": ranking["recommendations"],
        "cost": ranking["cost"],
        "_sources": sorted(set(ranking["sources"]) | {r.source for r in advice}),
    }


def _pc_advice(kb: KB, pc: dict, lead: str) -> Reason:
    per_env = pc["configured_usd"] / pc["level"] if pc["level"] else 0
    text = (f"{lead}: {pc['level']} environment(s) at {pc['memory_mb']} MB cost "
            f"${pc['configured_usd']:,.2f} a month while configured (${per_env:,.2f} each, "
            f"{pc['hours_billed']:g} h)")
    if "total_usd" in pc and "requests_usd" in pc:
        text += f", ${pc['total_usd']:,.2f} with requests and duration"
    text += "; billed whether used or not, without the free tier."
    return Reason("cost", "info", 0, text, pc["sources"][0], COLD_START)


def advise_spec(kb: KB, spec, overrides: dict | None = None) -> dict:
    """Per-component advice on an existing design: every Lambda component gets the ranking
    for the workload its settings imply (timeout as duration, memory, synchronous callers as
    latency-sensitive), plus advice on timeout headroom, provisioned concurrency and its cost,
    and architecture. ``overrides`` are workload fields given on the command line."""
    from .recommend import source_record

    comps = [advise_component(kb, spec, c, overrides) for c in spec.components.values()
             if c.service == "lambda"]
    cited = sorted({sid for c in comps for sid in c.pop("_sources")})
    return {"spec": {"name": spec.name, "file": spec.file}, "components": comps,
            "sources": {sid: source_record(kb, sid) for sid in cited}}
