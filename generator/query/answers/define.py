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
from .base import Builder, fact_line, join_names


def define(kb: KB, p: Parsed) -> dict | None:
    if not p.node_ids:
        return None
    node_id = p.node_ids[0]
    node = kb.nodes[node_id]
    b = Builder(kb, "explain")
    for fact in node.get("facts", [])[:5]:
        b.point(fact["text"], fact["source"], owner=node_id)
    for item in node.get("limits", [])[:4]:
        b.fact(node_id, item)
        b.point(fact_line(kb, node_id, item), item["source"], owner=node_id)
    for key, s in node.get("settings", {}).items():
        if s.get("default") is not None and node_id != "generic" and len(b.points) < 10:
            pass
    for _, v, d in kb.relations(src=node_id, type="mitigates"):
        b.point(f"Mitigates {kb.name(v)}: {d.get('note') or ''}", d.get("source"), owner=node_id)
    for owner, other in kb.nodes.items():  # a concept behind a setting: show the setting range
        for key, s in other.get("settings", {}).items():
            if s.get("concept") == node_id and ("min" in s or "max" in s or "default" in s):
                rng = ", ".join(f"{w} {s[k]}{' ' + s['unit'] if s.get('unit') else ''}"
                                for k, w in (("min", "min"), ("max", "max"), ("default", "default"))
                                if s.get(k) is not None)
                b.point(f"Setting '{key}' of {other['name']}: {rng}.", s["source"])
    b.cite(node["source"])
    record = b.result(node_id, kind=node["kind"], summary=node["summary"])
    record["description"] = (node.get("description") or "").strip()
    line = f"{node['name']}: {node['summary']}"
    if node.get("description"):
        b.points.insert(0, {"text": b_text(kb, node), "sources": b.cite(node["source"])})
    return b.done(line)


def b_text(kb: KB, node: dict) -> str:
    from .base import humanize

    return humanize(kb, " ".join(node["description"].split()), node["id"])


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
