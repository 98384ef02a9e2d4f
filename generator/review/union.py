"""One diagram of two versions: the union of their render models, with an overlay that
outlines what was added (green), removed (red, dashed) and changed (amber), and a legend.

The new version's nodes, groups and connections come first, in its order; what only the old
version has follows, in the old order. Removed connections get edge indexes after the new
ones, so every edge of the union has its own index.

>>> from generator.kb import load_kb
>>> from generator.spec import load_any_text
>>> kb = load_kb()
>>> old = load_any_text("archkb: 1\\ncomponents: {a: {service: sqs}, fn: {service: lambda}}\\n"
...                     "connections: [{from: a, to: fn}]\\n", "old.yaml", kb)
>>> new = load_any_text("archkb: 1\\ncomponents: {fn: {service: lambda, memory: 256}, "
...                     "b: {service: s3}}\\n", "new.yaml", kb)
>>> model, overlay = union(old, new, kb)
>>> [n.id for n in model.nodes], {k: m.outline for k, m in overlay.nodes.items()}
(['fn', 'b', 'a'], {'fn': 'changed', 'b': 'added', 'a': 'removed'})
>>> [(e.source, e.target, overlay.edges[e.index].outline) for e in model.edges]
[('a', 'fn', 'removed')]
"""
from __future__ import annotations

from dataclasses import replace

from ..render.badges import findings_overlay
from ..render.model import LegendEntry, RenderModel, build
from ..render.overlay import OUTLINES, Mark, Overlay
from ..render.styles import EDGE_STYLES
from .diff import changes_between, connection_fields, component_fields, match_connections


def _note(changes: list[dict]) -> str:
    return "; ".join(f"{c['field']}: {_shown(c['old'])} -> {_shown(c['new'])}" for c in changes)


def _shown(value) -> str:
    return "(none)" if value is None else str(value)


def union(old, new, kb, title: str | None = None,
          introduced=()) -> tuple[RenderModel, Overlay]:
    """The union model of two specs and the overlay that marks the changes; ``introduced``
    findings (of the new version) are drawn as numbered badges, in their order."""
    old_model, new_model = build(old, kb), build(new, kb)
    new_ids = {n.id for n in new_model.nodes}
    nodes = list(new_model.nodes) + [n for n in old_model.nodes if n.id not in new_ids]
    cluster_ids = {c.id for c in new_model.clusters}
    clusters = list(new_model.clusters) + [c for c in old_model.clusters
                                           if c.id not in cluster_ids]
    marks: dict[str, Mark] = {}
    for node in nodes:
        if node.id not in old.components:
            marks[node.id] = Mark(outline="added", note="added")
        elif node.id not in new.components:
            marks[node.id] = Mark(outline="removed", note="removed")
        else:
            changes = changes_between(component_fields(old.components[node.id]), component_fields(new.components[node.id]))
            if changes:
                marks[node.id] = Mark(outline="changed", note="changed: " + _note(changes))
    pairs, removed, added = match_connections(old, new)
    old_edges = {e.index: e for e in old_model.edges}
    edge_marks: dict[int, Mark] = {}
    for conn in added:
        edge_marks[conn.index] = Mark(outline="added", note="added")
    for before, after in pairs:
        changes = changes_between(connection_fields(before), connection_fields(after))
        if changes:
            edge_marks[after.index] = Mark(outline="changed", note="changed: " + _note(changes))
    edges = list(new_model.edges)
    offset = max((e.index for e in edges), default=-1) + 1
    for i, conn in enumerate(removed):
        index = offset + i
        edges.append(replace(old_edges[conn.index], index=index))
        edge_marks[index] = Mark(outline="removed", note="removed")
    used = {e.style for e in edges}
    legend = tuple(LegendEntry(key, style["legend"]) for key, style in EDGE_STYLES.items()
                   if key in used)
    outlines = {m.outline for m in list(marks.values()) + list(edge_marks.values())}
    model = RenderModel(name=title or new_model.name, direction=new_model.direction,
                        nodes=tuple(nodes), clusters=tuple(clusters), edges=tuple(edges),
                        legend=legend)
    badges = findings_overlay(model, list(introduced), new, caption=False)
    for key, mark in badges.nodes.items():
        marks[key] = replace(marks.get(key, Mark()), badges=mark.badges)
    for key, mark in badges.edges.items():
        edge_marks[key] = replace(edge_marks.get(key, Mark()), badges=mark.badges)
    overlay = Overlay(nodes=marks, edges=edge_marks,
                      outline_legend=tuple(k for k in OUTLINES if k in outlines))
    return model, overlay
