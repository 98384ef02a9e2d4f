"""How current the KB's perishable facts are: every dated item (limits, prices, settings such as
runtime lists, facts, relations, lifecycle statuses, corrections), its age and the kind of page
it rests on, so a review knows what to re-read first.

An item's date is its own ``as_of``, else its source's. Ages are counted back from the KB's
review date, the newest ``as_of`` in it, so the generated table (``docs/kb-audit.md``) only
changes when the KB does.

>>> from generator.kb import load_kb
>>> rows = audit_rows(load_kb())
>>> {r["kind"] for r in rows} <= set(KIND_LABELS)
True
"""
from __future__ import annotations

from collections import Counter

from .model import KB

AWS_KINDS = ("aws-doc", "aws-blog", "aws-news", "aws-guide")
KIND_LABELS = {"aws": "AWS page", "secondary": "secondary"}
AGE_BUCKETS = ((1, "review month"), (6, "1 to 5 months"), (12, "6 to 11 months"),
               (None, "a year or more"))
"""(exclusive upper bound in whole months, label): the age rows, youngest first."""
GROUPS = ("limits", "prices", "facts", "corrections")


def months_between(older: str, newer: str) -> int:
    """Whole months from one ``YYYY-MM[-DD]`` date to another.

    >>> months_between("2026-11-01", "2026-12-01"), months_between("2025-08", "2026-12-01")
    (1, 16)
    """
    y1, m1 = int(older[:4]), int(older[5:7])
    y2, m2 = int(newer[:4]), int(newer[5:7])
    return (y2 - y1) * 12 + (m2 - m1)


def _items(node: dict):
    """(what, as_of, source) for every dated or sourced item of a node."""
    yield "node", node.get("as_of"), node.get("source")
    if node.get("status_source"):  # status_date is when the change happens, not a reading
        yield "status", None, node["status_source"]
    for group in GROUPS:
        for i, item in enumerate(node.get(group, [])):
            label = item.get("id") or item.get("topic") or str(i + 1)
            yield f"{group[:-1]} {label}", item.get("as_of"), item.get("source")
    for name, setting in sorted(node.get("settings", {}).items()):
        yield f"setting {name}", setting.get("as_of"), setting.get("source")
    for rel in node.get("relations", []):
        what = f"{rel['type']} {rel['to']}" + (f" ({rel['mode']})" if rel.get("mode") else "")
        yield what, rel.get("as_of"), rel.get("source")
    if node.get("database"):
        yield "database", node["database"].get("as_of"), node["database"].get("source")


def audit_rows(kb: KB) -> list[dict]:
    """One row per perishable item: ``{"node", "what", "as_of", "source", "kind"}`` where kind
    is ``aws`` or ``secondary``; items citing only the article (not perishable) are left out."""
    rows = []
    for node_id in sorted(kb.nodes):
        for what, as_of, source_id in _items(kb.nodes[node_id]):
            source = kb.sources.get(source_id or "", {})
            if source.get("kind", "article") == "article":
                continue
            date = as_of or source.get("as_of")
            if not date:
                continue
            kind = "aws" if source["kind"] in AWS_KINDS else "secondary"
            rows.append({"node": node_id, "what": what, "as_of": date, "source": source_id,
                         "kind": kind})
    return rows


def review_date(kb: KB) -> str:
    """The newest ``as_of`` in the KB: the date of its last review."""
    dates = [r["as_of"] for r in audit_rows(kb)]
    return max(dates) if dates else ""


def _bucket(months: int) -> str:
    """>>> _bucket(0), _bucket(1), _bucket(16)
    ('review month', '1 to 5 months', 'a year or more')
    """
    return next(label for bound, label in AGE_BUCKETS if bound is None or months < bound)


def audit(kb: KB) -> dict:
    """The audit as data: the review date, counts by age and source kind, and the sources to
    re-read (oldest first, with how many items rest on each)."""
    rows, today = audit_rows(kb), review_date(kb)
    counts: Counter = Counter()
    per_source: dict[str, dict] = {}
    for r in rows:
        age = months_between(r["as_of"], today)
        counts[(_bucket(age), r["kind"])] += 1
        entry = per_source.setdefault(r["source"], {"source": r["source"], "kind": r["kind"],
                                                    "oldest": r["as_of"], "items": 0})
        entry["items"] += 1
        entry["oldest"] = min(entry["oldest"], r["as_of"])
    sources = sorted(per_source.values(), key=lambda e: (e["oldest"], -e["items"], e["source"]))
    for e in sources:
        src = kb.sources[e["source"]]
        e.update(title=src["title"], url=src.get("url"), months=months_between(e["oldest"], today))
    return {"review_date": today, "items": len(rows),
            "by_age": [{"age": label, **{k: counts[(label, k)] for k in KIND_LABELS}}
                       for _, label in AGE_BUCKETS],
            "sources": sources}


def audit_markdown(kb: KB) -> str:
    """``docs/kb-audit.md``: the audit as Markdown tables."""
    data = audit(kb)
    out = ["# KB audit: how current the facts are", "",
           "Generated by `archkb kb audit -o docs/kb-audit.md` (`make docs`); do not edit.", "",
           f"Review date: {data['review_date']} (the newest `as_of` in the KB). "
           f"{data['items']} dated items (limits, prices, settings, facts, relations, "
           "lifecycle dates, corrections) rest on an AWS page or a secondary source; an item's "
           "date is its own `as_of`, else its source's. A date means the page was read that "
           "day: restamp only what you re-read.", "",
           "## By age and source kind", "",
           "| age | " + " | ".join(KIND_LABELS.values()) + " |",
           "| --- | " + " | ".join("---:" for _ in KIND_LABELS) + " |"]
    for row in data["by_age"]:
        out.append(f"| {row['age']} | " + " | ".join(str(row[k]) for k in KIND_LABELS) + " |")
    out += ["", "## Sources to re-read, oldest first", "",
            "| oldest item | months | kind | items | source |", "| --- | ---: | --- | ---: | --- |"]
    for e in data["sources"]:
        title = e["title"].replace("|", "\\|")
        link = f"[{title}]({e['url']})" if e.get("url") else title
        out.append(f"| {e['oldest']} | {e['months']} | {KIND_LABELS[e['kind']]} | {e['items']} "
                   f"| `{e['source']}`: {link} |")
    return "\n".join(out) + "\n"
