"""The design review as Markdown (a wiki page or a pull-request comment): the diagram with
its findings as a Mermaid block, then the findings, advice, cost and sources tables.

>>> review = {"spec": {"name": "Demo", "file": "d.yaml", "description": None,
...                    "components": 1, "connections": 0},
...           "findings": [], "counts": {"error": 0, "warning": 0, "info": 0}, "advice": [],
...           "cost": {"workload": {}, "components": [], "total_usd": 1.5, "assumptions": ["x"],
...                    "free_tiers": [], "prices": [], "region": [], "sources": []},
...           "sources": {}}
>>> print(review_markdown(review, "flowchart LR\\n").splitlines()[0])
# Design review: Demo
"""
from __future__ import annotations

from .diffviews import cell, findings_table
from .report import heading, money, not_estimated, quantity, total_label, workload_text


def _ref(review: dict, sid: str | None) -> str:
    numbers = list(review["sources"])
    return f"[{numbers.index(sid) + 1}]" if sid in numbers else ""


def review_markdown(review: dict, mermaid: str | None) -> str:
    """The review; ``mermaid`` is the diagram with findings (``render.to_mermaid``)."""
    spec, counts, cost = review["spec"], review["counts"], review["cost"]
    lines = [f"# Design review: {cell(spec['name'])}", "",
             f"`{cell(spec['file'])}`: {spec['components']} components, "
             f"{spec['connections']} connections; {counts['error']} errors, "
             f"{counts['warning']} warnings, {counts['info']} info; estimated "
             f"**{money(cost['total_usd'])}** a month.", ""]
    if spec.get("description"):
        lines += [cell(spec["description"]), ""]
    if mermaid:
        lines += ["## Diagram", "", "```mermaid", mermaid.rstrip("\n"), "```", ""]
    lines += ["## Findings", ""]
    lines += findings_table(review["findings"], numbered=True) or ["No findings."]
    lines += ["", "## Advice", ""]
    for comp in review["advice"]:
        cid, label = heading(comp)
        lines.append(f"**`{cell(cid)}`**" + (f" ({cell(label)})" if label else ""))
        lines.append("")
        lines += [f"- {a['effect']}: {cell(a['text'])} {_ref(review, a['source'])}"
                  for a in comp["advice"]]
        ranked = ", ".join(f"{cell(r['name'])} ({r['verdict']}, {r['score']})"
                           for r in comp["recommendations"])
        lines += [f"- best fits for this function's workload: {ranked}", ""]
    if not review["advice"]:
        lines += ["No Lambda functions to advise on.", ""]
    lines += ["## Monthly cost", "", f"Workload: {cell(workload_text(cost['workload']))}. "
              f"Prices: {', '.join(cost['region']) or 'KB'} (USD).", "",
              "| Component | Service | What is billed | Quantity | Monthly |",
              "| --- | --- | --- | ---: | ---: |"]
    for comp in cost["components"]:
        items = "<br>".join(f"{cell(line['item'])} ({money(line['usd'])}) "
                            f"{_ref(review, line['source'])}" for line in comp["lines"]) \
            or cell(not_estimated(comp))
        amounts = "<br>".join(quantity(line["quantity"]) for line in comp["lines"])
        lines.append(f"| `{cell(comp['id'])}` | {cell(comp['service_name'])} | {items} | "
                     f"{amounts} | {money(comp['usd'])} |")
    lines += [f"| **{total_label(cost)}** | | | | **{money(cost['total_usd'])}** |", "",
              "Assumptions:", ""]
    lines += [f"- {cell(a)}" for a in cost["assumptions"]]
    if cost["free_tiers"]:
        lines += ["", "Free tiers not subtracted:", ""]
        lines += [f"- {cell(t)}" for t in cost["free_tiers"]]
    lines += ["", "## Sources", ""]
    for n, (sid, src) in enumerate(review["sources"].items(), 1):
        title = cell(src["title"] + (f" — {src['section']}" if src.get("section") else ""))
        shown = f"[{title}]({src['url']})" if src.get("url") else title
        date = f" (as of {src['as_of']})" if src.get("as_of") else ""
        lines.append(f"{n}. {shown}{date} `{sid}`")
    return "\n".join(lines) + "\n"
