"""The architecture spec as loaded: groups, components, connections, each with its location.

Loading (``generator.spec.loader``) turns YAML into these records; lint, render, import and
docs all work on them. Settings keep their YAML values (types checked at load, limits by lint).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where something is written: ``file:line:column`` (1-based)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass
class Group:
    id: str
    kind: str  # vpc | subnet | availability-zone | region | account | auto-scaling-group | generic
    label: str
    parent: str | None
    location: Location
    settings: dict[str, Any] = field(default_factory=dict)
    field_locations: dict[str, Location] = field(default_factory=dict)  # key -> its value's location


@dataclass
class Component:
    id: str
    service: str  # a KB node id (resolved from the spec's name/alias)
    label: str
    group: str | None
    settings: dict[str, Any]
    location: Location
    setting_locations: dict[str, Location] = field(default_factory=dict)
    field_locations: dict[str, Location] = field(default_factory=dict)  # every key, settings too
    description: str | None = None
    lint_ignore: tuple[str, ...] = ()  # rule ids or prefixes suppressed on this component
    workload: dict[str, Any] = field(default_factory=dict)  # recommend's fields, parsed


@dataclass
class Connection:
    index: int  # position in the spec's connections list
    source: str  # component id
    target: str  # component id
    kind: str  # triggers | reads | writes | calls | publishes | ... (inferred when not given)
    mode: str | None  # sync | async | poll for triggers, else None
    via: str | None
    label: str | None
    explicit_kind: bool  # the spec said `kind:` itself
    settings: dict[str, Any]
    location: Location
    kb_source: str | None = None  # the KB source that allows a triggers connection
    field_locations: dict[str, Location] = field(default_factory=dict)  # key -> its value's location
    lint_ignore: tuple[str, ...] = ()  # rule ids or prefixes suppressed on this connection

    @property
    def name(self) -> str:
        return f"{self.source} -> {self.target}"


@dataclass
class Spec:
    name: str
    file: str
    direction: str = "LR"
    direction_set: bool = False  # the spec says `direction:` (else the renderer may choose TB)
    legend: bool = True
    groups: dict[str, Group] = field(default_factory=dict)
    components: dict[str, Component] = field(default_factory=dict)
    connections: list[Connection] = field(default_factory=list)
    account: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    description: str | None = None
    lint: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The spec's ``lint:`` block: ``ignore`` and ``enable`` rule ids."""
    origin: str = "spec"
    """``spec`` (written by hand) or ``template`` (imported from CloudFormation/SAM): rules
    about deployment details run on templates, and on specs only when enabled."""
    external: frozenset = frozenset()
    """Components that stand for existing resources a template only refers to (a parameter,
    an ARN, an import): rules about a resource's own settings skip them."""
    workload: dict[str, Any] = field(default_factory=dict)
    """The ``workload:`` block, parsed (:mod:`generator.spec.workload`): ``requests_per_month``,
    ``duration_s``, ``storage_gb`` and ``components`` (id -> the same fields)."""
    warnings: list = field(default_factory=list)
    """What loading noticed but did not stop for (located :class:`generator.errors.InputError`
    records): an imported template's duplicate keys kept last-wins, missing included files,
    settings that do not fit. Commands print them to stderr as ``file:line:col: warning: ...``."""

    def incoming(self, component_id: str) -> list[Connection]:
        return [c for c in self.connections if c.target == component_id]

    def outgoing(self, component_id: str) -> list[Connection]:
        return [c for c in self.connections if c.source == component_id]

    def of_service(self, *services: str) -> list[Component]:
        return [c for c in self.components.values() if c.service in services]
