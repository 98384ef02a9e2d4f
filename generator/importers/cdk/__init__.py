"""The CDK importer: a ``cdk.out`` folder (its ``manifest.json`` stacks, and the nested stacks
their templates name) or one synthesized template, imported as CloudFormation with construct
paths as labels and the CDK's own machinery hidden (:mod:`.template`).

Several stacks (or nested stacks) are drawn together: component ids are then prefixed with
the stack's name (``OrdersStack.OrdersFnB2C3A1F4``); references across stacks
(``Fn::ImportValue``) are not followed.
"""
from __future__ import annotations

import json
from pathlib import Path

from .template import import_cdk_document

MAX_STACKS = 50

__all__ = ["import_cdk", "import_cdk_document", "stack_templates"]


def stack_templates(folder: Path) -> list[tuple[str, Path]]:
    """``(stack name, template file)`` of each stack ``manifest.json`` lists (else every
    ``*.template.json``), then the nested stacks' templates, in a stable order."""
    from ...errors import InputError

    manifest_path = folder / "manifest.json"
    found: list[tuple[str, Path]] = []
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the CDK manifest: {exc}", file=str(manifest_path),
                         line=1, column=1) from None
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    for name, art in sorted((artifacts or {}).items()):
        if not isinstance(art, dict) or art.get("type") != "aws:cloudformation:stack":
            continue
        template = (art.get("properties") or {}).get("templateFile")
        if isinstance(template, str) and _inside(folder, template):
            found.append((name, folder / template))
    if not found:
        found = [(p.name[:-len(".template.json")], p)
                 for p in sorted(folder.glob("*.template.json"))]
    return found[:MAX_STACKS]


def _inside(folder: Path, name: str) -> bool:
    try:
        (folder / name).resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def import_cdk(path, kb, display: str | None = None, show_internal: bool = False,
               group_by: str | None = None):
    """Import a ``cdk.out`` folder (every stack, nested stacks followed) or one template."""
    from ...spec.model import Spec
    from .. import read_template
    from ..assemble import ImportResult

    path = Path(path)
    shown = display if display is not None else str(path)
    if path.is_file():
        doc = read_template(path, shown)
        return import_cdk_document(doc, kb, show_internal, group_by)
    stacks = stack_templates(path)
    queue = list(stacks)
    results: list[tuple[str, object]] = []
    seen: set[Path] = set()
    while queue and len(results) < MAX_STACKS:
        name, file = queue.pop(0)
        if file.resolve() in seen or not file.is_file():
            continue
        seen.add(file.resolve())
        doc = read_template(file, f"{shown.rstrip('/')}/{file.name}")
        results.append((name, import_cdk_document(doc, kb, show_internal, group_by)))
        queue += _nested(path, name, doc.data)
    if not results:
        from ...errors import InputError

        raise InputError("no stack templates in this cdk.out folder", file=shown)
    if len(results) == 1:
        return results[0][1]
    merged = Spec(name=path.resolve().parent.name if path.name == "cdk.out" else path.name,
                  file=shown, direction="LR", location=results[0][1].spec.location,
                  origin="template")
    out = ImportResult(merged)
    for stack, result in results:
        _merge(out, stack, result)
    followed = {name for name, _ in results}
    boxes = {cid for cid in merged.components if cid in followed}  # a nested stack drawn inside
    merged.components = {k: v for k, v in merged.components.items() if k not in boxes}
    merged.connections = [c for c in merged.connections
                          if c.source not in boxes and c.target not in boxes]
    for index, conn in enumerate(merged.connections):
        conn.index = index
    return out


def _nested(folder: Path, parent: str, data) -> list[tuple[str, Path]]:
    """Nested stacks: ``AWS::CloudFormation::Stack`` resources whose asset is a template in
    the folder."""
    out = []
    resources = data.get("Resources") if isinstance(data, dict) else None
    for rid, body in (resources or {}).items():
        if not isinstance(body, dict) or body.get("Type") != "AWS::CloudFormation::Stack":
            continue
        meta = body.get("Metadata") if isinstance(body.get("Metadata"), dict) else {}
        asset = meta.get("aws:asset:path")
        if isinstance(asset, str) and asset.endswith(".json") and _inside(folder, asset):
            out.append((f"{parent}.{rid}", folder / asset))
    return out


def _merge(out, stack: str, result) -> None:
    prefix = f"{stack}."
    rename = {cid: prefix + cid for cid in result.spec.components}
    spec = out.spec
    for gid, group in result.spec.groups.items():
        group.id = prefix + gid
        group.parent = prefix + group.parent if group.parent else None
        spec.groups[group.id] = group
    for cid, comp in result.spec.components.items():
        comp.id = rename[cid]
        comp.group = prefix + comp.group if comp.group else None
        for key, value in list(comp.settings.items()):
            if isinstance(value, str) and value in rename:
                comp.settings[key] = rename[value]
        spec.components[comp.id] = comp
        out.notes[comp.id] = result.notes.get(cid, "")
        out.cfn_types[comp.id] = result.cfn_types.get(cid, "")
        out.traits[comp.id] = result.traits.get(cid, set())
    for conn in result.spec.connections:
        conn.source, conn.target = rename[conn.source], rename[conn.target]
        conn.index = len(spec.connections)
        spec.connections.append(conn)
    spec.external = spec.external | {prefix + cid for cid in result.spec.external}
    spec.warnings += result.warnings
    out.warnings += result.warnings
