"""Definitions and lists by property: "what is an event source mapping", "which serverless
databases scale to zero".

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> "Amazon DynamoDB" in by_property(kb, parse(kb, "which databases scale to zero"))["answer"]
True
"""
from __future__ import annotations

from ...kb.model import KB
from ..entities import Parsed
from ...numbers import format_number
from .base import Builder, fact_line, join_names


def define(kb: KB, p: Parsed) -> dict | None:
    """The first named node: its summary first, then its description, facts, limits, what it
    mitigates, and the range of the settings it explains."""
    if not p.node_ids:
        return None
    node_id = p.node_ids[0]
    node = kb.nodes[node_id]
    b = Builder(kb, "explain")
    if node.get("description"):
        b.point(node["description"], node["source"], owner=node_id)
    for fact in node.get("facts", [])[:5]:
        b.point(fact["text"], fact["source"], owner=node_id)
    for item in node.get("limits", [])[:4]:
        b.fact(node_id, item)
        b.point(fact_line(kb, node_id, item), item["source"], owner=node_id)
    for _, v, d in kb.relations(src=node_id, type="mitigates"):
        b.point(f"Mitigates {kb.name(v).lower()}: {d.get('note') or ''}", d.get("source"),
                owner=node_id)
    for other in kb.nodes.values():
        for key, s in other.get("settings", {}).items():
            if s.get("concept") == node_id and any(s.get(k) is not None for k in BOUNDS):
                unit = f" {s['unit']}" if s.get("unit") else ""
                rng = ", ".join(f"{k} {format_number(s[k])}{unit}" for k in BOUNDS
                                if s.get(k) is not None)
                b.point(f"The {key.replace('_', ' ')} setting of {other['name']}: {rng}.",
                        s["source"])
    record = b.result(node_id, kind=node["kind"], summary=node["summary"])
    record["description"] = (node.get("description") or "").strip()
    return b.done(f"{node['name']}: {node['summary']}")


BOUNDS = ("min", "max", "default")


def by_property(kb: KB, p: Parsed) -> dict | None:
    """Nodes a named trade-off affects, filtered by the kind the question asks for."""
    tradeoffs = [n for n in p.node_ids if kb.nodes[n]["kind"] == "tradeoff"]
    if not tradeoffs or not p.kinds:
        return None
    t = tradeoffs[0]
    kinds = p.kinds
    b = Builder(kb, "list")
    names = []
    for _, v, d in kb.relations(src=t, type="affects"):
        if kb.nodes[v]["kind"] not in kinds:
            continue
        names.append(kb.name(v))
        b.result(v, note=d.get("note"))
        b.point(f"{kb.name(v)}" + (f": {d['note']}" if d.get("note") else "."), d.get("source"))
    if not names:
        return None
    node = kb.nodes[t]
    b.point(f"{node['name']}: {node['summary']}", node["source"])
    kind_word = "databases" if kinds == {"database"} else "services"
    line = f"{len(names)} {kind_word} in the KB: {join_names(sorted(names))} ({node['name'].lower()})."
    return b.done(line)
