"""Compile KB nodes into a networkx MultiDiGraph.

Node attributes: ``kind``, ``name``, ``summary``, ``category``. Edge keys are
``type`` (plus ``:mode`` for triggers), attributes ``type``, ``mode``, ``via``, ``note``,
``source``, ``as_of``, and when the relation states them ``when_target`` (the target settings
the relation needs) and its lifecycle ``status``/``status_date``/``status_source``. Each service setting becomes a ``setting`` node with a ``part_of`` edge
to its service.

>>> from generator.kb import load_kb
>>> g = load_kb().graph
>>> g.nodes["lambda"]["kind"]
'service'
>>> g.edges["sqs", "lambda", "triggers:poll"]["via"]
'event-source-mapping'
"""
from __future__ import annotations

import networkx as nx

from ..kb.model import setting_node_id


EDGE_ATTRS = ("type", "mode", "via", "note", "source", "as_of")
OPTIONAL_EDGE_ATTRS = ("when_target", "status", "status_date", "status_source")
"""Copied onto an edge only when the relation states them."""


def edge_key(rel: dict) -> str:
    return f"{rel['type']}:{rel['mode']}" if rel.get("mode") else rel["type"]


def compile_graph(nodes: dict[str, dict]) -> nx.MultiDiGraph:
    """Build the graph; node and edge order follow sorted ids, so output is deterministic."""
    g = nx.MultiDiGraph()
    for node_id in sorted(nodes):
        node = nodes[node_id]
        g.add_node(node_id, kind=node["kind"], name=node["name"], summary=node["summary"],
                   category=node.get("category"))
    for node_id in sorted(nodes):
        node = nodes[node_id]
        for name, setting in sorted(node.get("settings", {}).items()):
            sid = setting_node_id(node_id, name)
            g.add_node(sid, kind="setting", name=f"{node['name']} {name.replace('_', ' ')}",
                       summary=setting["description"], category=None, setting=name,
                       service=node_id)
            g.add_edge(sid, node_id, key="part_of", type="part_of", source=setting["source"],
                       as_of=setting.get("as_of"))
            if setting.get("concept"):
                g.add_edge(sid, setting["concept"], key="part_of:concept", type="part_of",
                           source=setting["source"], as_of=setting.get("as_of"))
        for rel in node.get("relations", []):
            attrs = {k: rel.get(k) for k in EDGE_ATTRS}
            attrs.update({k: rel[k] for k in OPTIONAL_EDGE_ATTRS if k in rel})
            g.add_edge(node_id, rel["to"], key=edge_key(rel), **attrs)
    return g
