"""Connection kinds from the KB: what a connection between two services is when the spec does
not say, and the invocation mode and delivery (``via``) of a trigger.

Rules, in order:

1. A KB ``triggers`` edge between the two services: kind ``triggers`` with its mode and via.
   Several modes: the connection's ``mode`` setting picks one, else sync, then async, then poll.
2. Another KB edge that draws a connection (``writes``, ``publishes``, ``calls``...).
3. A data store target (a database, or storage such as S3): ``writes``.
4. A messaging or streaming target, or an event bus (a service that delivers to rule
   targets): ``publishes``.
5. Otherwise ``calls``.

An explicit kind is kept as written; ``triggers`` then takes its mode and via from the KB when
the KB has the edge, and None when it does not (lint reports that; loading does not).

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> connection_kind(kb, "sqs", "lambda")
('triggers', 'poll', 'event-source-mapping', 'lambda-services')
>>> connection_kind(kb, "lambda", "sqs")[0]  # the KB's own edge: Lambda writes to SQS
'writes'
>>> connection_kind(kb, "lambda", "sqs", explicit_kind="triggers")
('triggers', None, None, None)
>>> connection_kind(kb, "sqs", "sqs")[:3]  # a redrive is a failure path, not a trigger
('fails_to', None, 'redrive')
"""
from __future__ import annotations

from .fields import EXCLUDED_KINDS, MODES

_MODE_RANK = {m: i for i, m in enumerate(MODES)}
_EDGE_PREFERENCE = ("orchestrates", "calls", "publishes", "writes", "reads", "accesses",
                    "runs_on", "uses")
DATA_CATEGORIES = frozenset({"database", "storage"})
MESSAGE_CATEGORIES = frozenset({"messaging", "streaming"})
EVENT_BUS_VIA = "rule-target"
"""A service that delivers events to rule targets is an event bus: senders publish to it."""


def holds_for(kb, edge: dict, target: str, target_settings: dict | None) -> bool:
    """Whether a KB relation holds for a target with these settings: a relation with
    ``when_target`` (e.g. ``{type: express}``) needs each setting, or its KB default, to match.

    >>> from generator.kb import load_kb
    >>> kb = load_kb()
    >>> edge = {"when_target": {"type": "express"}}
    >>> holds_for(kb, edge, "step-functions", {"type": "EXPRESS"}), holds_for(kb, edge, "step-functions", {})
    (True, False)
    """
    wanted = edge.get("when_target") or {}
    defaults = kb.settings(target) if target in kb.nodes else {}
    for name, value in wanted.items():
        have = (target_settings or {}).get(name, defaults.get(name, {}).get("default"))
        if str(have).lower() != str(value).lower():
            return False
    return True


def _triggers(kb, src: str, dst: str, target_settings: dict | None = None) -> list[dict]:
    edges = [d for _, _, d in kb.relations(src=src, dst=dst, type="triggers")
             if holds_for(kb, d, dst, target_settings)]
    return sorted(edges, key=lambda d: (_MODE_RANK.get(d.get("mode"), len(MODES)),
                                        d.get("via") or ""))


def trigger_modes(kb, src: str, dst: str, target_settings: dict | None = None) -> list[str]:
    """The modes in which the KB says ``src`` can trigger ``dst`` (a target with these
    settings), preferred first."""
    return [d["mode"] for d in _triggers(kb, src, dst, target_settings) if d.get("mode")]


def _other_edge(kb, src: str, dst: str, kind: str | None = None) -> dict | None:
    edges = {d["type"]: d for _, _, d in kb.relations(src=src, dst=dst)
             if d["type"] != "triggers" and d["type"] not in EXCLUDED_KINDS}
    if kind is not None:
        return edges.get(kind)
    for pref in _EDGE_PREFERENCE:
        if pref in edges:
            return edges[pref]
    return next((edges[k] for k in sorted(edges)), None)


def is_data_store(kb, service: str) -> bool:
    node = kb.nodes.get(service, {})
    return node.get("kind") == "database" or node.get("category") in DATA_CATEGORIES


def is_message_target(kb, service: str) -> bool:
    node = kb.nodes.get(service, {})
    if node.get("category") in MESSAGE_CATEGORIES:
        return True
    return any(d.get("via") == EVENT_BUS_VIA for _, _, d in kb.relations(src=service,
                                                                         type="triggers"))


def connection_kind(kb, from_service: str, to_service: str, explicit_kind: str | None = None,
                    mode: str | None = None, target_settings: dict | None = None
                    ) -> tuple[str, str | None, str | None, str | None]:
    """``(kind, mode, via, source)`` of a connection from one KB service to another.

    ``mode`` is the connection's own ``mode:`` setting (it makes the connection a trigger);
    when the KB has no trigger in that mode the result keeps the mode with via and source
    None (lint reports it). ``target_settings`` are the target component's settings: some
    triggers depend on them (API Gateway waits for an Express workflow started with
    StartSyncExecution, but a Standard workflow can only be started asynchronously).

    >>> from generator.kb import load_kb
    >>> connection_kind(load_kb(), "api-gateway", "step-functions")[:2]
    ('triggers', 'async')
    >>> connection_kind(load_kb(), "api-gateway", "step-functions",
    ...                 target_settings={"type": "express"})[:2]
    ('triggers', 'sync')
    """
    if explicit_kind is None or explicit_kind == "triggers":
        edges = _triggers(kb, from_service, to_service, target_settings)
        if mode is not None:
            edges = [d for d in edges if d.get("mode") == mode]
        if edges:
            d = edges[0]
            return "triggers", d.get("mode"), d.get("via"), d.get("source")
        if explicit_kind == "triggers" or mode is not None:
            return "triggers", mode, None, None
    if explicit_kind is not None:
        edge = _other_edge(kb, from_service, to_service, explicit_kind)
        return explicit_kind, None, edge.get("via") if edge else None, \
            edge.get("source") if edge else None
    edge = _other_edge(kb, from_service, to_service)
    if edge is not None:
        return edge["type"], None, edge.get("via"), edge.get("source")
    if is_data_store(kb, to_service):
        return "writes", None, None, None
    if is_message_target(kb, to_service):
        return "publishes", None, None, None
    return "calls", None, None, None
