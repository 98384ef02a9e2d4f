"""Lint findings as an :class:`~generator.render.overlay.Overlay`: finding *n* (in lint
order) becomes badge *n* on the connection or component it is about, and line *n* of the
caption. A finding on the whole spec has a caption line and no badge.

>>> from generator.kb import load_kb
>>> from generator.lint import lint_spec
>>> from generator.render.model import build
>>> from generator.spec import spec_from_document
>>> from generator.yamlsafe import load
>>> kb = load_kb()
>>> spec = spec_from_document(load("archkb: 1\\ncomponents: {fn: {service: lambda, "
...                                "timeout: 1200}}\\n", "s.yaml"), kb)
>>> o = findings_overlay(build(spec, kb), lint_spec(spec, kb), spec)
>>> [(b.number, b.severity) for b in o.nodes["fn"].badges], o.caption[0].where
([(1, 'error')], 'fn')
"""
from __future__ import annotations

from .overlay import Badge, CaptionLine, Mark, Overlay


def _edge_index(finding, spec, edges: dict) -> int | None:
    """The index of the connection a finding is about (by name; the one at the finding's
    location when several connections share the name)."""
    name = finding.connection
    if not name:
        return None
    candidates = [i for i, (source, target) in edges.items() if f"{source} -> {target}" == name]
    if len(candidates) > 1 and spec is not None:
        for conn in spec.connections:
            if conn.index in candidates and conn.location == finding.location:
                return conn.index
    return candidates[0] if candidates else None


def findings_overlay(model, findings, spec=None, title: str = "Findings",
                     caption: bool = True) -> Overlay:
    """Badges and caption for ``findings`` on the diagram of ``model`` (``spec``, when given,
    tells apart connections between the same two components; ``caption=False`` leaves the
    list out, for a page that shows it as a table)."""
    node_ids = {n.id for n in model.nodes}
    edges = {e.index: (e.source, e.target) for e in model.edges}
    on_nodes: dict[str, list[Badge]] = {}
    on_edges: dict[int, list[Badge]] = {}
    lines = []
    for number, finding in enumerate(findings, 1):
        badge = Badge(number, finding.severity, f"{finding.rule} {finding.message}")
        index = _edge_index(finding, spec, edges)
        if index is not None:
            on_edges.setdefault(index, []).append(badge)
            where = finding.connection
        elif finding.component in node_ids:
            on_nodes.setdefault(finding.component, []).append(badge)
            where = finding.component
        else:
            where = ""
        lines.append(CaptionLine(number, finding.severity,
                                   f"{finding.rule} {finding.message}", where))
    return Overlay(nodes={k: Mark(badges=tuple(v)) for k, v in on_nodes.items()},
                   edges={k: Mark(badges=tuple(v)) for k, v in on_edges.items()},
                   caption_title=title, caption=tuple(lines) if caption else ())
