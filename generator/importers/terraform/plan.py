"""Import a Terraform plan in JSON (``terraform show -json PLAN > plan.json``): the exact path
when the user can run Terraform. Values come from ``planned_values`` (variables, locals and
``count``/``for_each`` already resolved by Terraform); what is only known after apply (an ARN)
comes from the ``configuration``'s references, so the wiring is read the same way as from the
``.tf`` files, by the same extractors. Locations point at each resource's address in the plan
file.

>>> import json, tempfile, pathlib
>>> from generator.kb import load_kb
>>> plan = {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
...     {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
...      "values": {"name": "jobs", "visibility_timeout_seconds": 60}}]}},
...     "configuration": {"root_module": {"resources": [
...     {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
...      "expressions": {"name": {"constant_value": "jobs"}}}]}}}
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.json"
>>> _ = path.write_text(json.dumps(plan, indent=1))
>>> spec = import_plan(path, load_kb(), "plan.json").spec
>>> spec.components["aws_sqs_queue.q"].settings, str(spec.components["aws_sqs_queue.q"].location)
({'visibility_timeout': 60}, 'plan.json:7:6')
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...spec.model import Location
from .hcl import Block
from .module import MAX_READ_BYTES, Module, ModuleCall, Resource, _add_block

PLAN_KEYS = ("planned_values", "configuration", "resource_changes")
MAX_PLAN_BYTES = 50_000_000


def is_plan_file(path: Path) -> bool:
    """A JSON file whose first kilobytes name the keys of ``terraform show -json``."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return head.lstrip().startswith("{") and '"format_version"' in head and \
        any(f'"{k}"' in head for k in PLAN_KEYS + ("terraform_version",))


def import_plan(path, kb, display: str | None = None):
    """Import a plan JSON file as an ``ImportResult``."""
    from .build import import_module

    path = Path(path)
    shown = display if display is not None else str(path)
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise InputError(f"plan too large ({path.stat().st_size} bytes)", file=shown)
        text = path.read_text(encoding="utf-8")
        plan = json.loads(text)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=shown) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=shown, line=1, column=1) from None
    except ValueError as exc:
        raise InputError(f"invalid JSON: {getattr(exc, 'msg', exc)}", file=shown,
                         line=getattr(exc, "lineno", 1), column=getattr(exc, "colno", 1)
                         ) from None
    if not isinstance(plan, dict) or not any(k in plan for k in PLAN_KEYS):
        raise InputError("not a Terraform plan (no planned_values or configuration; make it "
                         "with `terraform show -json PLAN`)", file=shown, line=1, column=1)
    finder = _Lines(text, shown)
    planned = _planned(plan.get("planned_values", {}).get("root_module", {}))
    variables = {k: v.get("value") for k, v in (plan.get("variables") or {}).items()
                 if isinstance(v, dict)}
    root = _module(plan.get("configuration", {}).get("root_module", {}), planned, finder,
                   path.parent, shown, "", None)
    root.inputs.update(variables)
    if not root.resources and not root.calls:
        raise InputError("the plan holds no resources, so there is nothing to import",
                         file=shown, line=1, column=1)
    stem = path.name[:-len(".json")] if path.name.endswith(".json") else path.stem
    name = path.resolve().parent.name if stem in ("plan", "tfplan", "terraform") else stem
    return import_module(root, kb, name or "terraform-plan")


class _Lines:
    """Where each address first appears in the plan text."""

    def __init__(self, text: str, file: str):
        self.text, self.file = text, file
        self._starts = [m.start() for m in re.finditer(r"^", text, re.M)]

    def find(self, address: str) -> Location:
        i = self.text.find(f'"address": "{address}"')
        if i < 0:
            i = self.text.find(f'"{address}"')
        if i < 0:
            return Location(self.file, 1, 1)
        import bisect

        line = bisect.bisect_right(self._starts, i)
        return Location(self.file, line, i - self._starts[line - 1] + 1)


def _planned(module: dict, out: dict | None = None) -> dict[str, dict]:
    """Resource address (no instance key) -> planned values of its first instance."""
    out = {} if out is None else out
    for r in module.get("resources", []) or []:
        address = re.sub(r"\[[^\]]*\]$", "", str(r.get("address", "")))
        if address and address not in out and isinstance(r.get("values"), dict):
            out[address] = r["values"]
    for child in module.get("child_modules", []) or []:
        _planned(child, out)
    return out


def _module(config: dict, planned: dict, finder: _Lines, folder: Path, shown: str,
            prefix: str, parent: Module | None, depth: int = 0) -> Module:
    mod = Module(folder, shown, folder, prefix, {}, {}, parent)
    mod.files.append(shown)
    for r in config.get("resources", []) or []:
        if not isinstance(r, dict) or "type" not in r or "name" not in r:
            continue
        kind = "data" if r.get("mode") == "data" else "resource"
        address = f"{prefix}{r.get('address', '')}"
        location = finder.find(address)
        block = Block(kind, [r["type"], r["name"]], location, json=True)
        _fill(block, r.get("expressions") or {}, planned.get(address, {}), location)
        _add_block(mod, block)
    for name, var in (config.get("variables") or {}).items():
        block = Block("variable", [name], finder.find(name), json=True)
        if isinstance(var, dict) and "default" in var:
            block.attrs["default"] = var["default"]
        mod.variables[name] = block
    for name, out in (config.get("outputs") or {}).items():
        block = Block("output", [name], finder.find(name), json=True)
        block.attrs["value"] = _expression(out.get("expression")) if isinstance(out, dict) \
            else None
        mod.outputs[name] = block
    for name, call in (config.get("module_calls") or {}).items():
        if not isinstance(call, dict):
            continue
        location = finder.find(f"{prefix}module.{name}")
        block = Block("module", [name], location, json=True)
        inputs = {k: _expression(v) for k, v in (call.get("expressions") or {}).items()}
        block.attrs.update(inputs)
        mc = ModuleCall(name, block, str(call.get("source", "")))
        if isinstance(call.get("module"), dict) and depth < 8:
            mc.child = _module(call["module"], planned, finder, folder, shown,
                               f"{prefix}module.{name}.", mod, depth + 1)
            mc.child.input_exprs = inputs
        mod.calls[name] = mc
    return mod


def _expression(expr: Any) -> Any:
    """A configuration expression as a value: its constant, or markers for its references
    (the most specific of each: ``aws_sqs_queue.q.arn`` before ``aws_sqs_queue.q``)."""
    if isinstance(expr, list):
        return [_expression(e) for e in expr]
    if not isinstance(expr, dict):
        return expr
    if "constant_value" in expr:
        return expr["constant_value"]
    refs = [r for r in expr.get("references", []) if isinstance(r, str)]
    if refs:
        specific = [r for r in refs if not any(o != r and o.startswith(r + ".") for o in refs)]
        return "".join("${%s}" % re.sub(r"\[[^\]]*\]", "", r) for r in specific)
    if all(isinstance(v, (dict, list)) for v in expr.values()) and expr:
        return {k: _expression(v) for k, v in expr.items()}
    return None


def _fill(block: Block, expressions: dict, values: dict, location: Location,
          depth: int = 0) -> None:
    """Arguments of a block: planned values where Terraform knows them, else the
    configuration's references; nested blocks (lists of objects) as blocks."""
    keys = list(dict.fromkeys(list(values) + list(expressions)))
    for key in keys:
        value = values.get(key)
        expr = expressions.get(key)
        if _is_blocks(value, expr) and depth < 8:
            items = value if isinstance(value, list) and value else [{}] * len(expr or [])
            exprs = expr if isinstance(expr, list) else []
            for i, item in enumerate(items):
                nested = Block(key, [], location, json=True)
                _fill(nested, exprs[i] if i < len(exprs) and isinstance(exprs[i], dict) else {},
                      item if isinstance(item, dict) else {}, location, depth + 1)
                block.blocks.append(nested)
            continue
        if value is None or value == "" and expr is not None:
            value = _expression(expr) if expr is not None else None
        if value is None:
            continue
        block.attrs[key] = _escape(value)
        block.attr_locations[key] = location


def _is_blocks(value: Any, expr: Any) -> bool:
    if isinstance(expr, list) and expr and all(isinstance(e, dict) for e in expr) and \
            all(isinstance(v, dict) for e in expr for v in e.values()):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value) \
        and expr is None


def _escape(value: Any) -> Any:
    """Planned values are final: a literal ``${`` in them is not a template."""
    if isinstance(value, str):
        return value if "${" not in value or re.fullmatch(r"(\$\{[^}]*\})+", value) \
            else value.replace("${", "$${")
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    return value


__all__ = ["is_plan_file", "import_plan", "MAX_READ_BYTES", "Resource"]
