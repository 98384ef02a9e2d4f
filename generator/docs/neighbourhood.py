"""The small diagram on a KB page: one node, its direct neighbours and the relations between
them, as Graphviz DOT (turned into self-contained SVG by :mod:`generator.docs.svg`).

Service settings are left out (they are tables on the service page). Trigger edges are drawn
by mode with the spec diagrams' styles (:mod:`generator.render.styles`), icons come from
:mod:`generator.render.icons`; other relations are grey and labelled with their type. Every
neighbour links to its own page. Only the key neighbours are drawn (:data:`MAX_NEIGHBOURS`,
invocations first, then failure paths, data access and the rest), so a hub such as Lambda
stays a readable picture; the page lists every relation.

>>> from generator.kb import load_kb
>>> dot = neighbourhood_dot(load_kb(), "sqs")
>>> dot.startswith('digraph "sqs"') and '"sqs" -> "lambda"' in dot
True
"""
from __future__ import annotations

from typing import Callable

from ..graph.queries import INVOKE_TYPES
from ..kb.model import KB
from ..render.icons import find_icon
from ..render.styles import EDGE_STYLES, MODE_KEYS

KIND_FILL = {"concept": "#eef4ff", "pattern": "#f3e8ff", "tradeoff": "#fff4e5",
             "service": "#f6f8fa", "database": "#f6f8fa"}
MAX_NEIGHBOURS = 6
"""At most this many neighbours are drawn (7 nodes with the page's own). Each embedded icon
weighs about 24 KB, so this keeps the busiest page (Lambda's) well under 300 KB."""
_RELEVANCE = ("triggers", "orchestrates", "fails_to", "calls", "publishes", "writes", "reads",
              "accesses", "runs_on", "requires", "uses", "mitigates", "affects")


def q(text) -> str:
    """A DOT double-quoted string.

    >>> q('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def html_label_text(text: str) -> str:
    """Text escaped for a Graphviz HTML-like label."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def wrap(text: str, width: int = 18) -> list[str]:
    """Break a label into lines of about ``width`` characters.

    >>> wrap("Amazon Simple Queue Service")
    ['Amazon Simple', 'Queue Service']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [text]


def neighbours(kb: KB, node_id: str) -> list[tuple[str, str, dict]]:
    """Edges (u, v, attrs) between ``node_id`` and its neighbours, settings excluded."""
    kinds = kb.graph.nodes
    edges = [(u, v, d) for u, v, d in kb.relations(src=node_id)]
    edges += [(u, v, d) for u, v, d in kb.relations(dst=node_id) if u != node_id]
    return [(u, v, d) for u, v, d in edges
            if kinds[u].get("kind") != "setting" and kinds[v].get("kind") != "setting"]


def key_neighbours(kb: KB, node_id: str, limit: int = MAX_NEIGHBOURS) -> list[str]:
    """The neighbours worth drawing: one of each kind of link in turn (who triggers it, by
    mode; what it triggers; failure paths; data access; the other relations), a service before
    a concept, the best connected first, until :data:`MAX_NEIGHBOURS`.

    >>> from generator.kb import load_kb
    >>> kb = load_kb()
    >>> len(key_neighbours(kb, "lambda")) <= MAX_NEIGHBOURS, "sqs" in key_neighbours(kb, "lambda")
    (True, True)
    """
    groups: dict[tuple, list[tuple]] = {}
    for u, v, d in neighbours(kb, node_id):
        other = v if u == node_id else u
        if other == node_id:
            continue
        rank = _RELEVANCE.index(d["type"]) if d["type"] in _RELEVANCE else len(_RELEVANCE)
        mode = MODE_KEYS.index(d["mode"]) if d.get("mode") in MODE_KEYS else len(MODE_KEYS)
        kind = 0 if kb.graph.nodes[other].get("kind") in ("service", "database") else 1
        groups.setdefault((rank, mode, u == node_id), []).append(
            (kind, -kb.graph.degree(other), kb.name(other).lower(), other))
    queues = [(2 if key[0] == 0 else 1, sorted(groups[key])) for key in sorted(groups)]
    chosen: list[str] = []
    while len(chosen) < limit and any(q for _, q in queues):
        for share, queue in queues:  # each kind of link in turn (triggers two at a time)
            for _ in range(share):
                while queue and queue[0][-1] in chosen:
                    queue.pop(0)
                if queue and len(chosen) < limit:
                    chosen.append(queue.pop(0)[-1])
    return chosen


def node_statement(kb: KB, node_id: str, href: str | None, icon: Callable | None,
                   centre: bool = False) -> str:
    """One DOT node: an icon with its name below for services, a shaded box otherwise."""
    attrs = kb.graph.nodes[node_id]
    node = kb.nodes.get(node_id, {})
    kind = attrs.get("kind", "concept")
    name = attrs.get("name", node_id)
    icon_path = icon(node["diagrams"]) if icon and node.get("diagrams") else None
    extra = [f"URL={q(href)}", f"tooltip={q(name)}"] if href else [f"tooltip={q(name)}"]
    if icon_path:
        lines = "<BR/>".join(html_label_text(line) for line in wrap(name))
        weight = ' BGCOLOR="#fff4e5"' if centre else ""
        label = (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2"{weight}>'
                 f'<TR><TD FIXEDSIZE="TRUE" WIDTH="44" HEIGHT="44"><IMG SRC={q(icon_path)} '
                 f'SCALE="TRUE"/></TD></TR><TR><TD>{lines}</TD></TR></TABLE>>')
        return f"  {q(node_id)} [shape=plaintext, label={label}, {', '.join(extra)}];"
    fill = KIND_FILL.get(kind, "#f6f8fa")
    if kind == "tradeoff":
        polarity = (node.get("tradeoff") or {}).get("polarity")
        fill = {"benefit": "#e9f7ef", "cost": "#fff4e5"}.get(polarity, "#f6f8fa")
    shape = {"concept": "ellipse", "pattern": "component"}.get(kind, "box")
    style = '"rounded,filled,bold"' if centre else '"rounded,filled"'
    label = "\\n".join(wrap(name)).replace('"', '\\"')
    return (f'  {q(node_id)} [label="{label}", shape={shape}, style={style}, '
            f'fillcolor={q(fill)}, penwidth={2 if centre else 1}, {", ".join(extra)}];')


def edge_statement(u: str, v: str, d: dict) -> str:
    """One DOT edge: a trigger in its mode's style, any other relation grey and labelled."""
    if d["type"] in INVOKE_TYPES and d.get("mode") in MODE_KEYS:
        style = dict(EDGE_STYLES[d["mode"]]["dot"])
        how = d["mode"] + (f", {d['via']}" if d.get("via") else "")
        style["tooltip"] = f"{d['type']} ({how})"
    else:
        style = {"color": "#8c959f", "fontcolor": "#57606a", "label": d["type"].replace("_", " ")}
    return f"  {q(u)} -> {q(v)} [{', '.join(f'{k}={q(val)}' for k, val in style.items())}];"


def icon_file(diagrams_class: str) -> str | None:
    """The icon of a ``diagrams`` class, relative to the Graphviz image path, or None.

    >>> icon_file("diagrams.aws.compute.Lambda")
    'resources/aws/compute/lambda.png'
    """
    return find_icon(diagrams_class)


def neighbourhood_dot(kb: KB, node_id: str, href: Callable[[str], str | None] | None = None,
                      icon: Callable[[str], str | None] | None = icon_file) -> str:
    """DOT for the neighbourhood of ``node_id``; ``href(other)`` gives each node's link and
    ``icon(diagrams_class)`` the icon file of a service (``None``: no icons)."""
    href = href or (lambda other: None)
    keep = set(key_neighbours(kb, node_id))
    edges = [(u, v, d) for u, v, d in neighbours(kb, node_id) if {u, v} - {node_id} <= keep]
    others = sorted(keep)
    layout = "rankdir=LR, ranksep=0.8, nodesep=0.25"
    lines = [f"digraph {q(node_id)} {{",
             f'  graph [{layout}, bgcolor="white", pad=0.2, fontname="Sans-Serif"];',
             '  node [fontname="Sans-Serif", fontsize=10, margin="0.12,0.06"];',
             '  edge [fontname="Sans-Serif", fontsize=8, arrowsize=0.7];',
             node_statement(kb, node_id, None, icon, centre=True)]
    lines += [node_statement(kb, other, href(other), icon) for other in others]
    order = {k: i for i, k in enumerate(("triggers", "orchestrates", "calls"))}
    edges.sort(key=lambda e: (e[0], e[1], order.get(e[2]["type"], 9), e[2]["type"],
                              e[2].get("mode") or ""))
    lines += [edge_statement(u, v, d) for u, v, d in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"
