"""From a Terraform module folder to a :class:`Spec`: classify resources, run the extractors,
and hand the components and connections to the shared builder (:mod:`..assemble`).

What the import could not tie to a component is reported, never dropped silently: registry
modules and data sources that nothing wires, and references to variables without a value,
become warnings at their place.
"""
from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...spec.model import Location, Spec
from .. import assemble
from ..assemble import WEAK_EVIDENCE, ImportResult, Node
from . import apigw, catalog, lambda_wiring, policies, registry, service_wiring
from .context import TerraformContext
from .module import Module, is_local_source
from .placement import build_groups
from .settings import read_settings

EXTRACTORS = (registry.extract, lambda_wiring.extract, service_wiring.extract, apigw.extract,
              policies.extract)


def import_module(root: Module, kb, name: str) -> ImportResult:
    """Import a loaded root module (see :func:`generator.importers.terraform.import_path`)."""
    ctx = TerraformContext(root, kb)
    ctx.classify()
    for extractor in EXTRACTORS:
        extractor(ctx)
    if not ctx.nodes and not ctx.resources and not ctx.remote_calls:
        raise InputError("no Terraform resources or modules here, so there is nothing to "
                         "import", file=root.files[0] if root.files else root.display,
                         line=1, column=1)
    for rid in list(ctx.promotable):
        if any(rid in (w.source, w.target) for w in ctx.wires if w.nature == "trigger"
               and w.evidence not in WEAK_EVIDENCE) and rid not in ctx.nodes:
            r = ctx.resources[rid]
            ctx.add_node(rid, r.type, r.block.location, ctx.label(r))
    wires = assemble.merge(ctx.nodes, ctx.wires)
    assemble.prune(ctx.nodes, wires)
    _external_modules(ctx)
    _report(ctx)
    groups = build_groups(ctx)
    first = root.files[0] if root.files else root.display
    source = root.display if root.display not in ("", ".") or not root.files else name
    if len(root.files) == 1 and root.files[0].endswith(".json"):
        source = first  # a plan file
    spec = Spec(name=name, file=source, direction="LR", groups=groups,
                location=Location(first, 1, 1), warnings=ctx.warnings, origin="template",
                external=frozenset(n.id for n in ctx.nodes.values()
                                   if n.origin in ("parameter", "external", "module")))
    for node in ctx.nodes.values():
        spec.components[node.id] = _component(ctx, node)
    evidence: dict[tuple[str, str], list[str]] = {}
    for index, (wire, found) in enumerate(wires):
        spec.connections.append(assemble.connection(kb, ctx.nodes, index, wire,
                                                    spec.components[wire.target].settings))
        evidence[(wire.source, wire.target)] = found
    notes = {n.id: _note(n) for n in ctx.nodes.values()}
    return ImportResult(spec, ctx.warnings, evidence,
                        {n.id: n.cfn_type for n in ctx.nodes.values()}, notes,
                        {n.id: _traits(ctx, n) for n in ctx.nodes.values()})


def spec_name(path: Path) -> str:
    """The folder's name (``main.tf`` and friends say nothing about the system)."""
    path = Path(path).resolve()
    folder = path.parent if path.is_file() else path
    if folder.name in ("terraform", "tf", "infra", "infrastructure") and folder.parent.name:
        return folder.parent.name
    return folder.name or "terraform"


def _external_modules(ctx: TerraformContext) -> None:
    """Every registry or remote module call is a component, wired or not (its resources are
    not in the folder)."""
    for address, call in ctx.remote_calls.items():
        tf_type = catalog.registry_type(call.source)
        if tf_type is not None and address not in ctx.nodes:
            ctx.add_node(address, tf_type, call.block.location,
                         f"{call.name} (registry module)", origin="module")
        elif tf_type is None and not is_local_source(call.source):
            loc = call.block.location
            ctx.warnings.append(InputError(
                f"module {address.split('.')[-1]!r} ({call.source}): its code is not in the "
                "folder and archkb does not know what it builds, so it is not drawn",
                loc.file, loc.line, loc.column))


def _report(ctx: TerraformContext) -> None:
    for what, loc in sorted(ctx.unresolved.items()):
        if what in ctx.nodes:
            continue
        kind = "data source" if ".data." in f".{what}" else "variable" \
            if ".var." in f".{what}" else "module"
        ctx.warnings.append(InputError(
            f"{what}: a {kind} the files do not define enough to draw; connections through it "
            "are not imported", loc.file, loc.line, loc.column))


def _component(ctx: TerraformContext, node: Node):
    r = ctx.resources.get(node.id)
    values = dict(read_settings(r, node.service)) if r is not None and \
        node.origin == "resource" else {}
    where = r.block.location if r is not None else None
    return assemble.component(ctx.kb, node, values, ctx.warnings, where)


def _note(node: Node) -> str:
    return node.cfn_type if node.origin == "resource" else f"{node.cfn_type} ({node.origin})"


def _traits(ctx: TerraformContext, node: Node) -> set[str]:
    traits = set()
    if node.origin == "module":
        traits.add("parameter")  # built elsewhere: the folder does not show its settings
    elif node.origin != "resource":
        traits.add(node.origin)
    r = ctx.resources.get(node.id)
    if r is not None and "durable_config" in {b.type for b in r.block.blocks}:
        traits.add("durable")
    return traits
