"""From a template document to a :class:`Spec`: classify resources, run the extractors, merge
what they found, and let the KB name each connection's kind, mode and via.
"""
from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError
from ...spec.model import Component, Location, Spec
from ...yamlsafe import Document
from .. import assemble
from ..assemble import WEAK_EVIDENCE, ImportResult, Node, Wire
from . import (apigw, authorizers, catalog, events, lambda_wiring, policies, producers,
               service_wiring)
from .context import ImportContext
from .intrinsics import dig, ref_target
from .placement import build_groups
from .resource_settings import metadata_ignores, read_all_settings, written_settings
from .template import Template

EXTRACTORS = (events.extract, lambda_wiring.extract, service_wiring.extract, apigw.extract,
              authorizers.extract, producers.extract, policies.extract, policies.api_role_wires)


def import_document(doc: Document, kb) -> ImportResult:
    """Import a loaded template; see :func:`generator.importers.spec_from_template`."""
    t = Template(doc)
    ctx = ImportContext(t, kb)
    _classify(ctx)
    for extractor in EXTRACTORS:
        extractor(ctx)
    if not ctx.nodes:
        _draw_everything(ctx)
    _alias_settings(ctx)
    wires = _merge(ctx)
    _prune(ctx, wires)
    groups = build_groups(ctx)
    spec = Spec(name=spec_name(doc.file), file=doc.file, direction="LR", groups=groups,
                location=Location(doc.file, 1, 1), warnings=t.warnings, origin="template",
                external=frozenset(n.id for n in ctx.nodes.values()
                                   if n.origin in ("parameter", "external")))
    for node in ctx.nodes.values():
        spec.components[node.id] = _component(ctx, node)
        spec.components[node.id].lint_ignore = metadata_ignores(t, node.id)
    evidence: dict[tuple[str, str], list[str]] = {}
    declared_at = _ResourceLines(t)
    for index, (wire, found) in enumerate(wires):
        spec.connections.append(_connection(ctx, index, wire,
                                            spec.components[wire.target].settings))
        # the Metadata of the resource that declares the connection (a rule, a subscription)
        spec.connections[-1].lint_ignore = metadata_ignores(t, declared_at(wire.location))
        evidence[(wire.source, wire.target)] = found
    notes = {n.id: n.cfn_type if n.origin == "resource" else f"{n.cfn_type} ({n.origin})"
             for n in ctx.nodes.values()}
    result = ImportResult(spec, t.warnings, evidence,
                          {n.id: n.cfn_type for n in ctx.nodes.values()}, notes,
                          {n.id: _traits(ctx, n) for n in ctx.nodes.values()})
    _safe_ids(result)
    return result


def _safe_ids(result: ImportResult) -> None:
    """Rename the logical ids that are not valid spec ids (``:``, spaces, control characters:
    they would clash with the renderer's own DOT ids or break the YAML), deterministically,
    with a warning naming each."""
    from ...spec.fields import valid_id

    spec = result.spec
    taken = set(spec.components) | set(spec.groups)
    renamed: dict[str, str] = {}
    for old in sorted(taken):
        if valid_id(old):
            continue
        base = re.sub(r"[^A-Za-z0-9_.-]", "_", old).lstrip(".-")[:120] or "Resource"
        new, n = base, 1
        while new in taken or new in renamed.values():
            n += 1
            new = f"{base}_{n}"
        renamed[old] = new
        where = (spec.components.get(old) or spec.groups.get(old)).location
        result.warnings.append(InputError(
            f"logical id {old!r} is not a valid spec id; it is imported as {new!r}",
            where.file, where.line, where.column))
    if not renamed:
        return
    rn = lambda i: renamed.get(i, i)  # noqa: E731
    for table in (spec.components, spec.groups):
        items = list(table.values())
        table.clear()
        for item in items:
            if item.label == item.id:
                item.label = rn(item.id)
            item.id = rn(item.id)
            if hasattr(item, "group"):
                item.group = item.group and rn(item.group)
            if hasattr(item, "parent"):
                item.parent = item.parent and rn(item.parent)
            table[item.id] = item
    for conn in spec.connections:
        conn.source, conn.target = rn(conn.source), rn(conn.target)
    result.evidence = {(rn(a), rn(b)): v for (a, b), v in result.evidence.items()}
    for name in ("cfn_types", "notes", "traits"):
        setattr(result, name, {rn(k): v for k, v in getattr(result, name).items()})


def _traits(ctx: ImportContext, node: Node) -> set[str]:
    traits = set()
    if node.origin != "resource":
        traits.add(node.origin)
    if node.cfn_type.startswith("Custom::") or node.cfn_type == catalog.CUSTOM_RESOURCE:
        traits.add("custom-resource")
    if node.origin == "resource" and "DurableConfig" in ctx.t.props(node.id):
        traits.add("durable")
    if node.group is not None and ctx.t.is_parameter(node.group):
        traits.add("vpc-parameter")
    return traits


GENERIC_STEM = re.compile(r"^(template([-_.].*)?|main|stack|cfn|sam|serverless|infrastructure)$",
                          re.IGNORECASE)
"""File names that say nothing about the system (``template.yaml``, ``template-part1``...)."""


def spec_name(file: str) -> str:
    """A readable name from the template's path: its folder when the file is called
    ``template.yaml`` (or similar), else the file's stem.

    >>> spec_name("patterns/sqs-lambda/template.yaml"), spec_name("orders-stack.json")
    ('sqs-lambda', 'orders-stack')
    """
    path = Path(file)
    if not path.parent.name and path.is_file():  # "template.yaml" in the current folder
        path = path.resolve()
    stem = path.stem
    if GENERIC_STEM.match(stem) and path.parent.name not in ("", "."):
        return path.parent.name
    return stem or "template"


# -- classification --------------------------------------------------------------------------
def _classify(ctx: ImportContext) -> None:
    t = ctx.t
    for rid, rtype in t.types.items():
        role = catalog.role(rtype)
        if rtype == "AWS::Events::Rule" and _scheduled(ctx, rid):
            role = "component"
        if rtype in ("AWS::RDS::DBInstance", "AWS::DocDB::DBInstance") and \
                t.props(rid).get("DBClusterIdentifier") is not None:
            role = "support"
        if role == "component":
            node = ctx.add_node(rid, rtype, t.resource_location(rid))
            if rtype == "AWS::Events::Rule":
                expr = t.literal(t.props(rid).get("ScheduleExpression"))
                node.label = f"{rid}: {expr}" if expr else rid
    services = t.of_type("AWS::ECS::Service")
    for svc in services:
        props = t.props(svc)
        task = ref_target(props.get("TaskDefinition"))
        if task in t.types:
            ctx.reverse_owner.setdefault(task, svc)
        cluster = ref_target(props.get("Cluster"))
        if cluster in t.types and t.types[cluster] == "AWS::ECS::Cluster":
            ctx.nodes.pop(cluster, None)
            ctx.reverse_owner.setdefault(cluster, svc)
    for task in t.of_type("AWS::ECS::TaskDefinition"):
        if task not in ctx.reverse_owner:
            ctx.add_node(task, "AWS::ECS::TaskDefinition", t.resource_location(task))


def _draw_everything(ctx: ImportContext) -> None:
    """A template with nothing but support resources (DNS records, a layer...) is drawn with
    all of them; one with no resource at all is not a deployable template."""
    t = ctx.t
    for rid, rtype in t.types.items():
        if catalog.role(rtype) != "group":
            ctx.add_node(rid, rtype, t.resource_location(rid))
    if not ctx.nodes:  # only VPCs and subnets: draw them as boxes, not as empty groups
        for rid, rtype in t.types.items():
            ctx.add_node(rid, rtype, t.resource_location(rid))
    if not ctx.nodes:
        where = ("Resources",) if "Resources" in t.data else ()
        raise t.doc.error(where, "the template declares no resources (CloudFormation requires "
                                 "at least one), so there is nothing to import",
                          key=bool(where))


def _scheduled(ctx: ImportContext, rid: str) -> bool:
    props = ctx.t.props(rid)
    return props.get("ScheduleExpression") is not None and props.get("EventPattern") is None


def _alias_settings(ctx: ImportContext) -> None:
    """Provisioned concurrency set on a Lambda version or alias belongs to its function."""
    t = ctx.t
    for rid in t.of_type("AWS::Lambda::Alias", "AWS::Lambda::Version"):
        value = t.number(dig(t.props(rid), "ProvisionedConcurrencyConfig",
                             "ProvisionedConcurrentExecutions"))
        fn = ctx.owner(rid)
        if value is None or fn not in ctx.nodes:
            continue
        node = ctx.nodes[fn]
        node.settings["provisioned_concurrency"] = node.settings.get("provisioned_concurrency",
                                                                     0) + value
        node.setting_locations.setdefault("provisioned_concurrency", t.where(
            rid, "ProvisionedConcurrencyConfig"))


# -- merging and pruning ---------------------------------------------------------------------
def _merge(ctx: ImportContext) -> list[tuple[Wire, list[str]]]:
    """Log groups that a strong trigger reaches are drawn; then :func:`assemble.merge`."""
    for rid in list(ctx.promotable):
        if any(rid in (w.source, w.target) for w in ctx.wires if w.nature == "trigger"
               and w.evidence not in WEAK_EVIDENCE) and rid not in ctx.nodes:
            ctx.add_node(rid, ctx.t.types[rid], ctx.promotable[rid])
    return assemble.merge(ctx.nodes, ctx.wires)


def _prune(ctx: ImportContext, wires: list[tuple[Wire, list[str]]]) -> None:
    assemble.prune(ctx.nodes, wires)


class _ResourceLines:
    """Which resource a template line lies in (the last resource starting at or before it).

    >>> from generator.importers.cloudformation.reader import load_template
    >>> t = Template(load_template("Resources:\\n  A: {Type: X}\\n  B:\\n    Type: Y\\n", "t"))
    >>> at = _ResourceLines(t)
    >>> at(Location("t", 4, 5)), at(Location("t", 1, 1)), at(Location("other", 4, 5))
    ('B', None, None)
    """

    def __init__(self, t: Template):
        self.file = t.file
        starts = [(t.resource_location(rid).line, rid) for rid in t.types]
        self.starts = sorted((line, rid) for line, rid in starts if line is not None)

    def __call__(self, loc: Location) -> str | None:
        if loc.file != self.file or loc.line is None:
            return None
        found = None
        for line, rid in self.starts:
            if line > loc.line:
                break
            found = rid
        return found


# -- records ---------------------------------------------------------------------------------
def _component(ctx: ImportContext, node: Node) -> Component:
    t = ctx.t
    values = dict(read_all_settings(ctx, node))
    where = t.location(("Resources", node.id, "Type")) if node.origin == "resource" else None
    return assemble.component(ctx.kb, node, values, t.warnings, where,
                              written_settings(ctx, node))


def _connection(ctx: ImportContext, index: int, wire: Wire, target_settings: dict):
    return assemble.connection(ctx.kb, ctx.nodes, index, wire, target_settings)
