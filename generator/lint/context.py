"""What every rule looks at: the spec, the KB, and indexes built once per lint run.

Rules never scan the whole connection list per component (that would be quadratic on big
specs); they use the ``incoming``/``outgoing`` indexes here.

>>> from generator.spec.model import Spec, Component, Location
>>> fn = Component("fn", "lambda", "fn", None, {"memory": 512}, Location("s.yaml", 3, 3))
>>> ctx = LintContext(Spec("demo", "s.yaml", components={"fn": fn}), kb=None)
>>> ctx.number(fn, "memory"), [c.id for c in ctx.functions]
(512, ['fn'])
"""
from __future__ import annotations

from typing import Any

from ..spec.model import Component, Connection, Location, Spec
from ..spec.infer import trigger_modes

FUNCTION = "lambda"
"""The KB id of AWS Lambda, the service most rules are about."""
DIRECT_CALLERS = ("compute", "containers")
"""KB categories whose services run code that can invoke a function directly (SDK Invoke)."""


def is_number(value: Any) -> bool:
    """Plain int or float (a bool or an unresolved template value is not a number).

    >>> is_number(30), is_number(True), is_number("30"), is_number({"Ref": "T"})
    (True, False, False, False)
    """
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class LintContext:
    """The spec and KB under lint, with lookups rules share."""

    def __init__(self, spec: Spec, kb):
        self.spec = spec
        self.kb = kb
        self.incoming: dict[str, list[Connection]] = {cid: [] for cid in spec.components}
        self.outgoing: dict[str, list[Connection]] = {cid: [] for cid in spec.components}
        for conn in spec.connections:
            self.outgoing.setdefault(conn.source, []).append(conn)
            self.incoming.setdefault(conn.target, []).append(conn)
        self.order = {cid: i for i, cid in enumerate(spec.components)}
        self.functions = [c for c in spec.components.values() if c.service == FUNCTION]
        self._vpc_of_group: dict[str, str | None] = {}
        self._trigger_ok: dict[tuple, bool] = {}
        self.shared: dict[str, Any] = {}
        """What several rules compute once per run (e.g. the failure sinks), by name."""

    # -- components and settings -------------------------------------------------------------
    def defined(self, service: str) -> list[Component]:
        """Components of ``service`` whose settings the spec defines (not the existing
        resources a template only refers to), in spec order."""
        external = getattr(self.spec, "external", frozenset())
        return [c for c in self.spec.components.values()
                if c.service == service and c.id not in external]

    def component(self, component_id: str) -> Component | None:
        return self.spec.components.get(component_id)

    def service_of(self, component_id: str) -> str | None:
        comp = self.spec.components.get(component_id)
        return comp.service if comp else None

    def default(self, service: str, setting: str) -> Any:
        """The KB default of a service setting (None when the KB gives none)."""
        if self.kb is None or service not in self.kb.nodes:
            return None
        return self.kb.settings(service).get(setting, {}).get("default")

    def setting(self, comp: Component, name: str, use_default: bool = True) -> Any:
        """The value the spec gives, else (optionally) the KB default."""
        if name in comp.settings:
            return comp.settings[name]
        return self.default(comp.service, name) if use_default else None

    def number(self, comp: Component, name: str, use_default: bool = True) -> float | int | None:
        """A numeric setting, or None when absent or not a plain number."""
        value = self.setting(comp, name, use_default)
        return value if is_number(value) else None

    def where(self, comp: Component, setting: str | None = None) -> Location:
        """The location of a setting when written in the spec, else of the component's key."""
        if setting is not None and setting in comp.setting_locations:
            return comp.setting_locations[setting]
        return comp.location

    def label(self, component_id: str) -> str:
        """``id (Service name)`` for messages."""
        service = self.service_of(component_id)
        return f"{component_id} ({self.name(service)})" if service else component_id

    # -- KB ----------------------------------------------------------------------------------
    def name(self, node_id: str | None) -> str:
        if node_id is None:
            return "?"
        return self.kb.name(node_id) if self.kb is not None else node_id

    def limit(self, node_id: str, limit_id: str) -> Any:
        """A KB limit value, or None when the KB does not hold it."""
        if self.kb is None or node_id not in self.kb.nodes:
            return None
        return self.kb.limit_value(node_id, limit_id)

    def limit_source(self, node_id: str, limit_id: str) -> str | None:
        try:
            return self.kb.limit(node_id, limit_id).get("source")
        except (KeyError, AttributeError):
            return None

    def trigger_verdict(self, conn: Connection) -> str:
        """How the KB sees a ``triggers`` connection: ``ok`` (an edge in its mode), ``wrong-mode``
        (edges, but in other modes), ``direct`` (no edge, but the spec only gave a ``mode:`` and
        the source is compute that can invoke through the SDK), or ``none``."""
        src, dst = self.service_of(conn.source), self.service_of(conn.target)
        target = self.component(conn.target)
        settings = target.settings if target is not None else {}
        key = (src, dst, conn.mode, conn.explicit_kind,
               tuple(sorted((k, str(v)) for k, v in settings.items())))
        if key not in self._trigger_ok:
            modes = set(trigger_modes(self.kb, src, dst, settings)) if self.kb is not None else set()
            category = self.kb.nodes.get(src, {}).get("category") if self.kb is not None else None
            if modes and (conn.mode is None or conn.mode in modes):
                verdict = "ok"
            elif modes:
                verdict = "wrong-mode"
            elif not conn.explicit_kind and category in DIRECT_CALLERS:
                verdict = "direct"
            else:
                verdict = "none"
            self._trigger_ok[key] = verdict
        return self._trigger_ok[key]

    def mode_of(self, conn: Connection) -> str | None:
        """The invocation mode of a connection the KB allows (None for a trigger it does not:
        rule E1001 reports those, the others should not build on them)."""
        if conn.kind == "triggers" and self.trigger_verdict(conn) not in ("ok", "direct"):
            return None
        return conn.mode

    # -- groups --------------------------------------------------------------------------------
    def vpc_of(self, comp: Component) -> str | None:
        """The id of the ``vpc`` group that contains the component (through parents), if any."""
        if comp.group is None:
            return None
        if comp.group not in self._vpc_of_group:
            found, seen, gid = None, set(), comp.group
            while gid is not None and gid not in seen:
                seen.add(gid)
                group = self.spec.groups.get(gid)
                if group is None:
                    break
                if group.kind == "vpc":
                    found = gid
                    break
                gid = group.parent
            self._vpc_of_group[comp.group] = found
        return self._vpc_of_group[comp.group]


def join_names(names: list[str], limit: int = 8, conj: str = "and") -> str:
    """``a, b and c``; long lists end with ``and N more``.

    >>> join_names(["a", "b", "c"])
    'a, b and c'
    >>> join_names(["a", "b"], conj="or")
    'a or b'
    >>> join_names(list("abcdef"), limit=3)
    'a, b, c and 3 more'
    """
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conj} " + names[-1]
