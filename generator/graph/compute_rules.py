"""The rules that weigh each compute option against a workload: one small function per
concern (duration, memory, latency, traffic...), each returning sourced reasons.

A rule decides from KB data only (limits, profile traits, trade-off nodes and their
``affects``/``mitigates`` relations) and words its reason from KB text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from ..kb.model import KB
from ..numbers import format_number
from . import cost as costs
from .options import (CAPACITY_BILLING, COLD_START, HEADROOM, INFREQUENT, LANGUAGE, NO_SERVERS,
                      SCALE_TO_ZERO, SPIKY, STEADY, TEAM, TIME_LIMIT, USAGE_BILLING, WEIGHTS,
                      Option, Reason, Trait)
from .workload import Workload, say_duration

# -- the evaluation context ------------------------------------------------------------------
@dataclass
class Context:
    kb: KB
    workload: Workload
    options: list[Option]
    pc_cost: dict | None = None

    def tradeoff(self, tid: str) -> dict | None:
        node = self.kb.nodes.get(tid)
        return node if node and node["kind"] == "tradeoff" else None

    def affected(self, opt: Option, tid: str) -> bool:
        """``tid`` affects the option or its base (relation ``affects`` in the trade-off)."""
        if self.tradeoff(tid) is None:
            return False
        return any(v in opt.lineage for _, v, _ in self.kb.relations(src=tid, type="affects"))

    def mitigation(self, opt: Option, tid: str) -> dict | None:
        """The option's own ``mitigates`` relation to ``tid``, if any."""
        for _, v, attrs in self.kb.relations(src=opt.id, type="mitigates"):
            if v == tid:
                return attrs
        return None

    def tradeoff_reason(self, rule: str, effect: str, weight: str, tid: str) -> Reason:
        """A reason worded by the trade-off node's summary, citing its source."""
        node = self.tradeoff(tid)
        return Reason(rule, effect, WEIGHTS[weight], node["summary"], node["source"], tid)

    def option_ids(self) -> set[str]:
        return {o.id for o in self.options}


def _trait_reason(rule: str, effect: str, weight: str, trait: Trait, text: str | None = None,
                  tid: str | None = None) -> Reason:
    return Reason(rule, effect, WEIGHTS.get(weight, 0), text or trait.note or trait.label,
                  trait.source, tid)


def _mitigation_reason(ctx: Context, rule: str, weight: str, attrs: dict, tid: str) -> Reason:
    name = ctx.tradeoff(tid)["name"] if ctx.tradeoff(tid) else tid
    note = attrs.get("note") or ctx.kb.nodes[tid]["summary"]
    return Reason(rule, "benefit", WEIGHTS[weight], f"Mitigates {name.lower()}: {note}",
                  attrs["source"], tid)


# -- rules -----------------------------------------------------------------------------------
def rule_duration(ctx: Context, opt: Option) -> list[Reason]:
    """Run time against the option's cap (a KB limit), its step cap and its minimum."""
    d = ctx.workload.duration_s
    if d is None:
        return []
    out = []
    tid = TIME_LIMIT if ctx.tradeoff(TIME_LIMIT) else None
    run = say_duration(d)
    cap_t, step_t, min_t = opt.trait("max_duration"), opt.trait("step_duration"), opt.trait("min_duration")
    cap = cap_t.seconds(f"{opt.id} max_duration") if cap_t else None
    step = step_t.seconds(f"{opt.id} step_duration") if step_t else None
    if cap is not None and d > cap:
        extra = f" {cap_t.raw['note']}" if cap_t.raw.get("note") else ""
        out.append(Reason("duration", "blocker", 0, f"A run of {run} is longer than {cap_t.spoken}.{extra}",
                          cap_t.source, tid if ctx.affected(opt, TIME_LIMIT) else None))
        if opt.base is None and ctx.affected(opt, TIME_LIMIT):
            out += _other_mitigations(ctx, "duration", TIME_LIMIT)
    elif step is not None and d > step:
        mit = ctx.mitigation(opt, TIME_LIMIT)
        if ctx.workload.splittable is False:
            out.append(Reason("duration", "blocker", 0,
                              f"Each step is one invocation, {step_t.spoken}; a run of {run} "
                              "that cannot be split into shorter steps does not fit.",
                              step_t.source, tid))
        elif ctx.workload.splittable:
            out.append(_mitigation_reason(ctx, "duration", "medium", mit, TIME_LIMIT) if mit else
                       Reason("duration", "benefit", WEIGHTS["medium"],
                              f"Split into steps of at most {say_duration(step)}, a run of {run} "
                              f"fits within {cap_t.spoken if cap_t else 'one workflow'}.",
                              step_t.source, tid))
        else:
            out.append(Reason("duration", "drawback", WEIGHTS["medium"],
                              f"Fits only if the {run} of work splits into steps of at most "
                              f"{say_duration(step)} each (say so with --splittable).",
                              step_t.source, tid))
    elif cap is not None and d > HEADROOM * cap:
        out.append(Reason("duration", "drawback", WEIGHTS["medium"],
                          f"A run of {run} uses {d / cap:.0%} of {cap_t.spoken}, leaving "
                          "little room for slower runs.", cap_t.source, tid))
    elif cap is None and cap_t is not None and d > _shortest_cap(ctx):
        mit = ctx.mitigation(opt, TIME_LIMIT)
        out.append(_mitigation_reason(ctx, "duration", "medium", mit, TIME_LIMIT) if mit else
                   _trait_reason("duration", "benefit", "medium", cap_t, tid=tid))
    if min_t is not None and d < min_t.seconds(f"{opt.id} min_duration"):
        out.append(_trait_reason("duration", "drawback", "medium", min_t))
    return out


def _other_mitigations(ctx: Context, rule: str, tid: str) -> list[Reason]:
    """Info reasons for nodes that mitigate ``tid`` but are not ranked options themselves."""
    return [Reason(rule, "info", 0, f"Mitigation: {ctx.kb.name(u)}: "
                   f"{attrs.get('note') or ctx.kb.nodes[u]['summary']}", attrs["source"], tid)
            for u, _, attrs in ctx.kb.relations(dst=tid, type="mitigates")
            if u not in ctx.option_ids()]


def _shortest_cap(ctx: Context) -> float:
    caps = [t.seconds(f"{o.id} max_duration") for o in ctx.options
            if (t := o.trait("max_duration")) is not None and t.value is not None]
    return min(caps, default=math.inf)


def rule_memory(ctx: Context, opt: Option) -> list[Reason]:
    """Memory against the option's maximum (a KB limit)."""
    m, t = ctx.workload.memory_mb, opt.trait("max_memory")
    if m is None or t is None or t.value is None:
        return []
    cap = t.megabytes(f"{opt.id} max_memory")
    if m > cap:
        return [Reason("memory", "blocker", 0, f"{format_number(m)} MB of memory is more than {t.spoken}.",
                       t.source)]
    return []


def rule_latency(ctx: Context, opt: Option) -> list[Reason]:
    """Latency-sensitive work: cold starts, their mitigations, queued or warm start-up."""
    if not ctx.workload.latency_sensitive:
        return []
    mit = ctx.mitigation(opt, COLD_START)
    if mit:
        return [_mitigation_reason(ctx, "latency", "strong", mit, COLD_START)]
    if ctx.affected(opt, COLD_START):
        out = [ctx.tradeoff_reason("latency", "drawback", "medium", COLD_START)]
        if opt.base is None:  # list the other mitigations once, on the option itself
            out += _other_mitigations(ctx, "latency", COLD_START)
        return out
    startup = opt.trait("startup")
    if startup is None:
        return []
    if startup.value == "queued":
        return [_trait_reason("latency", "blocker", "strong", startup)]
    if startup.value == "warm":
        return [_trait_reason("latency", "benefit", "medium", startup)]
    if startup.value == "cold-start":
        return [_trait_reason("latency", "drawback", "medium", startup)]
    return []


def rule_traffic(ctx: Context, opt: Option) -> list[Reason]:
    """Spiky, steady or infrequent traffic against scale-out speed, billing and idle cost."""
    traffic = ctx.workload.traffic
    billing, scale, zero = opt.trait("billing"), opt.trait("scale_out"), opt.trait("scales_to_zero")
    bill = billing.value if billing else None
    if traffic == "spiky":
        if scale is not None and scale.value in ("minutes", "queued"):
            return [_trait_reason("traffic", "drawback", "medium", scale, tid=SPIKY)]
        if bill in USAGE_BILLING and ctx.affected(opt, SPIKY):
            return [ctx.tradeoff_reason("traffic", "benefit", "medium", SPIKY)]
        if bill in USAGE_BILLING and scale is not None:
            return [_trait_reason("traffic", "benefit", "medium", scale, tid=SPIKY)]
        return []
    if traffic == "steady":
        mit = ctx.mitigation(opt, STEADY)
        if mit:
            return [_mitigation_reason(ctx, "traffic", "strong", mit, STEADY)]
        if bill in CAPACITY_BILLING:
            weight = "weak" if bill == "per-configured-capacity" else "medium"
            return [_trait_reason("traffic", "benefit", weight, billing, tid=STEADY)]
        if ctx.affected(opt, STEADY):
            return [ctx.tradeoff_reason("traffic", "drawback", "medium", STEADY)]
        if bill in USAGE_BILLING:
            return [_trait_reason("traffic", "drawback", "weak", billing, tid=STEADY)]
        return []
    if traffic == "infrequent":
        if zero is None:
            return []
        if zero.value is False:
            return [_trait_reason("traffic", "drawback", "medium", zero, tid=INFREQUENT)]
        if zero.value is True and ctx.affected(opt, INFREQUENT):
            return [ctx.tradeoff_reason("traffic", "benefit", "medium", INFREQUENT)]
        if zero.value is True:
            return [_trait_reason("traffic", "benefit", "medium", zero, tid=INFREQUENT)]
        if ctx.workload.latency_sensitive:  # staying warm for rare requests means staying on
            return [_trait_reason("traffic", "drawback", "medium", zero, tid=INFREQUENT)]
        return [_trait_reason("traffic", "info", "none", zero, tid=INFREQUENT)]
    return []


def rule_scale_to_zero(ctx: Context, opt: Option) -> list[Reason]:
    """A workload that must cost nothing while idle."""
    zero = opt.trait("scales_to_zero")
    if not ctx.workload.scale_to_zero or zero is None:
        return []
    if zero.value is True:
        if ctx.affected(opt, SCALE_TO_ZERO):
            return [ctx.tradeoff_reason("scale-to-zero", "benefit", "medium", SCALE_TO_ZERO)]
        return [_trait_reason("scale-to-zero", "benefit", "medium", zero, tid=SCALE_TO_ZERO)]
    if zero.value is False:
        return [_trait_reason("scale-to-zero", "drawback", "strong", zero, tid=SCALE_TO_ZERO)]
    return [_trait_reason("scale-to-zero", "drawback", "weak", zero, tid=SCALE_TO_ZERO)]


def rule_team(ctx: Context, opt: Option) -> list[Reason]:
    """Team experience with serverless (the team-familiarity trade-off)."""
    level = ctx.workload.team_serverless_experience
    if level == "unknown" or not ctx.affected(opt, TEAM):
        return []
    if level == "low":
        return [ctx.tradeoff_reason("team", "drawback", "medium", TEAM)]
    return [ctx.tradeoff_reason("team", "benefit", "weak", TEAM)]


def _language_class(trait: Trait, language: str) -> str:
    """``managed`` | ``os_only`` | ``any`` | ``custom`` for a language under a languages trait."""
    if trait.value == "any":
        return "any"
    for cls in ("managed", "os_only"):
        for name, aliases in (trait.raw.get(cls) or {}).items():
            if language == name or language in (aliases or []):
                return cls
    return "custom"


def rule_language(ctx: Context, opt: Option) -> list[Reason]:
    """The workload's language: managed runtime, OS-only runtime, or anything in a container."""
    lang, trait = ctx.workload.language, opt.trait("languages")
    if not lang or trait is None:
        return []
    cls = _language_class(trait, lang)
    tid = LANGUAGE if ctx.tradeoff(LANGUAGE) else None
    if cls == "os_only":
        owner = ctx.kb.nodes[trait.node]
        for corr in owner.get("corrections", []):
            if lang in corr["topic"].lower():
                return [Reason("language", "info", 0, f"{corr['now']} (The article said: "
                               f"{corr['article_said']})", corr["source"], tid)]
        return [_trait_reason("language", "info", "none", trait, tid=tid)]
    if cls == "custom":
        if ctx.affected(opt, LANGUAGE):
            return [ctx.tradeoff_reason("language", "drawback", "weak", LANGUAGE)]
        return [_trait_reason("language", "drawback", "weak", trait, tid=tid)]
    if cls == "any":
        others = [o.trait("languages") for o in ctx.options if o.trait("languages")]
        if any(_language_class(t, lang) in ("os_only", "custom") for t in others):
            return [_trait_reason("language", "benefit", "weak", trait, tid=tid)]
    return []


def rule_vpc(ctx: Context, opt: Option) -> list[Reason]:
    """Access to resources in a VPC: how the option attaches (information, no score)."""
    t = opt.trait("vpc")
    if not ctx.workload.needs_vpc or t is None:
        return []
    return [_trait_reason("vpc", "info", "none", t)]


def rule_concurrency(ctx: Context, opt: Option) -> list[Reason]:
    """Average concurrency (requests x duration) against the option's concurrency quota."""
    w, t = ctx.workload, opt.trait("concurrency_quota")
    if t is None or w.requests_per_month is None or w.duration_s is None:
        return []
    avg = costs.average_concurrency(w.requests_per_month, w.duration_s)
    if isinstance(t.value, (int, float)) and avg > t.value:
        adjustable = " It can be raised on request." if (t.limit or {}).get("adjustable") else ""
        return [Reason("concurrency", "drawback", WEIGHTS["weak"],
                       f"About {avg:,.0f} runs at once on average is more than {t.spoken}.{adjustable}",
                       t.source)]
    return []


def rule_billing(ctx: Context, opt: Option) -> list[Reason]:
    """Billing that costs without need: capacity configured without a latency need, or an
    orchestrator around work that fits in one step."""
    billing = opt.trait("billing")
    if billing is None:
        return []
    w = ctx.workload
    if billing.value == "per-configured-capacity":
        weight = "weak" if w.latency_sensitive else "medium"
        text = billing.note or billing.label
        if ctx.pc_cost and opt.id == "provisioned-concurrency":
            pc = ctx.pc_cost
            envs = f"{pc['level']} environment{'s' if pc['level'] != 1 else ''}"
            text += (f" Here {envs} of {format_number(pc['memory_mb'])} MB kept ready for "
                     f"{pc['hours_billed']:g} hours cost ${pc['configured_usd']:,.2f} a month")
            if "break_even_utilization" in pc:
                text += (f", cheaper than on-demand duration only when they are busy more than "
                         f"{pc['break_even_utilization']:.0%} of the time")
            text += "."
        return [_trait_reason("billing", "drawback", weight, billing, text=text)]
    orchestration, step = opt.trait("orchestration"), opt.trait("step_duration")
    if orchestration is not None:
        d = w.duration_s
        needed = d is not None and step is not None and d > step.seconds(f"{opt.id} step_duration")
        if not needed:
            weight = "medium" if d is not None else "weak"
            return [_trait_reason("billing", "drawback", weight, orchestration)]
    return []


def rule_ops(ctx: Context, opt: Option) -> list[Reason]:
    """Operational effort: who runs the servers (the no-server-management trade-off)."""
    t = opt.trait("ops_effort")
    if t is None:
        return []
    if t.value == "low":
        if ctx.affected(opt, NO_SERVERS):
            return [ctx.tradeoff_reason("ops", "benefit", "weak", NO_SERVERS)]
        return [_trait_reason("ops", "benefit", "weak", t)]
    if t.value == "high":
        return [_trait_reason("ops", "drawback", "weak", t)]
    if ctx.affected(opt, NO_SERVERS):
        return [ctx.tradeoff_reason("ops", "info", "weak", NO_SERVERS)]
    return [_trait_reason("ops", "info", "none", t)]


RULES: list[Callable[[Context, Option], list[Reason]]] = [
    rule_duration, rule_memory, rule_latency, rule_traffic, rule_scale_to_zero, rule_team,
    rule_language, rule_vpc, rule_concurrency, rule_billing, rule_ops,
]
