"""A Terraform module folder as the importer reads it: its resources, data sources, module
calls, variables (with defaults and ``terraform.tfvars``), locals and outputs; local child
modules loaded under their ``module.<name>.`` prefix; every value evaluated by
:mod:`.expressions` in the module's scope.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "main.tf").write_text('variable "n" { default = "jobs" }\\n'
...     'resource "aws_sqs_queue" "q" { name = "${var.n}-queue" }\\n')
>>> m = load_module(d, "infra")
>>> r = m.resources["aws_sqs_queue.q"]
>>> r.body().get("name"), str(r.block.location)
('jobs-queue', 'infra/main.tf:2:1')
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...spec.model import Location
from .expressions import Evaluator
from .values import MAX_ITEMS, apply_steps, iterate, marker, unknown
from .hcl import Block, read_file

MAX_MODULE_DEPTH = 8
MAX_FILES = 2000
MAX_READ_BYTES = 2_000_000
"""Bounds: module nesting, ``.tf`` files in one import, a file read by ``file()``."""

TFVARS = ("terraform.tfvars", "terraform.tfvars.json")


def tf_files(folder: Path) -> list[Path]:
    """The Terraform files of one module folder, in name order (not its subfolders)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.is_file() and (p.name.endswith(".tf") or
                                                   p.name.endswith(".tf.json"))]


@dataclass
class Resource:
    """One ``resource`` (or ``data``) block under its full address."""

    address: str  # module.api.aws_sqs_queue.jobs
    type: str
    name: str
    block: Block
    module: "Module"
    data: bool = False

    def instances(self) -> list["Body"]:
        """One body per instance ``count``/``for_each`` creates (at most MAX_ITEMS); one
        body whose ``each``/``count`` carry the collection's references when the collection
        is not known from the files."""
        block, mod = self.block, self.module
        if "for_each" in block.attrs:
            coll = mod.eval(block.attrs["for_each"], {})
            envs = [{"each": {"key": k if isinstance(coll, dict) else v, "value": v}}
                    for k, v in iterate(coll)]
            return [Body(mod, block, env) for env in envs] or [Body(mod, block, {})]
        if "count" in block.attrs:
            count = mod.eval(block.attrs["count"], {})
            n = count if isinstance(count, int) and not isinstance(count, bool) else 1
            return [Body(mod, block, {"count": {"index": i}})
                    for i in range(max(1, min(n, MAX_ITEMS)))]
        return [Body(mod, block, {})]

    def body(self) -> "Body":
        return self.instances()[0]


class Body:
    """A block's arguments evaluated in one environment (an instance's ``each``/``count``, a
    ``dynamic`` block's iterator)."""

    def __init__(self, module: "Module", block: Block, env: dict):
        self.module, self.block, self.env = module, block, env
        self._values: dict[str, Any] = {}

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self.block.attrs:
            return default
        if name not in self._values:
            self._values[name] = self.module.eval(self.block.attrs[name], self.env)
        return self._values[name]

    def has(self, name: str) -> bool:
        return name in self.block.attrs or any(b.type == name for b in self.block.blocks) or \
            any(b.type == "dynamic" and b.labels[:1] == [name] for b in self.block.blocks)

    def where(self, name: str | None = None) -> Location:
        return self.block.where(name) if name else self.block.location

    def blocks(self, name: str) -> list["Body"]:
        """Nested blocks called ``name``, with ``dynamic "name"`` blocks expanded."""
        out = [Body(self.module, b, self.env) for b in self.block.blocks if b.type == name]
        for b in self.block.blocks:
            if b.type != "dynamic" or b.labels[:1] != [name]:
                continue
            content = b.children("content")
            if not content:
                continue
            iterator = self.module.eval(b.attrs["iterator"], {}) if "iterator" in b.attrs \
                else name
            coll = self.module.eval(b.attrs.get("for_each"), self.env) \
                if "for_each" in b.attrs else None
            for key, value in iterate(coll):
                env = {**self.env, str(iterator): {"key": key, "value": value}}
                out.append(Body(self.module, content[0], env))
        return out

    def block_value(self, name: str) -> Any:
        """A nested block as plain data (for policy documents and the like)."""
        return [b.as_data() for b in self.blocks(name)]

    def as_data(self, depth: int = 0) -> dict:
        data: dict[str, Any] = {k: self.get(k) for k in self.block.attrs}
        if depth < 6:
            for b in self.block.blocks:
                kind = b.labels[0] if b.type == "dynamic" and b.labels else b.type
                if kind in data or b.type == "content":
                    continue
                data[kind] = [x.as_data(depth + 1) for x in self.blocks(kind)]
        return data


@dataclass
class ModuleCall:
    name: str
    block: Block
    source: str
    child: "Module | None" = None
    version: str | None = None


@dataclass
class Module:
    """One module: root (``prefix`` "") or a local child (``module.<name>.``)."""

    folder: Path
    display: str  # the folder as locations show it
    root: Path  # the import's root folder: files are read only inside it
    prefix: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)  # name -> value from the caller
    input_exprs: dict[str, Any] = field(default_factory=dict)  # or its expression there
    parent: "Module | None" = None
    resources: dict[str, Resource] = field(default_factory=dict)
    data: dict[str, Resource] = field(default_factory=dict)
    calls: dict[str, ModuleCall] = field(default_factory=dict)
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, tuple[Any, Location]] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    tfvars: dict[str, Any] = field(default_factory=dict)
    warnings: list[InputError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.evaluator = Evaluator(self.lookup, self.read)
        self._local_values: dict[str, Any] = {}
        self._var_values: dict[str, Any] = {}
        self._busy: set[str] = set()

    # -- evaluation ----------------------------------------------------------------------
    def eval(self, node: Any, env: dict) -> Any:
        return self.evaluator.eval(node, env) if node is not None else None

    def lookup(self, root: str, steps: list) -> Any:
        if root == "var" and steps:
            return apply_steps(self.variable(str(steps[0][1])), steps[1:])
        if root == "local" and steps:
            return apply_steps(self.local(str(steps[0][1])), steps[1:])
        if root == "path" and steps:
            where = self.folder if steps[0][1] == "module" else self.root
            return str(where)
        if root == "terraform" and steps and steps[0][1] == "workspace":
            return "default"
        if root == "module" and steps:
            return self.module_output(str(steps[0][1]), steps[1:])
        if root == "data" and len(steps) >= 2:
            return marker(f"{self.prefix}data", steps)
        if steps and steps[0][0] == "attr" and f"{root}.{steps[0][1]}" in self.resources:
            return marker(f"{self.prefix}{root}", steps)
        return None

    def variable(self, name: str) -> Any:
        if name in self._var_values:
            return self._var_values[name]
        key = f"var.{name}"
        if key in self._busy:
            return unknown()
        self._busy.add(key)
        try:
            if name in self.inputs:
                value = self.inputs[name]
            elif name in self.input_exprs and self.parent is not None:
                value = self.parent.eval(self.input_exprs[name], {})
            elif name in self.tfvars:
                value = self.tfvars[name]
            elif name in self.variables and "default" in self.variables[name].attrs:
                value = self.eval(self.variables[name].attrs["default"], {})
            else:
                value = "${%svar.%s}" % (self.prefix, name)
        finally:
            self._busy.discard(key)
        self._var_values[name] = value
        return value

    def local(self, name: str) -> Any:
        if name in self._local_values:
            return self._local_values[name]
        key = f"local.{name}"
        if key in self._busy or name not in self.locals:
            return "${%slocal.%s}" % (self.prefix, name)
        self._busy.add(key)
        try:
            value = self.eval(self.locals[name][0], {})
        finally:
            self._busy.discard(key)
        self._local_values[name] = value
        return value

    def module_output(self, call: str, steps: list) -> Any:
        mc = self.calls.get(call)
        if mc is None or mc.child is None or not steps:
            return marker(f"{self.prefix}module.{call}", steps)
        out = mc.child.outputs.get(str(steps[0][1]))
        if out is None or "value" not in out.attrs:
            return marker(f"{self.prefix}module.{call}", steps)
        key = f"output.{call}.{steps[0][1]}"
        if key in self._busy:
            return unknown()
        self._busy.add(key)
        try:
            value = mc.child.eval(out.attrs["value"], {})
        finally:
            self._busy.discard(key)
        return apply_steps(value, steps[1:])

    def read(self, path: str) -> str | None:
        """A file a ``file()``/``templatefile()`` call names, when it is inside the import's
        root folder (None otherwise: it stays unknown)."""
        try:
            target = (self.folder / path).resolve()
            target.relative_to(self.root.resolve())
            if not target.is_file() or target.stat().st_size > MAX_READ_BYTES:
                return None
            return target.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            return None

    # -- everything in this module and below -----------------------------------------------
    def all_modules(self) -> list["Module"]:
        out = [self]
        for mc in self.calls.values():
            if mc.child is not None:
                out += mc.child.all_modules()
        return out


def load_module(folder: Path, display: str, root: Path | None = None, prefix: str = "",
                inputs: dict | None = None, parent: Module | None = None,
                depth: int = 0, files: list[Path] | None = None) -> Module:
    """Read a module folder (``files``: only these files, e.g. one ``main.tf``;
    ``inputs``: the arguments of the module call, as expressions of ``parent``)."""
    folder = Path(folder)
    mod = Module(folder, display, Path(root or folder), prefix, {}, dict(inputs or {}), parent)
    paths = files if files is not None else tf_files(folder)
    if len(paths) > MAX_FILES:
        raise InputError(f"too many Terraform files ({len(paths)}; the limit is {MAX_FILES})",
                         file=display)
    for path in paths:
        name = _join(display, path.name)
        mod.files.append(name)
        blocks, warnings = read_file(path, name)
        mod.warnings += warnings
        for block in blocks:
            _add_block(mod, block)
    if prefix == "":
        _read_tfvars(mod)
    for mc in mod.calls.values():
        _load_child(mod, mc, depth)
    return mod


def _join(display: str, name: str) -> str:
    return name if display in ("", ".") else f"{display.rstrip('/')}/{name}"


def _add_block(mod: Module, block: Block) -> None:
    kind, labels = block.type, block.labels
    if kind == "resource" and len(labels) == 2:
        address = f"{mod.prefix}{labels[0]}.{labels[1]}"
        mod.resources[f"{labels[0]}.{labels[1]}"] = Resource(address, labels[0], labels[1],
                                                             block, mod)
    elif kind == "data" and len(labels) == 2:
        address = f"{mod.prefix}data.{labels[0]}.{labels[1]}"
        mod.data[f"{labels[0]}.{labels[1]}"] = Resource(address, labels[0], labels[1], block,
                                                        mod, data=True)
    elif kind == "variable" and labels:
        mod.variables[labels[0]] = block
    elif kind == "locals":
        for name, expr in block.attrs.items():
            mod.locals[name] = (expr, block.where(name))
    elif kind == "output" and labels:
        mod.outputs[labels[0]] = block
    elif kind == "module" and labels:
        source = mod.eval(block.attrs.get("source"), {})
        version = mod.eval(block.attrs.get("version"), {})
        mod.calls[labels[0]] = ModuleCall(labels[0], block, str(source or ""), None,
                                          version if isinstance(version, str) else None)


def _read_tfvars(mod: Module) -> None:
    from .hcl import parse_json, parse_text_lenient

    paths = [mod.folder / n for n in TFVARS]
    try:
        paths += sorted(p for p in mod.folder.iterdir() if p.name.endswith(".auto.tfvars"))
    except OSError:
        pass
    for path in paths:
        if not path.is_file():
            continue
        name = _join(mod.display, path.name)
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.name.endswith(".json"):
            blocks = parse_json('{"locals": %s}' % text, name)
        else:
            blocks, warnings = parse_text_lenient("locals {\n%s\n}\n" % text, name)
            mod.warnings += warnings
        for block in blocks:
            for key, expr in block.attrs.items():
                mod.tfvars[key] = mod.eval(expr, {})


def is_local_source(source: str) -> bool:
    return source.startswith("./") or source.startswith("../")


def _load_child(mod: Module, mc: ModuleCall, depth: int) -> None:
    if not is_local_source(mc.source):
        return
    folder = (mod.folder / mc.source).resolve()
    loc = mc.block.location
    try:
        folder.relative_to(mod.root.resolve())
    except ValueError:
        mod.warnings.append(InputError(
            f"module {mc.name!r}: its source {mc.source!r} is outside the imported folder, "
            "so its resources are not imported", loc.file, loc.line, loc.column))
        return
    ancestors, up = set(), mod
    while up is not None:
        ancestors.add(up.folder.resolve())
        up = up.parent
    if depth >= MAX_MODULE_DEPTH or not tf_files(folder) or folder in ancestors:
        why = "calls a module that calls it (a cycle)" if folder in ancestors else \
            "too deeply nested" if depth >= MAX_MODULE_DEPTH else "has no .tf files here"
        mod.warnings.append(InputError(f"module {mc.name!r} ({mc.source}) {why}, so its "
                                       "resources are not imported", loc.file, loc.line,
                                       loc.column))
        return
    inputs = {k: v for k, v in mc.block.attrs.items()
              if k not in ("source", "version", "providers", "count", "for_each", "depends_on")}
    display = os.path.normpath(_join(mod.display, mc.source))
    mc.child = load_module(folder, display, mod.root, f"{mod.prefix}module.{mc.name}.", inputs,
                           mod, depth + 1)
