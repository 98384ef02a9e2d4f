"""The knowledge-graph overview page (``graph.html``): counts, the trigger map of services as
a diagram, a "who triggers whom" table by mode, and the trade-offs with what they affect.

>>> from generator.kb import load_kb
>>> dot = trigger_map_dot(load_kb())
>>> '"sqs" -> "lambda"' in dot
True
"""
from __future__ import annotations

from collections import Counter

from ..graph.queries import INVOKE_TYPES, MODES
from ..kb.model import KB
from .facts import KIND_TITLES
from .layout import diagram_box, esc, link, page, section, table
from .neighbourhood import edge_statement, node_statement


def trigger_edges(kb: KB) -> list[tuple[str, str, dict]]:
    """Invoking edges (triggers, orchestrates, calls) between KB nodes, in a stable order."""
    edges = [(u, v, d) for u, v, d in kb.relations() if d["type"] in INVOKE_TYPES
             and u in kb.nodes and v in kb.nodes and u != v]
    return sorted(edges, key=lambda e: (e[0], e[1], e[2]["type"], e[2].get("mode") or ""))


def trigger_map_dot(kb: KB, prefix: str = "kb/", icon=None) -> str:
    """DOT of every service that triggers or is triggered, linked to its KB page. Named boxes,
    not icons (``icon=icon_file`` for them): with some sixty services, embedded icons made the
    page weigh a megabyte and the names unreadable."""
    edges = trigger_edges(kb)
    ids = sorted({x for u, v, _ in edges for x in (u, v)})
    lines = ["digraph \"triggers\" {",
             '  graph [rankdir=LR, bgcolor="white", pad=0.2, ranksep=1.4, nodesep=0.15, '
             'fontname="Sans-Serif", concentrate=false];',
             '  node [fontname="Sans-Serif", fontsize=10, margin="0.12,0.06"];',
             '  edge [fontname="Sans-Serif", fontsize=8, arrowsize=0.7];']
    lines += [node_statement(kb, n, f"{prefix}{n}.html", icon) for n in ids]
    lines += [edge_statement(u, v, d) for u, v, d in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _who_triggers_table(kb: KB) -> str:
    by_target: dict[str, dict[str, list[str]]] = {}
    for u, v, d in trigger_edges(kb):
        by_target.setdefault(v, {m: [] for m in MODES + ("other",)})
        by_target[v][d.get("mode") if d.get("mode") in MODES else "other"].append(u)
    rows = []
    for target in sorted(by_target, key=lambda n: kb.name(n).lower()):
        cells = [link(f"kb/{target}.html", kb.name(target))]
        for mode in MODES:
            sources = sorted(set(by_target[target][mode]), key=lambda n: kb.name(n).lower())
            cells.append(", ".join(link(f"kb/{s}.html", kb.name(s)) for s in sources))
        rows.append(cells)
    return table(["Target", "sync", "async", "poll"], rows)


def _tradeoff_table(kb: KB) -> str:
    rows = []
    for t in sorted(kb.by_kind("tradeoff"), key=lambda n: kb.name(n).lower()):
        affects = sorted({v for _, v, _ in kb.relations(src=t, type="affects")},
                         key=lambda n: kb.name(n).lower())
        mitigated = sorted({u for u, _, _ in kb.relations(dst=t, type="mitigates")},
                           key=lambda n: kb.name(n).lower())
        polarity = (kb.nodes[t].get("tradeoff") or {}).get("polarity", "")
        rows.append([link(f"kb/{t}.html", kb.name(t)), esc(polarity),
                     ", ".join(link(f"kb/{n}.html", kb.name(n)) for n in affects if n in kb.nodes),
                     ", ".join(link(f"kb/{n}.html", kb.name(n)) for n in mitigated if n in kb.nodes)])
    return table(["Trade-off", "Polarity", "Affects", "Mitigated by"], rows)


def overview_page(kb: KB, diagram: str, version: str, legend_html: str) -> str:
    """``graph.html``; ``diagram`` is the inline SVG of :func:`trigger_map_dot`."""
    kinds = Counter(kb.nodes[n]["kind"] for n in kb.nodes)
    types = Counter(d["type"] for _, _, d in kb.relations())
    counts = table(["Nodes", "Count"], [
        [link(f"kb/index.html#kind-{k}", KIND_TITLES.get(k, k.title())), str(kinds[k])]
        for k in sorted(kinds)] + [["settings (on service pages)",
                                     str(sum(len(n.get("settings", {})) for n in kb.nodes.values()))]])
    rels = table(["Relation", "Count"], [[esc(t.replace("_", " ")), str(c)]
                                        for t, c in sorted(types.items())])
    intro = (f"<p>The knowledge base holds {len(kb.nodes)} nodes, {kb.graph.number_of_edges()} "
             f"relations and {len(kb.sources)} sources. Each box below links to its page.</p>")
    body = [intro, '<div class="side-by-side">' + counts + rels + "</div>",
            section("Trigger map", f'{diagram_box(diagram)}\n{legend_html}',
                    "trigger-map"),
            section("Who triggers whom", _who_triggers_table(kb), "who-triggers"),
            section("Trade-offs", _tradeoff_table(kb), "tradeoffs")]
    return page("graph.html", "Knowledge graph overview", "\n".join(b for b in body if b), version,
                kind="overview")
