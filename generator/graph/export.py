"""Export the compiled graph: node-link JSON, GraphML, or DOT (deterministic text)."""
from __future__ import annotations

import io
import json

from ..kb.model import KB


def _clean(attrs: dict) -> dict:
    return {k: v for k, v in sorted(attrs.items()) if v is not None}


def export(kb: KB, fmt: str) -> str:
    """The graph as text in ``fmt`` (json, graphml, dot).

    >>> from generator.kb import load_kb
    >>> export(load_kb(), "dot").splitlines()[0]
    'digraph archkb {'
    """
    g = kb.graph
    nodes = sorted(g.nodes(data=True))
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    if fmt == "json":
        data = {"directed": True, "multigraph": True,
                "nodes": [{"id": n, **_clean(d)} for n, d in nodes],
                "links": [{"source": u, "target": v, "key": k, **_clean(d)} for u, v, k, d in edges]}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "graphml":
        import networkx as nx

        h = nx.MultiDiGraph()
        for n, d in nodes:
            h.add_node(n, **_clean(d))
        for u, v, k, d in edges:  # GraphML has scalar attributes only: mappings as JSON
            h.add_edge(u, v, key=k, **{a: json.dumps(x, sort_keys=True) if isinstance(x, dict)
                                       else x for a, x in _clean(d).items()})
        buf = io.BytesIO()
        nx.write_graphml(h, buf)
        return buf.getvalue().decode("utf-8")
    if fmt == "dot":
        lines = ["digraph archkb {", "  rankdir=LR;", "  node [shape=box];"]
        for n, d in nodes:
            lines.append(f"  {_q(n)} [label={_q(d['name'])}, kind={_q(d['kind'])}];")
        for u, v, k, d in edges:
            label = " ".join(x for x in (d["type"], d.get("mode")) if x)
            lines.append(f"  {_q(u)} -> {_q(v)} [key={_q(k)}, label={_q(label)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def _q(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
