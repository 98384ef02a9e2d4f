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
from .workload import Workload, say_duration

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
    callers = sorted({spec.components[c.source].label for c in spec.incoming(comp.id)
                      if c.mode == "sync"})
    base = Workload(memory_mb=memory, provisioned_concurrency=pc_level,
                    language=_language_of_runtime(kb, s.get("runtime")))
    stated = {**comp.workload, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    workload = from_values(stated, base)
    ranking = recommend(kb, workload)
    advice: list[Reason] = []
    cap = kb.limit("lambda", "timeout-max")
    cap_s = costs.seconds_of(cap["value"], cap.get("unit"), "lambda timeout-max")
    if workload.duration_s is None and timeout:
        advice.append(Reason("duration", "info", 0,
                             f"No expected run time is given, so the ranking leaves run time "
                             f"out; the timeout of {say_duration(float(timeout))} is only its "
                             "upper bound. Add workload: {duration: ...} to the component, or "
                             "--duration.", cap["source"], TIME_LIMIT))
    if timeout and float(timeout) >= HEADROOM * cap_s:
        advice.append(_timeout_advice(kb, workload, float(timeout), cap, cap_s))
    cold = kb.nodes.get(COLD_START)
    pc_cost = ranking["cost"]["provisioned_concurrency"]
    if callers and cold and not workload.latency_sensitive and not pc_level:
        advice.append(Reason("latency", "info", 0,
                             f"{_names(callers)} {'calls' if len(callers) == 1 else 'call'} it "
                             f"and {'waits' if len(callers) == 1 else 'wait'} for the answer, so "
                             "a cold start adds to the latency. If "
                             "that matters, say so (workload: {latency_sensitive: true}) to "
                             "weigh provisioned concurrency.", cold["source"], COLD_START))
    if workload.latency_sensitive and not pc_level and cold:
        advice.append(Reason("latency", "drawback", WEIGHTS["medium"],
                             f"Latency matters here: {cold['summary']}", cold["source"],
                             COLD_START))
        if pc_cost:
            advice.append(_pc_advice(pc_cost, "Provisioned concurrency would remove cold "
                                              "starts"))
    if pc_level and pc_cost:
        if not callers and not workload.latency_sensitive and cold:
            advice.append(Reason("latency", "drawback", WEIGHTS["medium"],
                                 "Provisioned concurrency is configured, but nothing waits on "
                                 "this function and no latency need is stated, so it may cost "
                                 "without a benefit.", cold["source"], COLD_START))
        advice.append(_pc_advice(pc_cost, "The configured provisioned concurrency"))
    arch = s.get("architecture", _setting_default(kb, "lambda", "architecture"))
    saving = costs.arm_saving(kb)
    if arch == "x86_64" and saving:
        tier = costs.duration_tiers(kb, "arm64")[0]
        advice.append(Reason("architecture", "info", 0,
                             f"It runs on x86_64; on arm64 (Graviton) the same duration costs "
                             f"{saving:.0%} less ({tier.get('region', 'KB')} prices).",
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


def _names(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _timeout_advice(kb: KB, workload: Workload, timeout: float, cap: dict, cap_s: float) -> Reason:
    """Timeout close to the cap: where the work could go if it outgrows it."""
    from .recommend import recommend

    longer = recommend(kb, replace(workload, duration_s=cap_s + 1, splittable=True))
    by_id = {o.id: o for o in options(kb)}
    names = []
    for r in longer["recommendations"]:
        if r["verdict"] == "unfit" or len(names) == 3:
            continue
        step = by_id[r["id"]].trait("step_duration")
        step_s = step.seconds("step_duration") if step and step.value is not None else None
        names.append(f"{r['name']} (in steps of at most {say_duration(step_s)})" if step_s
                     else r["name"])
    limit = cap["name"][:1].lower() + cap["name"][1:]
    return Reason("timeout", "drawback", WEIGHTS["medium"],
                  f"The timeout of {say_duration(timeout)} is {timeout / cap_s:.0%} of Lambda's "
                  f"{limit} ({say_duration(cap_s)}). If runs can grow past it, move the work to "
                  f"{_names(names)}.", cap["source"], TIME_LIMIT)


def _pc_advice(pc: dict, lead: str) -> Reason:
    envs = f"{pc['level']} environment{'s' if pc['level'] != 1 else ''}"
    text = (f"{lead}: {envs} of {format_number(pc['memory_mb'])} MB cost "
            f"${pc['configured_usd']:,.2f} a month kept ready")
    if "total_usd" in pc and "requests_usd" in pc:
        text += f", ${pc['total_usd']:,.2f} with requests and duration"
    text += ", used or not, and without the free tier."
    return Reason("cost", "info", 0, text, pc["sources"][0], COLD_START)


def advise_spec(kb: KB, spec, overrides: dict | None = None) -> dict:
    """Per-component advice on an existing design: every Lambda component gets the ranking
    for the workload it states (the component's ``workload:``: expected run time, traffic,
    latency need; its memory and runtime), plus advice on timeout headroom, cold starts,
    provisioned concurrency and its cost, and architecture. The timeout is never taken as the
    run time, and provisioned concurrency is only weighed when a latency need is stated.
    ``overrides`` are workload fields given on the command line."""
    from .recommend import source_record

    comps = [advise_component(kb, spec, c, overrides) for c in spec.components.values()
             if c.service == "lambda"]
    cited = sorted({sid for c in comps for sid in c.pop("_sources")})
    return {"spec": {"name": spec.name, "file": spec.file}, "components": comps,
            "sources": {sid: source_record(kb, sid) for sid in cited}}
