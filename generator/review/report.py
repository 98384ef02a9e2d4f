"""The content of a design review of one spec, as plain data: findings, per-component advice
from ``recommend``, the monthly cost by component, and every source they cite. The HTML page
(:mod:`.page`) and the Markdown (:mod:`.markdown`) are views of it.

>>> from generator.kb import load_kb
>>> from generator.spec import load_any_text
>>> kb = load_kb()
>>> spec = load_any_text("archkb: 1\\ncomponents: {fn: {service: lambda, timeout: 1200}}\\n"
...                      "workload: {requests_per_month: 1M, duration: 1s}\\n", "s.yaml", kb)
>>> r = build_review(spec, kb)
>>> [f["rule"] for f in r["findings"]], r["cost"]["total_usd"] > 0, "lambda-pricing" in r["sources"]
(['E2001'], True, True)
"""
from __future__ import annotations

from .cost import architecture_cost

ADVICE_FIELDS = {"requests_per_month": "requests_per_month", "duration_s": "duration"}
"""Cost overrides that are also workload fields of ``recommend`` (its input names)."""


def _source_record(kb, sid: str) -> dict:
    src = kb.sources.get(sid) or {"title": sid}
    return {"id": sid, **{k: src[k] for k in ("title", "url", "section", "kind", "as_of")
                          if k in src}}


def build_review(spec, kb, overrides: dict | None = None, findings=None) -> dict:
    """Everything a review shows, JSON-ready. ``overrides``: workload values from the command
    line (``requests_per_month``, ``duration_s``, ``storage_gb``); ``findings``: lint findings
    when already computed."""
    from ..graph.recommend import advise_spec
    from ..lint import lint_spec

    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    if findings is None:
        findings = lint_spec(spec, kb)
    cost = architecture_cost(spec, kb, overrides)
    workload = cost["workload"]
    advice_values = {ADVICE_FIELDS[k]: workload[k] for k in ADVICE_FIELDS if k in workload}
    advice = advise_spec(kb, spec, advice_values)
    for comp in advice["components"]:  # the ranking's top three are enough for a review
        comp["recommendations"] = comp["recommendations"][:3]
        comp.pop("cost", None)
    cited: list[str] = []
    for sid in ([f.source for f in findings] + sorted(advice["sources"]) + cost["sources"]):
        if sid and sid not in cited:
            cited.append(sid)
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    return {
        "spec": {"name": spec.name, "file": spec.file, "description": spec.description,
                 "components": len(spec.components), "connections": len(spec.connections)},
        "findings": [f.as_dict() for f in findings],
        "counts": counts,
        "advice": advice["components"],
        "cost": cost,
        "sources": {sid: _source_record(kb, sid) for sid in cited},
    }


def money(usd) -> str:
    """``$1,234.57``; small amounts keep their cents, ``—`` when not estimated.

    >>> money(1234.567), money(0.004), money(None)
    ('$1,234.57', '$0.00', '—')
    """
    return "—" if usd is None else f"${usd:,.2f}"


def rate(usd: float) -> str:
    """A unit price as people write it: ``$0.0000166667``, ``$3.5``.

    >>> rate(0.0000166667), rate(3.5)
    ('$0.0000166667', '$3.5')
    """
    return "$" + (f"{usd:.10f}".rstrip("0").rstrip(".") if usd < 0.001 else f"{usd:g}")


def heading(comp: dict) -> tuple[str, str | None]:
    """A component's id, and its label when it says something else.

    >>> heading({"id": "fn", "label": "fn"}), heading({"id": "fn", "label": "orders"})
    (('fn', None), ('fn', 'orders'))
    """
    return comp["id"], comp["label"] if comp.get("label") not in (None, comp["id"]) else None


def quantity(value) -> str:
    """``2,000,000`` / ``1.5`` / ``—``.

    >>> quantity(2e6), quantity(1.5), quantity(None)
    ('2,000,000', '1.5', '—')
    """
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def workload_text(workload: dict) -> str:
    """The workload used, in words.

    >>> workload_text({"requests_per_month": 2e6, "duration_s": 0.1})
    '2,000,000 requests a month; average Lambda run time 100 ms'
    """
    parts = []
    if workload.get("requests_per_month") is not None:
        parts.append(f"{quantity(workload['requests_per_month'])} requests a month")
    if workload.get("duration_s") is not None:
        parts.append(f"average Lambda run time {workload['duration_s'] * 1000:g} ms")
    if workload.get("storage_gb") is not None:
        parts.append(f"{workload['storage_gb']:g} GB stored per bucket or table")
    return "; ".join(parts) or "none given"


MISSING_HINTS = {"requests_per_month": "requests_per_month (--requests-per-month)",
                 "duration_s": "duration (--duration)", "storage_gb": "storage_gb (--storage-gb)"}


def total_label(cost: dict) -> str:
    """What the total covers: all components, or the priced ones only.

    >>> total_label({"components": [{"usd": 1.0}, {"usd": None}]})
    'Total (estimated; 1 component not priced)'
    """
    unpriced = sum(c["usd"] is None for c in cost["components"])
    if not unpriced:
        return "Total (estimated)"
    return f"Total (estimated; {unpriced} component{'s' if unpriced > 1 else ''} not priced)"


def not_estimated(comp: dict) -> str:
    """Why a component has no figure (its note, or the workload values it needs)."""
    if comp["missing"]:
        return "needs " + ", ".join(MISSING_HINTS.get(m, m) for m in comp["missing"])
    return comp["note"] or ""
