"""Decorations drawn over a render model: numbered badges coloured by severity, outlines
(added, removed, changed) and a caption, for ``render --findings``, ``diff`` and ``review``.

An :class:`Overlay` is plain data keyed by node id and edge index. The DOT and Mermaid
writers ask it for extra attributes through small hooks; without an overlay they write what
they always wrote. Badges and the caption are Graphviz HTML-like labels built here from
escaped text only (:func:`html_text`), so no spec text can open a tag.

>>> o = Overlay(nodes={"fn": Mark(badges=(Badge(1, "error", "E2001 timeout too long"),))})
>>> attrs = o.dot_node("fn", {"label": "fn", "tooltip": "fn (AWS Lambda)"})
>>> attrs["tooltip"]
'fn (AWS Lambda)\\n[1] E2001 timeout too long'
>>> 'bgcolor="#D13212"' in attrs["label"], o.mermaid_label("fn", "fn")
(True, '[1] fn')
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from .dot import FONT, attrs, clean, quote

SEVERITY_COLORS = {"error": "#D13212", "warning": "#EC7211", "info": "#147EBA"}
"""Badge colours: AWS red, orange and blue."""
SEVERITY_ORDER = ("error", "warning", "info")
OUTLINES: dict[str, dict] = {
    "added": {"color": "#1D8102", "style": "solid", "legend": "added",
              "fill": "#EAF5E6"},
    "removed": {"color": "#D13212", "style": "dashed", "legend": "removed",
                "fill": "#FDECEA"},
    "changed": {"color": "#C98500", "style": "solid", "legend": "changed (settings, label, "
                "group or mode)", "fill": "#FFF5DC"},
}
"""Diff outlines: green added, red dashed removed, amber changed (in legend order)."""
LEGEND_ID = "archkb_legend_"
"""Mermaid ids of the changes legend (the Mermaid writer keeps this prefix for itself)."""
CAPTION_PREFIX = "caption:"
"""Caption node ids start with this; component ids cannot contain ':'."""
CAPTION_WIDTH = 96
BOX_NODE = {"shape": "plain", "fixedsize": "false", "width": "0", "height": "0",
            "image": "", "tooltip": " "}
"""A caption or legend node: sized by its table (node defaults are fixed-size icons)."""


class Html(str):
    """A Graphviz HTML-like label (written as ``<...>`` instead of a quoted string)."""

    is_html = True


def html_text(text: str) -> str:
    """Text for an HTML-like label: entities for ``& < > "``, no control characters.

    >>> html_text('a <b> & "c"')
    'a &lt;b&gt; &amp; &quot;c&quot;'
    """
    return (clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


@dataclass(frozen=True)
class Badge:
    """A numbered finding on a node or an edge."""

    number: int
    severity: str  # a key of SEVERITY_COLORS
    text: str  # "RULE message": the tooltip


@dataclass(frozen=True)
class Mark:
    """What an overlay adds to one node or edge."""

    badges: tuple[Badge, ...] = ()
    outline: str | None = None  # a key of OUTLINES
    note: str | None = None  # appended to the tooltip (e.g. "memory 512 -> 1024")


@dataclass(frozen=True)
class CaptionLine:
    number: int
    severity: str
    text: str
    where: str  # the component or connection the finding is on ("" for the whole spec)


@dataclass(frozen=True)
class Overlay:
    nodes: dict = field(default_factory=dict)  # node id -> Mark
    edges: dict = field(default_factory=dict)  # Edge.index -> Mark
    caption_title: str = "Findings"
    caption: tuple[CaptionLine, ...] = ()
    outline_legend: tuple[str, ...] = ()  # OUTLINES keys to explain

    # -- DOT -----------------------------------------------------------------------------------
    def dot_node(self, node_id: str, values: dict) -> dict:
        """``values`` (a node's DOT attributes) with the mark of ``node_id``, if any."""
        return _decorated(self.nodes.get(node_id), values, _node_outline)

    def dot_edge(self, index: int, values: dict) -> dict:
        """``values`` (an edge's DOT attributes) with the mark of edge ``index``, if any."""
        return _decorated(self.edges.get(index), values, _edge_outline)

    def dot_statements(self) -> list[str]:
        """Extra DOT statements: a box (a cluster holding one node) for the findings caption
        and one for the diff legend."""
        boxes = []
        if self.caption:
            boxes.append(("findings", self.caption_title, self._caption_table()))
        if self.outline_legend:
            boxes.append(("changes", "Changes", _outline_table(self.outline_legend)))
        lines = []
        for name, title, table in boxes:
            box_id = CAPTION_PREFIX + name
            frame = {"label": title, "labeljust": "l", "fontname": FONT, "fontsize": "12",
                     "color": "#AEB6BE", "style": "rounded", "bgcolor": "#FFFFFF"}
            lines += [f"subgraph {quote('cluster_' + box_id)} {{", f"  graph [{attrs(frame)}]",
                      f"  {quote(box_id)} [{attrs({**BOX_NODE, 'label': Html(table)})}]",
                      "}"]
        return lines

    def _caption_table(self) -> str:
        rows = []
        for line in self.caption:
            where = f"{line.where}: " if line.where else ""
            text = "<br align=\"left\"/>".join(
                html_text(part) for part in textwrap.wrap(where + line.text, CAPTION_WIDTH))
            rows.append(f'<tr><td valign="top">{_badge_cell(line.number, line.severity)}</td>'
                        f'<td align="left" balign="left">{text}<br align="left"/></td></tr>')
        return ('<table border="0" cellborder="0" cellspacing="2" cellpadding="2">'
                + "".join(rows) + "</table>")

    # -- Mermaid -------------------------------------------------------------------------------
    def mermaid_label(self, node_id: str, text: str) -> str:
        mark = self.nodes.get(node_id)
        if mark is None or not mark.badges:
            return text
        return " ".join(f"[{b.number}]" for b in mark.badges) + " " + text

    def mermaid_edge_label(self, index: int, text: str | None) -> str | None:
        mark = self.edges.get(index)
        if mark is None or not mark.badges:
            return text
        numbers = " ".join(f"[{b.number}]" for b in mark.badges)
        return f"{numbers} {text}" if text else numbers

    def mermaid_link_style(self, index: int, style: dict) -> dict:
        mark = self.edges.get(index)
        if mark is None or not mark.outline:
            return style
        outline = OUTLINES[mark.outline]
        dash = "6 4" if outline["style"] == "dashed" else style["dash"]
        return {**style, "stroke": outline["color"], "dash": dash}

    def mermaid_classes(self, ids) -> list[str]:
        """``classDef`` lines and the ``class`` lines that apply them (``ids`` maps node ids
        to Mermaid ids)."""
        lines, members = [], {}
        for node_id, mark in self.nodes.items():
            if node_id not in ids.map:
                continue
            if mark.outline:
                members.setdefault(f"archkb_{mark.outline}", []).append(ids[node_id])
            if mark.badges:
                worst = min(mark.badges, key=lambda b: SEVERITY_ORDER.index(b.severity))
                members.setdefault(f"archkb_{worst.severity}", []).append(ids[node_id])
        if self.outline_legend:
            lines.append(f'  subgraph {LEGEND_ID}changes["Changes"]')
            for key in self.outline_legend:
                lines.append(f'    {LEGEND_ID}{key}["{OUTLINES[key]["legend"]}"]')
                members.setdefault(f"archkb_{key}", []).append(f"{LEGEND_ID}{key}")
            lines.append("  end")
        for name in sorted(members):
            key = name.removeprefix("archkb_")
            if key in OUTLINES:
                o = OUTLINES[key]
                dash = ",stroke-dasharray:6 4" if o["style"] == "dashed" else ""
                lines.append(f"  classDef {name} fill:{o['fill']},stroke:{o['color']},"
                             f"stroke-width:3px{dash}")
            else:
                lines.append(f"  classDef {name} stroke:{SEVERITY_COLORS[key]},stroke-width:3px")
            lines.append(f"  class {','.join(members[name])} {name}")
        for line in self.caption:
            where = f"{line.where}: " if line.where else ""
            lines.append(f"  %% [{line.number}] {line.severity} {_comment(where + line.text)}")
        return lines


def _node_outline(style: dict) -> dict:
    return {"shape": "box", "style": f"rounded,{style['style']}", "color": style["color"],
            "penwidth": "2.5"}


def _edge_outline(style: dict) -> dict:
    values = {"color": style["color"], "fontcolor": style["color"], "penwidth": "2.4"}
    if style["style"] == "dashed":  # else the line keeps its mode (dotted = poll...)
        values["style"] = "dashed"
    return values


def _decorated(mark: Mark | None, values: dict, outline) -> dict:
    if mark is None:
        return values
    values = dict(values)
    if mark.outline:
        values.update(outline(OUTLINES[mark.outline]))
    _tooltip(values, mark)
    if mark.badges:
        values["label"] = _with_badges(values.get("label", ""), mark.badges)
    return values


def _comment(text: str) -> str:
    """Text safe in a ``%%`` comment (one line, no directive braces)."""
    return re.sub(r"[{}%]", "", " ".join(clean(text).split()))


def _tooltip(values: dict, mark: Mark) -> None:
    extra = [mark.note] if mark.note else []
    extra += [f"[{b.number}] {b.text}" for b in mark.badges]
    if extra:
        values["tooltip"] = "\n".join([values.get("tooltip", "")] + extra).strip("\n")


def _badge_cell(number: int, severity: str) -> str:
    return (f'<table border="0" cellborder="0" cellspacing="0" cellpadding="3">'
            f'<tr><td bgcolor="{SEVERITY_COLORS[severity]}" style="rounded">'
            f'<font color="#FFFFFF" point-size="11"><b>{number}</b></font></td></tr></table>')


def _with_badges(text: str, badges: tuple[Badge, ...]) -> Html:
    """A label (its lines as written) followed by the badges, in one row."""
    lines = "<br/>".join(html_text(line) for line in str(text).split("\n")) if text else ""
    return Html(f'<table border="0" cellborder="0" cellspacing="2" cellpadding="0"><tr>'
                f'<td>{lines}</td>{_badge_cells(badges)}</tr></table>')


def _badge_cells(badges: tuple[Badge, ...]) -> str:
    return "".join(
        f'<td bgcolor="{SEVERITY_COLORS[b.severity]}" style="rounded" '
        f'href="#finding-{b.number}" tooltip="{html_text(f"[{b.number}] {b.severity} {b.text}")}">'
        f'<font color="#FFFFFF" point-size="11"><b> {b.number} </b></font></td>'
        for b in badges)


def _outline_table(keys: tuple[str, ...]) -> str:
    rows = []
    for key in keys:
        o = OUTLINES[key]
        rows.append(f'<tr><td width="28" height="16" border="2" color="{o["color"]}" '
                    f'bgcolor="{o["fill"]}" style="{o["style"]}"> </td>'
                    f'<td align="left"><font color="{o["color"]}">{html_text(o["legend"])}'
                    f'</font></td></tr>')
    return ('<table border="0" cellborder="0" cellspacing="4" cellpadding="2">'
            + "".join(rows) + "</table>")
