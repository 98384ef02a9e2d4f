"""Rules that apply the KB's setting definitions and service status to every component."""
from __future__ import annotations

from ..context import is_number, join_names
from ..rule import Rule
from ...numbers import format_number as _fmt
from .function_limits import EphemeralStorageOutOfRange, MemoryOutOfRange, TimeoutAboveMax


def _owned() -> set[tuple[str, str, str]]:
    """(service, setting, bound) pairs that a dedicated rule checks against a KB limit."""
    owned = {("lambda", "layers", "max_items")}
    for cls in (TimeoutAboveMax, MemoryOutOfRange, EphemeralStorageOutOfRange):
        if cls.min_limit:
            owned.add(("lambda", cls.setting, "min"))
        if cls.max_limit:
            owned.add(("lambda", cls.setting, "max"))
    return owned


def out_of_range(value, definition: dict) -> tuple[str, object] | None:
    """``("min"|"max"|"max_items", bound)`` that ``value`` breaks, or None.

    >>> out_of_range(50000, {"min": 0, "max": 43200})
    ('max', 43200)
    >>> out_of_range(["a", "b"], {"max_items": 1})
    ('max_items', 1)
    >>> out_of_range("x", {"min": 0}) is None
    True
    """
    if is_number(value):
        if is_number(definition.get("min")) and value < definition["min"]:
            return "min", definition["min"]
        if is_number(definition.get("max")) and value > definition["max"]:
            return "max", definition["max"]
    elif isinstance(value, list) and is_number(definition.get("max_items")):
        if len(value) > definition["max_items"]:
            return "max_items", definition["max_items"]
    return None


class SettingOutOfRange(Rule):
    id = "E2005"
    title = "Setting outside the range the KB gives for it"
    description = (
        "Each service setting in the KB may carry a minimum, a maximum or a maximum number of "
        "items (SQS visibility timeout, Kinesis retention, Fargate CPU, Aurora capacity...). A "
        "value outside that range is rejected by AWS. The finding cites the setting's own KB "
        "source; Lambda's timeout, memory, /tmp and layers have dedicated rules.")
    source = "lambda-quotas"

    def check(self, ctx):
        from ...spec.fields import CONNECTION_SETTINGS

        owned = _owned()
        kb = ctx.kb
        for comp in ctx.spec.components.values():
            defs = kb.settings(comp.service) if comp.service in kb.nodes else {}
            for name, value in comp.settings.items():
                yield from self._check(ctx, comp.service, name, value, defs.get(name), owned,
                                       ctx.where(comp, name), f"{comp.id}", component=comp.id)
        for group in ctx.spec.groups.values():
            node = kb.nodes.get(group.kind, {})
            defs = node.get("settings", {})
            for name, value in group.settings.items():
                yield from self._check(ctx, group.kind, name, value, defs.get(name), owned,
                                       group.field_locations.get(name, group.location),
                                       f"group {group.id}")
        for conn in ctx.spec.connections:
            defs = {**CONNECTION_SETTINGS,
                    **(kb.nodes.get(conn.via, {}).get("settings", {}) if conn.via else {})}
            for name, value in conn.settings.items():
                yield from self._check(ctx, None, name, value, defs.get(name), owned,
                                       conn.field_locations.get(name, conn.location),
                                       f"the {conn.name} connection", connection=conn.name)

    def _check(self, ctx, service, name, value, definition, owned, location, where,
               component=None, connection=None):
        if not definition:
            return
        broken = out_of_range(value, definition)
        if broken is None or (service, name, broken[0]) in owned:
            return
        bound, limit = broken
        unit = f" {definition['unit']}" if definition.get("unit") else ""
        if bound == "max_items":
            text = f"{name} on {where} has {len(value)} items, above the maximum of {limit}"
        else:
            word = "minimum" if bound == "min" else "maximum"
            side = "below" if bound == "min" else "above"
            text = f"{name}: {_fmt(value)}{unit} on {where} is {side} the {word} of {_fmt(limit)}{unit}"
        low, high = definition.get("min"), definition.get("max")
        if is_number(low) and is_number(high):
            text += f"; use {_fmt(low)} to {_fmt(high)}{unit}"
        yield self.finding(text, location, component=component, connection=connection,
                           source=definition.get("source"))


class RetiringService(Rule):
    id = "W1002"
    title = "Component on a service that has ended, is deprecated or is closed to new customers"
    description = (
        "The KB marks some services as ended (no longer works), deprecated (end of support "
        "announced) or closed to new customers. A design that depends on one cannot be deployed "
        "in a new account, stops working at the end-of-support date, or no longer works at all. "
        "The finding quotes the KB's note and date and names the alternatives it knows.")
    source = "iotevents-end-of-support"
    STATUSES = ("ended", "deprecated", "closed-to-new-customers")
    _WORDING = {"ended": "which has ended", "deprecated": "which is deprecated",
                "closed-to-new-customers": "which is closed to new customers"}

    def check(self, ctx):
        kb = ctx.kb
        for comp in ctx.spec.components.values():
            node = kb.nodes.get(comp.service, {})
            status = node.get("status")
            if status not in self.STATUSES:
                continue
            alternatives = sorted({kb.name(v) for _, v, _ in kb.relations(src=comp.service, type="alternative_to")}
                                  | {kb.name(u) for u, _, _ in kb.relations(dst=comp.service, type="alternative_to")})
            note = node.get("status_note", "").rstrip(".")
            text = f"{comp.id} uses {node['name']}, {self._WORDING[status]}"
            if node.get("status_date"):
                text += (f" (end of support {node['status_date']})" if status == "deprecated"
                         else f" (since {node['status_date']})")
            if note:
                text += f": {note}"
            if alternatives:
                text += f"; consider {join_names(alternatives, conj='or')}"
            yield self.finding(text, comp.location, component=comp.id,
                               source=node.get("status_source") or node.get("source"))


class RetiringIntegration(Rule):
    id = "W1003"
    title = "Connection through an integration that has ended or is deprecated"
    description = (
        "The KB dates the end of some integrations: the relation itself, or one of the two "
        "services it joins, has ended or has an announced end of support. A connection that "
        "relies on one stops delivering events (or already has). The finding names the date "
        "and the other services the KB knows that can invoke the target in the same mode; "
        "W1002 reports the component, this rule the connection to rewire.")
    source = "iotevents-end-of-support"
    STATUSES = ("ended", "deprecated")

    def check(self, ctx):
        kb = ctx.kb
        for conn in ctx.spec.connections:
            src, dst = ctx.service_of(conn.source), ctx.service_of(conn.target)
            if src not in kb.nodes or dst not in kb.nodes:
                continue
            for _, _, data in kb.relations(src=src, dst=dst, type=conn.kind):
                if data.get("mode") != conn.mode or data.get("via") != conn.via:
                    continue
                status, date = kb.edge_status(src, dst, data)
                if status not in self.STATUSES:
                    continue
                when = f" on {date}" if date else ""
                verb = f"ended{when}" if status == "ended" else f"is deprecated (end of support{when})"
                text = (f"{conn.name}: the {kb.name(src)} -> {kb.name(dst)} integration "
                        f"({conn.via or conn.kind}) {verb}")
                others = self._replacements(kb, src, dst, conn.mode)
                text += (f"; {join_names(others, conj='or')} can invoke {kb.name(dst)} instead"
                         if others else "; rewire it through a current service")
                yield self.finding(text, conn.location, connection=conn.name,
                                   source=data.get("status_source") or _status_source(kb, src, dst)
                                   or data.get("source"))
                break

    @staticmethod
    def _replacements(kb, src: str, dst: str, mode: str | None) -> list[str]:
        """The KB's alternatives to ``src`` that invoke ``dst`` in ``mode`` and are current."""
        alternatives = {v for _, v, _ in kb.relations(src=src, type="alternative_to")}
        alternatives |= {u for u, _, _ in kb.relations(dst=src, type="alternative_to")}
        return sorted(kb.name(a) for a in alternatives
                      if any(d.get("mode") == mode and kb.edge_status(a, dst, d)[0] is None
                             for _, _, d in kb.relations(src=a, dst=dst, type="triggers")))


def _status_source(kb, *ids: str) -> str | None:
    return next((kb.nodes[i]["status_source"] for i in ids if kb.nodes[i].get("status_source")),
                None)
