"""What changed between two versions of an architecture: components and connections added,
removed and changed (settings old -> new), and lint findings introduced and resolved.

Components are matched by id (a template's logical id). Connections are matched by
``(from, to, kind)``; two connections with the same three are matched in spec order.
Findings are matched without their location (an edit above a finding moves its line but
does not make it new): by rule, component, connection and message.

>>> from generator.kb import load_kb
>>> from generator.spec import load_any_text
>>> kb = load_kb()
>>> old = load_any_text("archkb: 1\\ncomponents: {fn: {service: lambda, memory: 512}, "
...                     "q: {service: sqs}}\\nconnections: [{from: q, to: fn}]\\n", "old.yaml", kb)
>>> new = load_any_text("archkb: 1\\ncomponents: {fn: {service: lambda, memory: 1024}, "
...                     "t: {service: dynamodb}}\\nconnections: [{from: fn, to: t, kind: writes}]\\n",
...                     "new.yaml", kb)
>>> d = diff_specs(old, new, kb, lint=False)
>>> [c["id"] for c in d["components"]["added"]], [c["id"] for c in d["components"]["removed"]]
(['t'], ['q'])
>>> d["components"]["changed"][0]["changes"]
[{'field': 'memory', 'old': 512, 'new': 1024}]
>>> [(c["from"], c["to"]) for c in d["connections"]["added"]]
[('fn', 't')]
"""
from __future__ import annotations

from ..lint.finding import at_least


def _component(comp, kb) -> dict:
    return {"id": comp.id, "service": comp.service, "service_name": kb.name(comp.service)
            if comp.service in kb.nodes else comp.service, "label": comp.label,
            "group": comp.group, "settings": dict(comp.settings),
            "location": comp.location.as_dict()}


def component_fields(comp) -> dict:
    """What a component change compares: service, label, group, then each setting."""
    out = {"service": comp.service, "label": comp.label, "group": comp.group}
    out.update(comp.settings)
    return out


def changes_between(old: dict, new: dict) -> list[dict]:
    changes = []
    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key), new.get(key)
        if a != b:
            changes.append({"field": key, "old": a, "new": b})
    return changes


def connection_fields(conn) -> dict:
    out = {"mode": conn.mode, "via": conn.via, "label": conn.label}
    out.update({k: v for k, v in conn.settings.items() if k != "mode"})
    return out


def _connection(conn) -> dict:
    return {"from": conn.source, "to": conn.target, "kind": conn.kind, "mode": conn.mode,
            "via": conn.via, "label": conn.label, "location": conn.location.as_dict()}


def match_connections(old, new) -> tuple[list, list, list]:
    """``(pairs, removed, added)``: connections matched by ``(from, to, kind)``, in order."""
    pending: dict[tuple, list] = {}
    for conn in old.connections:
        pending.setdefault((conn.source, conn.target, conn.kind), []).append(conn)
    pairs, added = [], []
    for conn in new.connections:
        bucket = pending.get((conn.source, conn.target, conn.kind))
        if bucket:
            pairs.append((bucket.pop(0), conn))
        else:
            added.append(conn)
    matched = {id(a) for a, _ in pairs}
    removed = [c for c in old.connections if id(c) not in matched]
    return pairs, removed, added


def _finding_key(f) -> tuple:
    return (f.rule, f.component, f.connection, f.message)


def compare_findings(old_findings, new_findings) -> tuple[list, list]:
    """``(introduced, resolved)``: findings of the new version the old one did not have
    (located in the new version), and the reverse (located in the old one)."""
    old_keys = {_finding_key(f) for f in old_findings}
    new_keys = {_finding_key(f) for f in new_findings}
    return ([f for f in new_findings if _finding_key(f) not in old_keys],
            [f for f in old_findings if _finding_key(f) not in new_keys])


def diff_specs(old, new, kb, lint: bool = True, old_name: str | None = None,
               new_name: str | None = None, findings: tuple | None = None) -> dict:
    """The diff of two loaded specs in the JSON shape of DESIGN.md: ``{"old", "new",
    "components": {"added", "removed", "changed"}, "connections": {...}, "findings":
    {"introduced", "resolved"}}``. ``findings``: ``(introduced, resolved)`` when already
    compared (:func:`compare_findings`), else the specs are linted unless ``lint`` is
    false."""
    comps = {
        "added": [_component(c, kb) for cid, c in new.components.items()
                  if cid not in old.components],
        "removed": [_component(c, kb) for cid, c in old.components.items()
                    if cid not in new.components],
        "changed": [],
    }
    for cid, comp in new.components.items():
        before = old.components.get(cid)
        if before is None:
            continue
        changes = changes_between(component_fields(before), component_fields(comp))
        if changes:
            comps["changed"].append({**_component(comp, kb), "changes": changes})
    pairs, removed, added = match_connections(old, new)
    conns = {"added": [_connection(c) for c in added],
             "removed": [_connection(c) for c in removed], "changed": []}
    for before, after in pairs:
        changes = changes_between(connection_fields(before), connection_fields(after))
        if changes:
            conns["changed"].append({**_connection(after), "changes": changes})
    if findings is None and lint:
        from ..lint import lint_spec

        findings = compare_findings(lint_spec(old, kb), lint_spec(new, kb))
    introduced, resolved = findings or ((), ())
    return {"old": old_name or old.file, "new": new_name or new.file, "components": comps,
            "connections": conns,
            "findings": {"introduced": [f.as_dict() for f in introduced],
                         "resolved": [f.as_dict() for f in resolved]}}


def introduces(diff: dict, threshold: str) -> bool:
    """Whether the diff introduces a finding at least as severe as ``threshold``.

    >>> introduces({"findings": {"introduced": [{"severity": "warning"}]}}, "error")
    False
    """
    return any(at_least(f["severity"], threshold) for f in diff["findings"]["introduced"])


def counts(diff: dict) -> dict:
    """How many of each: ``{"components": {"added": 1, ...}, ...}``."""
    return {part: {k: len(v) for k, v in diff[part].items()}
            for part in ("components", "connections", "findings")}
