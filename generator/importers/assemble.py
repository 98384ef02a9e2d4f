"""The spec builder every source format shares: the components (:class:`Node`) and connections
(:class:`Wire`) a format's reader found become one :class:`Spec`, the same way for
CloudFormation and Terraform.

One wire per pair of components survives (:func:`merge`): the most specific evidence, with
weak evidence (a Lambda permission, an environment variable) only where nothing else links the
two. The KB names each connection's kind, mode and via (:func:`connection`), and checks each
setting against the service's definition (:func:`checked_settings`).

>>> from generator.kb import load_kb
>>> from generator.spec.model import Location
>>> here = Location("main.tf", 3, 1)
>>> nodes = {"q": Node("q", "aws_sqs_queue", "sqs", "jobs", here),
...          "fn": Node("fn", "aws_lambda_function", "lambda", "worker", here)}
>>> wires = merge(nodes, [Wire("q", "fn", "trigger", "lambda_permission", here),
...                       Wire("q", "fn", "trigger", "event_source_mapping", here)])
>>> [(w.evidence, found) for w, found in wires]
[('event_source_mapping', ['event_source_mapping'])]
>>> c = connection(load_kb(), nodes, 0, wires[0][0])
>>> (c.kind, c.mode, c.via)
('triggers', 'poll', 'event-source-mapping')
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..spec.model import Component, Connection, Location, Spec


@dataclass
class Node:
    """A component in the making (``cfn_type``: the resource type in the source format, a
    CloudFormation type or a Terraform resource type)."""

    id: str
    cfn_type: str
    service: str
    label: str
    location: Location
    settings: dict = field(default_factory=dict)
    setting_locations: dict = field(default_factory=dict)
    group: str | None = None
    origin: str = "resource"  # resource | implicit | parameter | external | module


@dataclass
class Wire:
    """A connection an extractor found.

    ``nature`` says what the source shows: ``trigger`` (events flow from source to target:
    its kind, mode and via come from the KB), ``fails`` (a failure path: a dead-letter queue
    that keeps what the source could not deliver; kind ``fails_to``), ``invoke`` (the source
    calls or sends to the target, e.g. ``sqs:SendMessage``), ``reads``/``writes`` (data access from a policy), or
    ``access`` (the source only knows the target's name, e.g. an environment variable).
    ``evidence`` names the construct (``sam_event:SQS``, ``s3_notification``...).
    """

    source: str
    target: str
    nature: str
    evidence: str
    location: Location
    label: str | None = None
    settings: dict = field(default_factory=dict)
    mode: str | None = None  # when the source fixes how the target is invoked


class Wires:
    """What an import context keeps of the connections its extractors find."""

    wires: list[Wire]

    def wire(self, source: str | None, target: str | None, nature: str, evidence: str,
             location: Location, label: str | None = None, settings: dict | None = None,
             mode: str | None = None) -> None:
        if not source or not target or source == target and nature != "trigger":
            return
        self.wires.append(Wire(source, target, nature, evidence, location, label,
                               dict(settings or {}), mode))

    def wire_all(self, sources: list[str], targets: list[str], nature: str, evidence: str,
                 location: Location, label: str | None = None, settings: dict | None = None,
                 mode: str | None = None) -> None:
        for s in sources:
            for t in targets:
                self.wire(s, t, nature, evidence, location, label, settings, mode)


NATURE_RANK = {"trigger": 0, "fails": 1, "invoke": 1, "writes": 2, "reads": 3, "access": 4}
"""When two extractors find the same pair, the more specific evidence wins."""

EXPLICIT_KINDS = {"reads": "reads", "writes": "writes", "fails": "fails_to"}
"""Wire natures that fix the connection's kind (the others take it from the KB)."""

WEAK_EVIDENCE = ("lambda_permission", "environment", "apigw_service_role")
"""Evidence used only when nothing else connects the two components."""


@dataclass
class ImportResult:
    """A spec plus what the import saw on the way (for the CLI, the bench and tests)."""

    spec: Spec
    warnings: list[InputError] = field(default_factory=list)
    evidence: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    cfn_types: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # component id -> YAML comment
    traits: dict[str, set[str]] = field(default_factory=dict)
    """Component id -> what the source says about it beyond its settings: ``parameter``
    (an existing resource passed in), ``implicit`` (created by SAM or the account),
    ``custom-resource``, ``durable`` (a durable function), ``vpc-parameter`` (in a VPC the
    template only receives as subnet parameters)."""


def merge(nodes: dict[str, Node], all_wires: list[Wire]) -> list[tuple[Wire, list[str]]]:
    """One wire per (source, target) between drawn components, the most specific evidence
    first; weak evidence only where nothing else links the two; a policy read that a trigger
    explains (a function may poll the queue that triggers it) is dropped. Returns each wire
    with the evidence found for its pair."""
    wires = [w for w in all_wires if w.source in nodes and w.target in nodes]
    strong_pairs = {(w.source, w.target) for w in wires if w.evidence not in WEAK_EVIDENCE}
    triggers = {(w.source, w.target) for w in wires if w.nature == "trigger"
                and w.evidence not in WEAK_EVIDENCE}
    best: dict[tuple[str, str], Wire] = {}
    found: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for w in wires:
        pair = (w.source, w.target)
        if w.evidence in WEAK_EVIDENCE and (pair in strong_pairs or
                                            (w.target, w.source) in strong_pairs):
            continue
        if w.nature in ("reads", "access") and (w.target, w.source) in triggers:
            continue
        if pair not in best:
            best[pair] = w
            order.append(pair)
            found[pair] = []
        elif _better(w, best[pair]):
            kept = best[pair]
            w.settings = {**kept.settings, **w.settings}
            w.label = w.label or kept.label
            w.mode = w.mode or kept.mode
            best[pair] = w
        else:
            best[pair].settings = {**w.settings, **best[pair].settings}
            best[pair].label = best[pair].label or w.label
            best[pair].mode = best[pair].mode or w.mode
        if w.evidence not in found[pair]:
            found[pair].append(w.evidence)
    return [(best[p], found[p]) for p in order]


def _better(new: Wire, old: Wire) -> bool:
    weak_new, weak_old = new.evidence in WEAK_EVIDENCE, old.evidence in WEAK_EVIDENCE
    if weak_new != weak_old:
        return weak_old
    return NATURE_RANK.get(new.nature, 9) < NATURE_RANK.get(old.nature, 9)


def prune(nodes: dict[str, Node], wires: list[tuple[Wire, list[str]]]) -> None:
    """Implicit and parameter components exist only for the connections that need them."""
    used = {end for w, _ in wires for end in (w.source, w.target)}
    for node_id in [n.id for n in nodes.values() if n.origin != "resource"]:
        if node_id not in used:
            del nodes[node_id]


def place(nodes, groups: dict, group_of) -> dict:
    """Put each node in the group ``group_of(node)`` names (None: no group) and return the
    groups that hold a node, directly or through a child group, in their order.

    >>> from generator.spec.model import Group
    >>> here = Location("t.yaml", 1, 1)
    >>> groups = {"vpc": Group("vpc", "vpc", "VPC", None, here),
    ...           "a": Group("a", "subnet", "A", "vpc", here),
    ...           "b": Group("b", "subnet", "B", "vpc", here)}
    >>> fn = Node("fn", "AWS::Lambda::Function", "lambda", "fn", here)
    >>> sorted(place([fn], groups, lambda n: "a")), fn.group
    (['a', 'vpc'], 'a')
    """
    used: set[str] = set()
    for node in nodes:
        group = group_of(node)
        if group is None:
            continue
        node.group = group
        while group is not None and group not in used:
            used.add(group)
            group = groups[group].parent if group in groups else None
    return {gid: g for gid, g in groups.items() if gid in used}


def checked_settings(kb, node: Node, values: dict[str, tuple], warnings: list
                     ) -> tuple[dict, dict[str, Location]]:
    """The settings of ``node`` that its KB service defines, checked against their definition:
    ``values`` is setting name -> (value, location); a value that does not fit is left out
    with a warning at its location."""
    from ..spec.settings import check

    definitions = kb.settings(node.service) if node.service in kb.nodes else {}
    settings: dict = {}
    locations: dict[str, Location] = {}
    for name, value in node.settings.items():
        values.setdefault(name, (value, node.setting_locations.get(name, node.location)))
    for name, (value, loc) in values.items():
        if name not in definitions:
            continue
        try:
            settings[name] = check(value, definitions[name])
        except ValueError as exc:
            warnings.append(InputError(f"{node.id}: {name} {exc}; the setting is not "
                                       "imported", loc.file, loc.line, loc.column))
            continue
        locations[name] = loc
    return settings, locations


def component(kb, node: Node, values: dict[str, tuple], warnings: list,
              type_location: Location | None = None,
              written: dict[str, Location] | None = None) -> Component:
    """The spec component of ``node`` (``values``: as in :func:`checked_settings`;
    ``type_location``: where the resource type is written, for findings about the
    service; ``written``: settings the source writes with a value only known at deploy time,
    so they are chosen, not defaults)."""
    settings, locations = checked_settings(kb, node, values, warnings)
    fields = dict(locations)
    for name, loc in (written or {}).items():
        fields.setdefault(name, loc)
    if type_location is not None:
        fields["service"] = type_location
    return Component(node.id, node.service, node.label, node.group, settings, node.location,
                     locations, fields)


def connection(kb, nodes: dict[str, Node], index: int, wire: Wire,
               target_settings: dict | None = None) -> Connection:
    """The spec connection of a merged wire: kind, mode and via from the KB (the target's
    settings decide where the KB says the mode depends on them)."""
    from ..spec.fields import CONNECTION_SETTINGS
    from ..spec.infer import connection_kind
    from ..spec.settings import check

    src = nodes[wire.source].service
    dst = nodes[wire.target].service
    explicit = EXPLICIT_KINDS.get(wire.nature)
    mode = wire.mode if explicit is None else None
    kind, mode, via, source = connection_kind(kb, src, dst, explicit, mode, target_settings or {})
    settings = {"mode": mode} if wire.mode and mode else {}
    for name, value in wire.settings.items():
        definition = CONNECTION_SETTINGS.get(name)
        if definition is None:
            continue
        try:
            settings[name] = check(value, definition)
        except ValueError:
            continue
    return Connection(index, wire.source, wire.target, kind, mode, via, wire.label,
                      explicit is not None, settings, wire.location, source)
