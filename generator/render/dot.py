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
LEGEND_COLOR = "#5A6B86"

GRAPH_ATTRS = {"pad": "0.5", "nodesep": "0.6", "ranksep": "0.9", "fontname": FONT,
               "fontsize": "15", "fontcolor": TEXT_COLOR, "labelloc": "t", "compound": "true",
               "newrank": "true", "outputorder": "edgesfirst"}
NODE_ATTRS = {"shape": "none", "fixedsize": "true", "width": "1.4", "height": "1.9",
              "labelloc": "b", "imagescale": "true", "imagepos": "tc", "fontname": FONT,
              "fontsize": "13", "fontcolor": TEXT_COLOR}
EDGE_ATTRS = {"color": "#7B8894", "fontname": FONT, "fontsize": "11", "fontcolor": TEXT_COLOR}
FALLBACK_NODE = {"shape": "box", "style": "rounded", "height": "0.8"}
EXTERNAL_NODE = {"shape": "box", "style": "dashed,rounded", "color": "#8A96A3",
                 "fontcolor": "#5F6B76"}
"""An existing resource the template only refers to (an ARN, an import, a parameter)."""
EXTERNAL_LABEL_WIDTH = 13
"""Characters per label line that fit inside the dashed box (the icon's width)."""
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


def html(text: str) -> str:
    """Text for a Graphviz HTML-like label: markup characters escaped, lines as ``<BR/>``.

    >>> html('a <b> & "c"\\nd')
    'a &lt;b&gt; &amp; &quot;c&quot;<BR/>d'
    """
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("\n", "<BR/>")


_LINE = {"solid": "\u2500\u2500\u2500", "bold": "\u2501\u2501\u2501",
         "dashed": "\u254c\u254c\u254c", "dotted": "\u2508\u2508\u2508"}
_HEAD = {"normal": "\u25b6", "vee": "\u276f", "onormal": "\u25b7", "odiamond": "\u25c7",
         "odot": "\u25cb", "none": ""}
_TAIL = {"vee": "\u276e", "odot": "\u25cb", "normal": "\u25c0", "onormal": "\u25c1"}


def sample(dot_style: dict) -> str:
    """A line sample drawn in text (the legend is one row of these with their names): line
    style and arrow ends follow the edge's DOT attributes.

    >>> sample({"style": "dashed"}), sample({"style": "dotted", "dir": "both", "arrowtail": "odot"})
    ('╌╌╌▶', '○┈┈┈▶')
    >>> sample({"style": "solid", "dir": "back", "arrowtail": "vee"})
    '❮───'
    """
    direction = dot_style.get("dir", "forward")
    line = _LINE.get(dot_style.get("style", "solid"), _LINE["solid"])
    head = _HEAD.get(dot_style.get("arrowhead", "normal"), "\u25b6") \
        if direction in ("forward", "both") else ""
    tail = _TAIL.get(dot_style.get("arrowtail", "normal"), "") \
        if direction in ("back", "both") else ""
    return f"{tail}{line}{head}"


def title_label(model: RenderModel) -> str:
    """The graph label: the name, and under it the legend as one row (only the kinds in use).
    A plain quoted label without a legend."""
    if not model.legend:
        return quote(model.name)
    cells = []
    for entry in model.legend:
        style = EDGE_STYLES[entry.style]["dot"]
        cells.append(f'<TD><FONT COLOR="{style.get("color", TEXT_COLOR)}">{sample(style)}</FONT>'
                     f' <FONT POINT-SIZE="11" COLOR="{LEGEND_COLOR}">{html(entry.text)}</FONT>'
                     f'</TD>')
    return (f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3"><TR><TD COLSPAN="{len(cells)}">'
            f'<FONT POINT-SIZE="15">{html(model.name)}</FONT></TD></TR>'
            f'<TR>{"".join(cells)}</TR></TABLE>>')


def cluster_label(cluster: Cluster) -> str:
    """A group's title: a quoted label, or an HTML-like one with the group's corner icon."""
    if cluster.icon is None and cluster.glyph is None:
        return quote(cluster.label)
    mark = (f'<TD FIXEDSIZE="TRUE" WIDTH="24" HEIGHT="24"><IMG SRC="{html(cluster.icon)}" '
            f'SCALE="TRUE"/></TD>' if cluster.icon else
            f'<TD><FONT POINT-SIZE="16">{html(cluster.glyph)}</FONT></TD>')
    return (f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0"><TR>{mark}'
            f'<TD>{html(cluster.label)}</TD></TR></TABLE>>')


class _Writer:
    def __init__(self, model: RenderModel, overlay=None):
        self.model = model
        self.overlay = overlay
        self.lines: list[str] = []
        # Graphviz stacks sibling clusters bottom-up when drawing left to right (LR, RL):
        # there, they are written last-first so that they read top-down in spec order
        # (Availability Zone A above B). Nodes keep their order (the edges place them).
        self.flip = model.direction in ("LR", "RL")
        self.members: dict = {}
        for node in model.nodes:
            self.members.setdefault(node.group, []).append(node)

    def ordered(self, items) -> list:
        return list(reversed(items)) if self.flip else list(items)

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text)

    def node(self, depth: int, node) -> None:
        # the dashed box of an existing resource is as wide as the icon: its label wraps shorter
        text = wrap(node.label, EXTERNAL_LABEL_WIDTH) if node.external else wrap(node.label)
        values = {"label": text, "tooltip": node.tooltip}
        if node.icon:
            values["image"] = node.icon
            extra = text.count("\n")
            if extra:
                values["height"] = f"{1.9 + 0.4 * extra:.1f}"
        else:
            values.update(FALLBACK_NODE)
        if node.external:
            values.update(EXTERNAL_NODE)
        if self.overlay is not None:
            values = self.overlay.dot_node(node.id, values)
        self.emit(depth, f"{quote(node.id)} [{attrs(values)}]")

    def cluster(self, depth: int, cluster: Cluster) -> None:
        style = GROUP_STYLES[cluster.style]
        self.emit(depth, f"subgraph {quote('cluster_' + cluster.id)} {{")
        values = attrs({'labeljust': 'l', 'fontname': FONT, 'fontsize': '12', 'penwidth': '1.5',
                        **style})
        self.emit(depth + 1, f"graph [label={cluster_label(cluster)}, {values}]")
        for node in self.members.get(cluster.id, []):
            self.node(depth + 1, node)

    def clusters(self, depth: int) -> None:
        # Nested clusters without recursion: open a cluster, then its children, then close it.
        top = self.ordered(self.model.clusters_in(None))
        stack: list[tuple[Cluster, bool]] = [(c, False) for c in reversed(top)]
        children: dict = {}
        for c in self.ordered(self.model.clusters):
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

    def write(self) -> str:
        m = self.model
        self.emit(0, "// Generated by archkb. Icon paths are relative to the folder that holds the")
        self.emit(0, "// diagrams package: render with  dot -Gimagepath=<that folder> -Tsvg FILE")
        self.emit(0, f"digraph {quote_id(m.name)} {{")
        self.emit(1, f"graph [label={title_label(m)}, "
                     f"{attrs({**GRAPH_ATTRS, 'rankdir': m.direction})}]")
        self.emit(1, f"node [{attrs(NODE_ATTRS)}]")
        self.emit(1, f"edge [{attrs(EDGE_ATTRS)}]")
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
