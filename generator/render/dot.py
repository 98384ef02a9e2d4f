"""DOT text from the render model, written directly (no ``diagrams``, no ``graphviz`` import).

Node ids are the component ids; every id, label and tooltip is a quoted DOT string in which
quotes, backslashes, newlines and ``&`` (Graphviz decodes entities) are escaped and control
characters dropped, so no text of a spec can end the string, start HTML-like labels, reach
Graphviz escapes (``\\N``, ``\\G``) or entities (``&lt;``).
Icons are paths relative to the ``diagrams`` install (``-Gimagepath`` at render time), so the
text is the same on every machine.

>>> print(quote('say "hi" & \\\\ <b>{x}</b>\\nbye'))
"say \\"hi\\" &amp; \\\\ <b>{x}</b>\\nbye"
"""
from __future__ import annotations

import re
import textwrap

from .model import Cluster, RenderModel
from .styles import EDGE_STYLES, FONT, GROUP_STYLES, TEXT_COLOR

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
LEGEND_PREFIX = "legend:"
"""Legend node ids start with this; component ids cannot contain ':'."""

GRAPH_ATTRS = {"pad": "0.5", "nodesep": "0.6", "ranksep": "0.9", "fontname": FONT,
               "fontsize": "15", "fontcolor": TEXT_COLOR, "labelloc": "t", "compound": "true",
               "newrank": "true", "outputorder": "edgesfirst"}
NODE_ATTRS = {"shape": "none", "fixedsize": "true", "width": "1.4", "height": "1.9",
              "labelloc": "b", "imagescale": "true", "imagepos": "tc", "fontname": FONT,
              "fontsize": "13", "fontcolor": TEXT_COLOR}
EDGE_ATTRS = {"color": "#7B8894", "fontname": FONT, "fontsize": "11", "fontcolor": TEXT_COLOR}
FALLBACK_NODE = {"shape": "box", "style": "rounded", "height": "0.8"}
"""A service whose icon cannot be found is drawn as a rounded box."""


LABEL_WIDTH = 22
"""Node labels wrap at spaces beyond this many characters (nodes have a fixed width)."""


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """A label wrapped at spaces so that it fits under an icon.

    >>> wrap("Config rule (non-compliant)")
    'Config rule\\n(non-compliant)'
    """
    lines = []
    for line in clean(text).split("\n"):
        lines.extend(textwrap.wrap(line, width, break_long_words=False,
                                   break_on_hyphens=False) or [""])
    return "\n".join(lines)


def clean(text: str) -> str:
    """Text without control characters (tabs become spaces, CR-LF becomes LF)."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def quote(text: str) -> str:
    """A DOT quoted string showing ``text`` literally (newlines become line breaks).

    Graphviz decodes HTML entities (``&amp;``, ``&lt;``) in strings, so ``&`` is escaped too.
    """
    text = clean(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\n", "\\n")
    return f'"{text}"'


def quote_id(text: str) -> str:
    """A DOT quoted id. Graphviz keeps backslashes in ids as written (no escapes but ``\\"``),
    so they are dropped: only the graph's name needs this (component ids have none)."""
    return quote(" ".join(clean(text).replace("\\", "").split()))


def attrs(values: dict) -> str:
    """``key="value", ...``; an HTML-like label (``overlay.Html``) is written as ``<...>``."""
    return ", ".join(f"{key}=<{value}>" if getattr(value, "is_html", False)
                     else f"{key}={quote(value)}" for key, value in values.items())


class _Writer:
    def __init__(self, model: RenderModel, overlay=None):
        self.model = model
        self.overlay = overlay
        self.lines: list[str] = []
        self.members: dict = {}
        for node in model.nodes:
            self.members.setdefault(node.group, []).append(node)

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text)

    def node(self, depth: int, node) -> None:
        text = wrap(node.label)
        values = {"label": text, "tooltip": node.tooltip}
        if node.icon:
            values["image"] = node.icon
            extra = text.count("\n")
            if extra:
                values["height"] = f"{1.9 + 0.4 * extra:.1f}"
        else:
            values.update(FALLBACK_NODE)
        if self.overlay is not None:
            values = self.overlay.dot_node(node.id, values)
        self.emit(depth, f"{quote(node.id)} [{attrs(values)}]")

    def cluster(self, depth: int, cluster: Cluster) -> None:
        style = GROUP_STYLES[cluster.style]
        self.emit(depth, f"subgraph {quote('cluster_' + cluster.id)} {{")
        self.emit(depth + 1, f"graph [{attrs({'label': cluster.label, 'labeljust': 'l', 'fontname': FONT, 'fontsize': '12', 'penwidth': '1.5', **style})}]")
        for node in self.members.get(cluster.id, []):
            self.node(depth + 1, node)

    def clusters(self, depth: int) -> None:
        # Nested clusters without recursion: open a cluster, then its children, then close it.
        stack: list[tuple[Cluster, bool]] = [(c, False) for c in reversed(self.model.clusters_in(None))]
        children: dict = {}
        for c in self.model.clusters:
            children.setdefault(c.parent, []).append(c)
        while stack:
            cluster, closing = stack.pop()
            if closing:
                self.emit(depth + cluster.depth, "}")
                continue
            self.cluster(depth + cluster.depth, cluster)
            stack.append((cluster, True))
            stack.extend((c, False) for c in reversed(children.get(cluster.id, [])))

    def edges(self, depth: int) -> None:
        for edge in self.model.edges:
            values = dict(EDGE_STYLES[edge.style]["dot"])
            if edge.label:
                values["label"] = edge.label
            values["tooltip"] = edge.tooltip
            if self.overlay is not None:
                values = self.overlay.dot_edge(edge.index, values)
            self.emit(depth, f"{quote(edge.source)} -> {quote(edge.target)} [{attrs(values)}]")

    def legend(self, depth: int) -> None:
        if not self.model.legend:
            return
        self.emit(depth, f"subgraph {quote('cluster_' + LEGEND_PREFIX + 'box')} {{")
        self.emit(depth + 1, f"graph [{attrs({'label': 'Legend', 'labeljust': 'l', 'fontname': FONT, 'fontsize': '12', 'color': '#AEB6BE', 'style': 'rounded', 'bgcolor': '#FFFFFF'})}]")
        self.emit(depth + 1, f"node [{attrs({'shape': 'point', 'width': '0.05', 'height': '0.05', 'fixedsize': 'true', 'color': '#AEB6BE', 'label': ''})}]")
        ends = {"from": [], "to": []}
        for entry in self.model.legend:
            a, b = (quote(f"{LEGEND_PREFIX}{entry.style}:{end}") for end in ("from", "to"))
            ends["from"].append(a)
            ends["to"].append(b)
            values = {**EDGE_STYLES[entry.style]["dot"], "label": entry.text, "tooltip": entry.text}
            self.emit(depth + 1, f"{a} -> {b} [{attrs(values)}]")
        for names in ends.values():  # one column of starts, one of ends: entries stack
            self.emit(depth + 1, f"{{rank=same; {'; '.join(names)}}}")
        self.emit(depth, "}")

    def write(self) -> str:
        m = self.model
        self.emit(0, "// Generated by archkb. Icon paths are relative to the folder that holds the")
        self.emit(0, "// diagrams package: render with  dot -Gimagepath=<that folder> -Tsvg FILE")
        self.emit(0, f"digraph {quote_id(m.name)} {{")
        self.emit(1, f"graph [{attrs({**GRAPH_ATTRS, 'label': m.name, 'rankdir': m.direction})}]")
        self.emit(1, f"node [{attrs(NODE_ATTRS)}]")
        self.emit(1, f"edge [{attrs(EDGE_ATTRS)}]")
        self.legend(1)  # first: Graphviz then tends to place it below the diagram
        if self.overlay is not None:  # its boxes (findings caption, diff legend)
            for line in self.overlay.dot_statements():
                self.emit(1, line)
        self.clusters(1)
        for node in self.members.get(None, []):
            self.node(1, node)
        self.edges(1)
        self.emit(0, "}")
        return "\n".join(self.lines) + "\n"


def to_dot(model: RenderModel, overlay=None) -> str:
    """The DOT text of a render model (deterministic: same model, same bytes), with the
    decorations of an :class:`~generator.render.overlay.Overlay` when one is given."""
    return _Writer(model, overlay).write()
