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
then lower operational effort, then KB order. Every option also carries a monthly cost from
the KB's prices (``monthly_usd``, ``cost_basis``, ``cost_sources``: see
:mod:`generator.graph.option_cost`) when requests, run time and memory are known.

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

from ..errors import InputError
from ..kb.model import KB
from . import cost as costs
from .compute_rules import RULES, Context
from .option_cost import option_costs
from .options import (BASE_SCORE, VERDICTS, WEIGHTS, Option, Reason, Trait, _OPS_RANK,
                      options)
from .workload import Workload

__all__ = ["RULES", "Context", "Option", "Reason", "Trait", "advise_component", "advise_spec",
           "cost_section", "evaluate", "options", "recommend", "source_record",
           "suggested_pc_level"]

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
    monthly = option_costs(kb, workload)
    for r in ranked:
        del r["_rank"]
        price = monthly[r["id"]]
        r["monthly_usd"] = None if price["usd"] is None else round(price["usd"], 2)
        r["cost_basis"] = price["basis"]
        r["cost_sources"] = price["sources"]
    cited = sorted({reason["source"] for r in ranked for reason in r["reasons"]}
                   | {sid for r in ranked for sid in r["cost_sources"]}
                   | set((on_demand or {}).get("sources", [])) | set((pc or {}).get("sources", [])))
    data = workload.as_dict()
    if on_demand:
        data["average_concurrency"] = on_demand["average_concurrency"]
    return {
        "workload": data,
        "recommendations": ranked,
        "cost": {"lambda": on_demand, "provisioned_concurrency": pc,
                 "missing": missing if on_demand is None else []},
        "sources": {sid: source_record(kb, sid) for sid in cited},
    }


def source_record(kb: KB, sid: str) -> dict:
    src = kb.source(sid)
    return {k: src[k] for k in ("id", "title", "url", "section", "kind", "as_of") if k in src}


from .advice import advise_component, advise_spec  # noqa: E402  (advice calls recommend)
