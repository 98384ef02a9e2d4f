"""The render model: what a diagram shows, as plain data (no Graphviz, no files).

Both back ends (DOT for png/svg/pdf, and mermaid) draw this model, and tests check its
structure instead of pixels.

>>> from generator.kb import load_kb
>>> from generator.spec.loader import spec_from_document
>>> from generator.yamlsafe import load
>>> text = ("archkb: 1\\ngroups: {v: {kind: vpc}}\\ncomponents:\\n"
...         "  q: {service: sqs}\\n  fn: {service: lambda, group: v}\\n"
...         "connections: [{from: q, to: fn}]\\n")
>>> m = build(spec_from_document(load(text, "s.yaml"), load_kb()), load_kb())
>>> [(n.id, n.icon, n.group) for n in m.nodes]
[('q', 'resources/aws/integration/simple-queue-service-sqs.png', None), ('fn', 'resources/aws/compute/lambda.png', 'v')]
>>> [(e.source, e.target, e.style) for e in m.edges], [entry.style for entry in m.legend]
([('q', 'fn', 'poll')], ['poll'])
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import re

from .icons import icon_root, service_icon
from .layout import auto_direction
from .styles import EDGE_STYLES, GROUP_GLYPHS, GROUP_ICONS, edge_style_key, group_style_key

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_WRITE_WORDS = frozenset({"put", "write", "writes", "update", "delete", "insert", "upload",
                          "save", "store", "append", "create"})
_READ_WORDS = frozenset({"get", "read", "reads", "query", "scan", "select", "fetch",
                         "download", "load", "list", "describe"})


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    service: str
    service_name: str
    icon: str | None  # relative to generator.render.icons.icon_root()
    group: str | None
    tooltip: str
    external: bool = False  # an existing resource the spec only refers to (drawn dashed)


@dataclass(frozen=True)
class Cluster:
    id: str
    label: str
    kind: str
    style: str  # a key of styles.GROUP_STYLES
    parent: str | None
    depth: int
    icon: str | None = None  # corner icon, relative to icons.icon_root()
    glyph: str | None = None  # corner mark when the AWS set has no icon in ``diagrams``


@dataclass(frozen=True)
class Edge:
    index: int
    source: str
    target: str
    label: str | None
    kind: str
    mode: str | None
    via: str | None
    style: str  # a key of styles.EDGE_STYLES
    tooltip: str


@dataclass(frozen=True)
class LegendEntry:
    style: str
    text: str


@dataclass(frozen=True)
class RenderModel:
    name: str
    direction: str
    nodes: tuple[Node, ...]
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendEntry, ...]

    def as_dict(self) -> dict:
        return asdict(self)

    def nodes_in(self, group: str | None) -> list[Node]:
        return [n for n in self.nodes if n.group == group]

    def clusters_in(self, parent: str | None) -> list[Cluster]:
        return [c for c in self.clusters if c.parent == parent]


def _shown(label):
    """A label as drawn: no hidden direction or zero-width characters, at most ``max_label``
    characters (an imported template's labels are not checked by the spec loader)."""
    from ..limits import get
    from ..spec.text import clean

    return clean(label, get("max_label")) if label else label


def _edge_tooltip(kind: str, mode: str | None, via: str | None) -> str:
    detail = ", ".join(x.replace("-", " ") for x in (mode, via) if x)
    return f"{kind} ({detail})" if detail else kind


def access_style(kind: str, explicit: bool, label: str | None) -> str | None:
    """The style an inferred ``accesses`` connection takes from its label: a label that only
    writes (``PutItem``) draws as writes, one that only reads (``Query``) as reads.

    >>> access_style("accesses", False, "3 PutItem"), access_style("accesses", False, "GetItem")
    ('writes', 'reads')
    >>> access_style("accesses", True, "PutItem"), access_style("accesses", False, "Get and Put")
    (None, None)
    >>> access_style("accesses", False, "BatchWriteItem"), access_style("accesses", False, "uploads")
    ('writes', None)
    """
    if kind != "accesses" or explicit or not label:
        return None
    words = {w.lower() for w in _WORD.findall(label)}
    writes, reads = bool(words & _WRITE_WORDS), bool(words & _READ_WORDS)
    return "writes" if writes and not reads else "reads" if reads and not writes else None


def _group_icon(style: str) -> str | None:
    icon, root = GROUP_ICONS.get(style), icon_root()
    return icon if icon and root is not None and (root / icon).is_file() else None


def build(spec, kb, legend: bool | None = None, direction: str | None = None) -> RenderModel:
    """The model of ``spec``: nodes in spec order, clusters parents first, the legend for the
    edge styles in use (none when ``legend`` is False, or the spec says ``legend: false`` and
    ``legend`` is None). The direction is ``direction``, else the spec's, else chosen
    (:func:`generator.render.layout.auto_direction`)."""
    nodes = []
    external = getattr(spec, "external", frozenset())
    for comp in spec.components.values():
        kb_node = kb.nodes.get(comp.service, {})
        name = kb_node.get("name", comp.service)
        nodes.append(Node(id=comp.id, label=_shown(comp.label), service=comp.service, service_name=name,
                          icon=service_icon(kb, comp.service), group=comp.group,
                          tooltip=name if comp.label == name else f"{comp.label} ({name})",
                          external=comp.id in external))
    depth: dict[str, int] = {}

    def level(start: str) -> int:
        chain, gid = [], start
        while gid is not None and gid not in depth:
            chain.append(gid)
            gid = spec.groups[gid].parent
        base = depth[gid] if gid is not None else -1
        for child in reversed(chain):
            base += 1
            depth[child] = base
        return depth[start]

    clusters = []
    for g in spec.groups.values():
        style = group_style_key(g.kind, g.settings)
        clusters.append(Cluster(id=g.id, label=_shown(g.label), kind=g.kind, style=style,
                                parent=g.parent, depth=level(g.id), icon=_group_icon(style),
                                glyph=GROUP_GLYPHS.get(style)))
    edges = []
    for c in spec.connections:
        style = access_style(c.kind, c.explicit_kind, c.label) or edge_style_key(c.kind, c.mode)
        text = c.label if c.label or style != "other" else c.kind.replace("_", " ")
        edges.append(Edge(index=c.index, source=c.source, target=c.target, label=_shown(text),
                          kind=c.kind, mode=c.mode, via=c.via, style=style,
                          tooltip=_edge_tooltip(c.kind, c.mode, c.via)))
    used = {e.style for e in edges}
    show = spec.legend if legend is None else legend
    entries = tuple(LegendEntry(key, style["key"]) for key, style in EDGE_STYLES.items()
                    if key in used) if show else ()
    if direction is None:
        direction = spec.direction if getattr(spec, "direction_set", True) else auto_direction(
            [n.id for n in nodes], [(e.source, e.target) for e in edges])
    return RenderModel(name=spec.name, direction=direction, nodes=tuple(nodes),
                       clusters=tuple(clusters), edges=tuple(edges), legend=entries)
