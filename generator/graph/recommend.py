"""Recommendations: a workload in, compute options ranked with sourced reasons out.

The options are the KB nodes whose ``profile:`` block has an ``option`` key (Lambda, Lambda with
provisioned concurrency, Step Functions orchestrating Lambda, Fargate, an EC2 Auto Scaling group,
AWS Batch in the built-in KB; an overlay KB can add one). Each option is evaluated by small rules
(:data:`RULES`); a rule decides from KB data (limits, profile traits, trade-off nodes and their
``affects``/``mitigates`` relations) and words its reason from KB text, citing the source of
that text. Change a limit or a trait in the KB and the answer changes.

Profile keys (data, each trait a mapping ``{value, note, source, as_of}``; a trait may instead
point at a limit, ``{limit: timeout-max, node: lambda}``, whose value, unit, name and source it
takes; ``node`` defaults to the profile's own node):

- ``option``: the name shown in the ranking; ``base``: the node whose profile this one extends
  (traits not given are inherited, and trade-offs that affect the base affect the option).
- ``max_duration``: the longest run (a limit, or ``value: null`` for no cap);
  ``step_duration``: the longest single step when the work is orchestrated in steps;
  ``min_duration``: runs shorter than this waste the option's start-up overhead.
- ``max_memory``: the largest memory (MB or GB); ``concurrency_quota``: concurrent runs before a
  quota increase.
- ``scale_out``: ``seconds`` | ``minutes`` (how fast capacity follows a burst).
- ``scales_to_zero``: ``true`` | ``false`` | ``partial`` (nothing billed while idle).
- ``billing``: ``per-request`` | ``per-state-transition`` (usage-based) or
  ``per-second-while-running`` | ``per-hour-provisioned`` | ``per-configured-capacity``.
- ``startup``: ``cold-start`` | ``warm`` (running capacity serves requests) | ``queued``.
- ``ops_effort``: ``low`` | ``medium`` | ``high``.
- ``languages``: ``value: any``, or ``managed``/``os_only`` maps of language -> aliases.
- ``vpc``: ``attach`` | ``native``; ``orchestration``: why the option exists (shown when the work
  does not need it).

Scoring: 50 plus each reason's weight (benefit +, drawback -; weak 5, medium 10, strong 20), a
blocker subtracts 50; scores are clamped to 0-100. Verdict: ``unfit`` with any blocker,
``caution`` with a drawback of medium weight or more, else ``fit``. Ranking: verdict, then score,
then lower operational effort, then KB order.

>>> from generator.kb import load_kb
>>> from generator.graph.workload import from_values
>>> kb = load_kb()
>>> r = recommend(kb, from_values({"duration": "40m"}))
>>> {x["id"]: x["verdict"] for x in r["recommendations"]}["lambda"]
'unfit'
>>> recommend(kb, from_values({"duration": "200ms", "traffic": "spiky"}))["recommendations"][0]["id"]
'lambda'
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from ..errors import InputError
from ..numbers import format_number
from ..kb.model import KB
from . import cost as costs
from .workload import Workload, format_duration

WEIGHTS = {"weak": 5, "medium": 10, "strong": 20}
BLOCKER_WEIGHT = 50
BASE_SCORE = 50
HEADROOM = 0.8
"""A run longer than this share of a cap leaves too little room: a drawback."""
VERDICTS = ("fit", "caution", "unfit")
USAGE_BILLING = ("per-request", "per-state-transition")
CAPACITY_BILLING = ("per-second-while-running", "per-hour-provisioned", "per-configured-capacity")
_OPS_RANK = {"low": 0, "medium": 1, "high": 2}

# trade-off ids the rules look up (their text and relations come from the KB)
COLD_START = "cold-start-latency"
TIME_LIMIT = "execution-time-limit"
STEADY = "steady-traffic-cost"
SPIKY = "spiky-traffic-fit"
SCALE_TO_ZERO = "scale-to-zero"
INFREQUENT = "infrequent-tasks-fit"
TEAM = "team-familiarity"
LANGUAGE = "language-support"
NO_SERVERS = "no-server-management"


@dataclass(frozen=True)
class Reason:
    """One sourced reason for or against an option."""

    rule: str
    effect: str  # benefit | drawback | blocker | info
    weight: int
    text: str
    source: str
    tradeoff: str | None = None

    @property
    def points(self) -> int:
        if self.effect == "blocker":
            return -BLOCKER_WEIGHT
        return {"benefit": self.weight, "drawback": -self.weight}.get(self.effect, 0)

    def as_dict(self) -> dict:
        data = {"text": self.text, "source": self.source, "effect": self.effect,
                "rule": self.rule}
        if self.tradeoff:
            data["tradeoff"] = self.tradeoff
        return data


@dataclass(frozen=True)
class Trait:
    """A profile trait with its evidence (a limit it points at, or its own note and source)."""

    value: Any
    source: str
    note: str | None = None
    unit: str | None = None
    limit: dict | None = None
    node: str | None = None
    raw: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``"Maximum function timeout (900 s)"`` for a limit, else the value."""
        if self.limit:
            unit = f" {self.limit['unit']}" if self.limit.get("unit") else ""
            human = ""
            if self.limit.get("unit") in ("s", "min", "h") and isinstance(self.value, (int, float)):
                seconds = costs.seconds_of(self.value, self.unit)
                human = f", {format_duration(seconds)}" if seconds >= 60 else ""
            return f"{self.limit['name']} ({format_number(self.limit['value'])}{unit}{human})"
        return str(self.value)

    def seconds(self, what: str) -> float | None:
        return None if self.value is None else costs.seconds_of(self.value, self.unit, what)

    def megabytes(self, what: str) -> float | None:
        if self.value is None:
            return None
        unit = (self.unit or "MB").upper()
        factor = {"MB": 1, "MIB": 1, "GB": 1024, "GIB": 1024}.get(unit)
        if factor is None or not isinstance(self.value, (int, float)):
            raise InputError(f"{what}: cannot read {self.value!r} {self.unit} as memory")
        return float(self.value) * factor


@dataclass
class Option:
    id: str
    name: str
    base: str | None
    order: int
    traits: dict[str, Trait]

    def trait(self, name: str) -> Trait | None:
        return self.traits.get(name)

    def value(self, name: str, default: Any = None) -> Any:
        t = self.traits.get(name)
        return default if t is None else t.value

    @property
    def lineage(self) -> tuple[str, ...]:
        return (self.id, self.base) if self.base else (self.id,)


# -- options from the KB ---------------------------------------------------------------------
_META_KEYS = ("option", "base", "order")
PROFILE_VALUES: dict[str, tuple | None] = {
    "max_duration": None, "step_duration": None, "min_duration": None, "max_memory": None,
    "concurrency_quota": None, "orchestration": None, "languages": None,
    "scale_out": ("seconds", "minutes", "queued"),
    "scales_to_zero": (True, False, "partial"),
    "billing": USAGE_BILLING + CAPACITY_BILLING,
    "startup": ("cold-start", "warm", "queued"),
    "ops_effort": tuple(_OPS_RANK),
    "vpc": ("attach", "native"),
}
"""Profile traits and, for the enumerated ones, their values (a typo is a KB error)."""


def _check_profile(kb: KB, node_id: str, profile: dict) -> None:
    where = kb.files.get(node_id, node_id)
    if not isinstance(profile.get("option"), str) or not isinstance(profile.get("order", 0), int):
        raise InputError(f"{where}: profile.option must be a name and profile.order a number")
    for key, raw in profile.items():
        if key in _META_KEYS:
            continue
        if key not in PROFILE_VALUES:
            raise InputError(f"{where}: unknown profile key {key!r} (known: "
                             f"{', '.join(PROFILE_VALUES)})")
        allowed = PROFILE_VALUES[key]
        value = raw.get("value") if isinstance(raw, dict) else raw
        if allowed is not None and value not in allowed:
            raise InputError(f"{where}: profile.{key} value {value!r} is not one of "
                             f"{', '.join(map(str, allowed))}")


def _resolve_trait(kb: KB, owner: str, name: str, raw: Any) -> Trait:
    where = f"{kb.files.get(owner, owner)}: profile.{name}"
    if not isinstance(raw, dict):
        return Trait(value=raw, source=kb.nodes[owner]["source"], node=owner)
    node = raw.get("node", owner)
    limit = None
    if "limit" in raw:
        if node not in kb.nodes:
            raise InputError(f"{where} refers to unknown node {node!r}")
        try:
            limit = kb.limit(node, raw["limit"])
        except KeyError:
            raise InputError(f"{where} refers to unknown limit {raw['limit']!r} of {node}") from None
    value = raw["value"] if "value" in raw else (limit["value"] if limit else None)
    unit = raw.get("unit", limit.get("unit") if limit else None)
    source = raw.get("source") or (limit["source"] if limit else kb.nodes[owner]["source"])
    note = raw.get("note") or (limit.get("note") if limit else None)
    return Trait(value=value, source=source, note=note, unit=unit, limit=limit, node=node, raw=raw)


def options(kb: KB) -> list[Option]:
    """The compute options in the KB (nodes with ``profile.option``), in KB order."""
    found = []
    for node_id, node in sorted(kb.nodes.items()):
        profile = node.get("profile") or {}
        if "option" not in profile:
            continue
        _check_profile(kb, node_id, profile)
        base = profile.get("base")
        traits: dict[str, Trait] = {}
        if base:
            if base not in kb.nodes:
                raise InputError(f"{kb.files.get(node_id, node_id)}: profile.base refers to "
                                 f"unknown node {base!r}")
            for name, raw in (kb.nodes[base].get("profile") or {}).items():
                if name not in _META_KEYS:
                    traits[name] = _resolve_trait(kb, base, name, raw)
        for name, raw in profile.items():
            if name not in _META_KEYS:
                traits[name] = _resolve_trait(kb, node_id, name, raw)
        found.append(Option(id=node_id, name=str(profile["option"]), base=base,
                            order=int(profile.get("order", 100)), traits=traits))
    return sorted(found, key=lambda o: (o.order, o.id))


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
    run = format_duration(d)
    cap_t, step_t, min_t = opt.trait("max_duration"), opt.trait("step_duration"), opt.trait("min_duration")
    cap = cap_t.seconds(f"{opt.id} max_duration") if cap_t else None
    step = step_t.seconds(f"{opt.id} step_duration") if step_t else None
    if cap is not None and d > cap:
        extra = f" {cap_t.raw['note']}" if cap_t.raw.get("note") else ""
        out.append(Reason("duration", "blocker", 0, f"A run of {run} exceeds {cap_t.label}.{extra}",
                          cap_t.source, tid if ctx.affected(opt, TIME_LIMIT) else None))
        if opt.base is None and ctx.affected(opt, TIME_LIMIT):
            out += _other_mitigations(ctx, "duration", TIME_LIMIT)
    elif step is not None and d > step:
        mit = ctx.mitigation(opt, TIME_LIMIT)
        if ctx.workload.splittable is False:
            out.append(Reason("duration", "blocker", 0,
                              f"Each step runs in one invocation capped at {step_t.label}; a "
                              f"{run} run that cannot be split into shorter steps does not fit.",
                              step_t.source, tid))
        elif ctx.workload.splittable:
            out.append(_mitigation_reason(ctx, "duration", "medium", mit, TIME_LIMIT) if mit else
                       Reason("duration", "benefit", WEIGHTS["medium"],
                              f"A {run} run split into steps under {step_t.label} fits "
                              f"{cap_t.label if cap_t else 'the workflow'}.", step_t.source, tid))
        else:
            out.append(Reason("duration", "drawback", WEIGHTS["medium"],
                              f"Fits only if the {run} of work splits into steps that each stay "
                              f"under {step_t.label} (mark the workload splittable if it does).",
                              step_t.source, tid))
    elif cap is not None and d > HEADROOM * cap:
        out.append(Reason("duration", "drawback", WEIGHTS["medium"],
                          f"A run of {run} uses {d / cap:.0%} of {cap_t.label}, leaving little "
                          "room for slower runs.", cap_t.source, tid))
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
        return [Reason("memory", "blocker", 0, f"{format_number(m)} MB of memory exceeds {t.label}.",
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
                       f"Average concurrency of about {avg:,.0f} exceeds {t.label}.{adjustable}",
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
            text += (f" Here: {pc['level']} environment(s) x {pc['memory_mb']} MB for "
                     f"{pc['hours_billed']:g} h = ${pc['configured_usd']:,.2f} a month configured")
            if "break_even_utilization" in pc:
                text += (f"; cheaper than on-demand duration only above "
                         f"{pc['break_even_utilization']:.0%} utilization (KB prices)")
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
_EFFECT_ORDER = {"blocker": 0, "drawback": 1, "benefit": 1, "info": 2}


# -- putting it together ---------------------------------------------------------------------
def evaluate(ctx: Context, opt: Option) -> dict:
    """One option: verdict, score and reasons (most important first)."""
    reasons = [r for rule in RULES for r in rule(ctx, opt)]
    for r in reasons:
        ctx.kb.source(r.source)  # every reason cites a real source (raises otherwise)
    score = max(0, min(100, BASE_SCORE + sum(r.points for r in reasons)))
    if any(r.effect == "blocker" for r in reasons):
        verdict = "unfit"
    elif any(r.effect == "drawback" and r.weight >= WEIGHTS["medium"] for r in reasons):
        verdict = "caution"
    else:
        verdict = "fit"
    ordered = sorted(reasons, key=lambda r: (_EFFECT_ORDER[r.effect], -r.weight))
    return {"id": opt.id, "name": opt.name, "verdict": verdict, "score": score,
            "reasons": [r.as_dict() for r in ordered],
            "_rank": (VERDICTS.index(verdict), -score, _OPS_RANK.get(opt.value("ops_effort"), 1),
                      opt.order, opt.id)}


def suggested_pc_level(workload: Workload) -> int:
    """The level to price: the one given, else average concurrency rounded up (at least 1)."""
    if workload.provisioned_concurrency:
        return workload.provisioned_concurrency
    if workload.requests_per_month is not None and workload.duration_s is not None:
        avg = costs.average_concurrency(workload.requests_per_month, workload.duration_s)
        return max(1, math.ceil(avg))
    return 1


def cost_section(kb: KB, workload: Workload) -> tuple[dict | None, dict | None, list[str]]:
    """(on-demand cost, provisioned-concurrency cost, missing inputs) for a workload."""
    w = workload
    missing = [name for name, v in (("requests_per_month", w.requests_per_month),
                                    ("duration", w.duration_s), ("memory", w.memory_mb))
               if v is None]
    on_demand = pc = None
    if not missing:
        on_demand = costs.lambda_cost(kb, w.requests_per_month, w.duration_s, w.memory_mb)
        on_demand["average_concurrency"] = round(
            costs.average_concurrency(w.requests_per_month, w.duration_s), 3)
    if w.memory_mb is not None and (w.latency_sensitive or w.provisioned_concurrency):
        pc = costs.provisioned_cost(kb, suggested_pc_level(w), w.memory_mb, w.pc_hours,
                                    w.requests_per_month, w.duration_s)
        pc["level_basis"] = ("given" if w.provisioned_concurrency else
                             "average concurrency, rounded up" if w.requests_per_month is not None
                             and w.duration_s is not None else "one environment")
    return on_demand, pc, missing


def recommend(kb: KB, workload: Workload) -> dict:
    """Rank the KB's compute options for ``workload`` (JSON shape of DESIGN.md, plus ``cost``
    and ``sources``)."""
    opts = options(kb)
    if not opts:
        raise InputError("the KB has no compute options (nodes with profile.option)")
    on_demand, pc, missing = cost_section(kb, workload)
    ctx = Context(kb, workload, opts, pc)
    ranked = sorted((evaluate(ctx, o) for o in opts), key=lambda r: r["_rank"])
    for r in ranked:
        del r["_rank"]
    cited = sorted({reason["source"] for r in ranked for reason in r["reasons"]}
                   | set((on_demand or {}).get("sources", [])) | set((pc or {}).get("sources", [])))
    data = workload.as_dict()
    if on_demand:
        data["average_concurrency"] = on_demand["average_concurrency"]
    return {
        "workload": data,
        "recommendations": ranked,
        "cost": {"lambda": on_demand, "provisioned_concurrency": pc,
                 "missing": missing if on_demand is None else []},
        "sources": {sid: _source_record(kb, sid) for sid in cited},
    }


def _source_record(kb: KB, sid: str) -> dict:
    src = kb.source(sid)
    return {k: src[k] for k in ("id", "title", "url", "section", "kind", "as_of") if k in src}


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
    comps = [advise_component(kb, spec, c, overrides) for c in spec.components.values()
             if c.service == "lambda"]
    cited = sorted({sid for c in comps for sid in c.pop("_sources")})
    return {"spec": {"name": spec.name, "file": spec.file}, "components": comps,
            "sources": {sid: _source_record(kb, sid) for sid in cited}}
