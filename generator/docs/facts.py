"""What the docs say about one KB node, gathered once from the graph queries.

Both the HTML pages and the Markdown reference read this record, so they cannot disagree. It
reuses :mod:`generator.graph.queries` (triggers, targets, trade-offs, alternatives, explain)
and numbers the sources each section cites.

>>> from generator.kb import load_kb
>>> facts = node_facts(load_kb(), "sqs")
>>> any(r["id"] == "lambda" and r["mode"] == "poll" for r in facts["triggers"])
True
>>> facts["sources"].ids[0] == facts["sources"].records[0]["id"]
True
"""
from __future__ import annotations

from ..graph import queries
from ..numbers import format_number
from ..kb.model import KB

KIND_ORDER = ("service", "database", "concept", "pattern", "tradeoff")
KIND_TITLES = {"service": "Services", "database": "Databases", "concept": "Concepts",
               "pattern": "Patterns", "tradeoff": "Trade-offs"}

OUT_VERBS = {"reads": "reads", "writes": "writes", "accesses": "accesses",
             "publishes": "publishes to", "runs_on": "runs on", "requires": "requires",
             "part_of": "is part of", "limits": "limits", "uses": "uses", "affects": "affects",
             "mitigates": "mitigates", "alternative_to": "is an alternative to",
             "triggers": "triggers", "orchestrates": "orchestrates", "calls": "calls"}
IN_VERBS = {"reads": "is read by", "writes": "is written by", "accesses": "is accessed by",
            "publishes": "receives from", "runs_on": "runs", "requires": "is required by",
            "part_of": "has as a part", "limits": "is limited by", "uses": "is used by",
            "affects": "is affected by", "mitigates": "is mitigated by",
            "alternative_to": "is an alternative to", "triggers": "is triggered by",
            "orchestrates": "is orchestrated by", "calls": "is called by"}


class SourceIndex:
    """Numbers the sources a page cites, in order of first citation."""

    def __init__(self):
        self.ids: list[str] = []
        self.records: list[dict] = []

    def refs(self, sources: list[dict]) -> list[int]:
        numbers = []
        for src in sources:
            if src["id"] not in self.ids:
                self.ids.append(src["id"])
                self.records.append(src)
            numbers.append(self.ids.index(src["id"]) + 1)
        return numbers


def ordered_nodes(kb: KB) -> list[str]:
    """Node ids by kind (services, databases, concepts, patterns, trade-offs), then by id."""
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(kb.nodes, key=lambda n: (rank.get(kb.nodes[n]["kind"], 99), n))


def page_node(kb: KB, node_id: str) -> tuple[str, str | None]:
    """The node whose page describes ``node_id`` and the anchor on it: a service setting
    (a graph node of kind ``setting``) lives on its service's page.

    >>> from generator.kb import load_kb
    >>> page_node(load_kb(), "lambda-memory")
    ('lambda', 'setting-memory')
    """
    attrs = kb.graph.nodes[node_id] if node_id in kb.graph else {}
    if attrs.get("kind") == "setting":
        return attrs["service"], "setting-" + attrs["setting"].replace("_", "-")
    return node_id, None


def node_facts(kb: KB, node_id: str) -> dict:
    """Everything a page shows about ``node_id``, with a :class:`SourceIndex`."""
    info = queries.explain(kb, node_id)["results"][0]
    src = SourceIndex()
    src.refs(queries.sources_of(kb, kb.nodes[node_id].get("source")))
    triggered_by = queries.triggers(kb, node_id)["results"]
    triggers = queries.targets(kb, node_id)["results"]
    tradeoffs = queries.tradeoffs(kb, node_id)["results"]
    alternatives = queries.alternatives(kb, node_id)["results"]
    shown = {(r["id"], r["relation"], r["mode"], "in") for r in triggered_by}
    shown |= {(r["id"], r["relation"], r["mode"], "out") for r in triggers}
    shown |= {(r["id"], "affects", None, "in") for r in tradeoffs}
    shown |= {(r["id"], "alternative_to", None, d) for r in alternatives for d in ("in", "out")}
    related = [r for r in info["relations"]
               if (r["id"], r["relation"], r["mode"], r["direction"]) not in shown]
    for group in (triggered_by, triggers, alternatives, related):
        for r in group:
            r["refs"] = src.refs(r["sources"])
    for t in tradeoffs:
        t["refs"] = src.refs(t["sources"])
        for m in t["mitigated_by"]:
            m["refs"] = src.refs(m["sources"])
    for group in ("facts", "limits", "corrections"):  # copies: these lists are the KB's own
        info[group] = [dict(item, refs=src.refs(queries.sources_of(
            kb, item.get("source"), item.get("article_source")))) for item in info[group]]
    settings = []
    for name, setting in sorted(info["settings"].items()):
        settings.append(dict(setting, name=name,
                             refs=src.refs(queries.sources_of(kb, setting.get("source")))))
    prices = [dict(p, refs=src.refs(queries.sources_of(kb, p.get("source"))))
              for p in info["prices"]]
    return {"info": info, "triggered_by": triggered_by, "triggers": triggers,
            "tradeoffs": tradeoffs, "alternatives": alternatives, "related": related,
            "settings": settings, "prices": prices, "sources": src}


def relation_phrase(r: dict) -> str:
    """``"writes"``, ``"is read by"``... for a relation record of :func:`node_facts`."""
    verbs = OUT_VERBS if r["direction"] == "out" else IN_VERBS
    return verbs.get(r["relation"], r["relation"].replace("_", " "))


def value_text(item: dict) -> str:
    """A limit's value with its unit: ``"900 s"``, ``"10,240 MB"``.

    >>> value_text({"value": 10240, "unit": "MB"}), value_text({"value": "1,000 per 10 s"})
    ('10,240 MB', '1,000 per 10 s')
    """
    value = item.get("value")
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (int, float)):
        text = format_number(value)
    else:
        text = "" if value is None else str(value)
    return f"{text} {item['unit']}".strip() if item.get("unit") else text


def source_text(src: dict) -> str:
    """One line for a source: title, section, date (the URL is shown separately)."""
    text = src["title"]
    if src.get("section"):
        text += f" — {src['section']}"
    if src.get("as_of"):
        text += f" (as of {src['as_of']})"
    return text
