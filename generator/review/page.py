"""The design review as one self-contained HTML page: inline CSS, the diagram as inline SVG
with its icons embedded and the findings drawn on it (badge *n* links to row *n* of the
findings table), then the findings, the advice, the cost and the sources. Nothing is
fetched: no script, no external style sheet, font or image.

>>> review = {"spec": {"name": "Demo <1>", "file": "d.yaml", "description": None,
...                    "components": 1, "connections": 0},
...           "findings": [], "counts": {"error": 0, "warning": 0, "info": 0}, "advice": [],
...           "cost": {"workload": {}, "components": [], "total_usd": 0, "assumptions": [],
...                    "free_tiers": [], "prices": [], "region": [], "sources": []},
...           "sources": {}}
>>> page = review_html(review, "<svg></svg>")
>>> "<title>Design review: Demo &lt;1&gt;</title>" in page, "<script" in page
(True, False)
"""
from __future__ import annotations

import re
from html import escape

from .report import heading, money, not_estimated, quantity, rate, total_label, workload_text

SEVERITY_COLORS = {"error": "#D13212", "warning": "#EC7211", "info": "#147EBA"}
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#2D3436;
margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid
#E1E4E8;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#5A6B86}.summary span{display:inline-block;margin:8px 16px 0 0}
figure{margin:12px 0;overflow-x:auto;border:1px solid #E1E4E8;border-radius:8px;padding:8px}
figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #E1E4E8;
padding:6px 8px;text-align:left;vertical-align:top}th{background:#F6F8FA}
td.num,th.num{text-align:right;white-space:nowrap}tr:target{background:#FFF5DC}
.badge{display:inline-block;min-width:18px;padding:0 6px;border-radius:9px;color:#fff;
font-weight:600;text-align:center}
.sev{font-weight:600}.note{color:#5A6B86;font-size:13px}
tr.total td{font-weight:700;border-top:2px solid #2D3436}
"""


def inline_svg(svg: str) -> str:
    """An SVG document as an element to inline in HTML (no XML prolog or doctype)."""
    return _PROLOG.sub("", svg, count=1)


def _source_link(review: dict, sid: str | None) -> str:
    if not sid:
        return ""
    numbers = list(review["sources"])
    if sid not in numbers:
        return escape(sid)
    return f'<a href="#source-{numbers.index(sid) + 1}">[{numbers.index(sid) + 1}]</a>'


def _findings(review: dict) -> list[str]:
    if not review["findings"]:
        return ["<p>No findings: every rule passes.</p>"]
    out = ["<table><tr><th>#</th><th>Severity</th><th>Rule</th><th>On</th><th>Message</th>"
           "<th>Where</th><th>Source</th></tr>"]
    for n, f in enumerate(review["findings"], 1):
        loc = f["location"]
        where = ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k))
        color = SEVERITY_COLORS.get(f["severity"], "#5A6B86")
        out.append(f'<tr id="finding-{n}"><td><span class="badge" style="background:{color}">'
                   f'{n}</span></td><td class="sev" style="color:{color}">{f["severity"]}</td>'
                   f'<td>{escape(f["rule"])}</td>'
                   f'<td><code>{escape(f.get("connection") or f.get("component") or "spec")}'
                   f'</code></td><td>{escape(f["message"])}</td><td><code>{escape(where)}</code>'
                   f'</td><td>{_source_link(review, f.get("source"))}</td></tr>')
    out.append("</table>")
    return out


def _advice(review: dict) -> list[str]:
    if not review["advice"]:
        return ["<p>No Lambda functions to advise on.</p>"]
    out = []
    for comp in review["advice"]:
        cid, label = heading(comp)
        out.append(f'<h3><code>{escape(cid)}</code> {escape(label or "")}</h3><ul>')
        for a in comp["advice"]:
            out.append(f'<li><b>{escape(a["effect"])}</b>: {escape(a["text"])} '
                       f'{_source_link(review, a["source"])}</li>')
        ranked = ", ".join(f'{escape(r["name"])} ({r["verdict"]}, {r["score"]})'
                           for r in comp["recommendations"])
        out.append(f"<li><b>best fits for this function's workload</b>: {ranked}</li></ul>")
    return out


def _cost(review: dict) -> list[str]:
    cost = review["cost"]
    out = [f'<p>Workload: {escape(workload_text(cost["workload"]))}. Prices: '
           f'{escape(", ".join(cost["region"]) or "KB")} (USD).</p>',
           '<table><tr><th>Component</th><th>Service</th><th>What is billed</th>'
           '<th class="num">Quantity</th><th class="num">Monthly</th></tr>']
    for comp in cost["components"]:
        items = "<br>".join(f'{escape(line["item"])} <span class="note">({money(line["usd"])} '
                            f'at {rate(line["rate_usd"])} per {escape(line["unit"])} '
                            f'{_source_link(review, line["source"])})</span>'
                            for line in comp["lines"]) or \
            f'<span class="note">{escape(not_estimated(comp))}</span>'
        amounts = "<br>".join(quantity(line["quantity"]) for line in comp["lines"])
        out.append(f'<tr><td><code>{escape(comp["id"])}</code></td>'
                   f'<td>{escape(comp["service_name"])}</td><td>{items}</td>'
                   f'<td class="num">{amounts}</td><td class="num">{money(comp["usd"])}</td></tr>')
    out.append(f'<tr class="total"><td colspan="4">{escape(total_label(cost))}</td>'
               f'<td class="num">{money(cost["total_usd"])}</td></tr></table>')
    out.append("<h3>Assumptions</h3><ul>" + "".join(f"<li>{escape(a)}</li>"
                                                     for a in cost["assumptions"]) + "</ul>")
    if cost["free_tiers"]:
        out.append("<h3>Free tiers not subtracted</h3><ul>" + "".join(
            f"<li>{escape(t)}</li>" for t in cost["free_tiers"]) + "</ul>")
    return out


def _sources(review: dict) -> list[str]:
    out = ["<ol>"]
    for n, (sid, src) in enumerate(review["sources"].items(), 1):
        title = escape(src["title"] + (f" — {src['section']}" if src.get("section") else ""))
        link = f'<a href="{escape(src["url"])}">{title}</a>' if src.get("url") else title
        date = f' <span class="note">(as of {escape(src["as_of"])})</span>' \
            if src.get("as_of") else ""
        out.append(f'<li id="source-{n}">{link}{date} <span class="note">{escape(sid)}</span>'
                   f'</li>')
    out.append("</ol>")
    return out


def _unpriced(cost: dict) -> str:
    label = total_label(cost)
    return f" ({escape(label.split('; ', 1)[1].rstrip(')'))})" if "; " in label else ""


def review_html(review: dict, svg: str | None) -> str:
    """The page (``svg``: the diagram with findings; None when Graphviz is missing)."""
    spec, counts = review["spec"], review["counts"]
    name = escape(spec["name"])
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Design review: {name}</title><style>{CSS}</style></head><body>",
             f"<h1>Design review: {name}</h1>",
             f'<p class="meta">{escape(spec["file"])} · generated by archkb</p>']
    if spec.get("description"):
        parts.append(f"<p>{escape(spec['description'])}</p>")
    parts.append('<p class="summary">' + "".join(
        f"<span>{text}</span>" for text in (
            f'{spec["components"]} components, {spec["connections"]} connections',
            f'<b style="color:{SEVERITY_COLORS["error"]}">{counts["error"]} errors</b>, '
            f'<b style="color:{SEVERITY_COLORS["warning"]}">{counts["warning"]} warnings</b>, '
            f'{counts["info"]} info',
            f'estimated <b>{money(review["cost"]["total_usd"])}</b> a month'
            f'{_unpriced(review["cost"])}')) + "</p>")
    parts.append("<h2>Diagram</h2>")
    parts.append(f"<figure>{inline_svg(svg)}</figure>" if svg else
                 '<p class="note">No diagram: Graphviz is not installed (archkb doctor).</p>')
    parts += ["<h2>Findings</h2>", *_findings(review), "<h2>Advice</h2>", *_advice(review),
              "<h2>Monthly cost</h2>", *_cost(review), "<h2>Sources</h2>", *_sources(review),
              "</body></html>"]
    return "\n".join(parts) + "\n"
