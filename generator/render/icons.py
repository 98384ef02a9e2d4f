"""Icons of the ``diagrams`` package, found without importing it.

Each KB service names a ``diagrams`` class (``diagrams.aws.compute.Lambda``). The class (or a
base class) sets ``_icon_dir`` and ``_icon``; the PNG is at ``<site-packages>/<_icon_dir>/
<_icon>``. Reading the class definitions with :mod:`ast` costs a few milliseconds, importing
``diagrams`` (and ``graphviz``) much more, and nothing from the package or from a spec runs.

>>> icon = find_icon("diagrams.aws.compute.Lambda")
>>> icon
'resources/aws/compute/lambda.png'
>>> (icon_root() / icon).is_file()
True
>>> find_icon("diagrams.aws.compute.ECS")  # an alias of ElasticContainerService
'resources/aws/compute/elastic-container-service.png'
>>> find_icon("diagrams.aws.compute.NoSuchThing") is None
True
"""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def package_dir() -> Path | None:
    """The installed ``diagrams`` package folder, or None (found without importing it)."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def icon_root() -> Path | None:
    """The folder icon paths are relative to (Graphviz ``imagepath``)."""
    pkg = package_dir()
    return pkg.parent if pkg else None


def _module_file(module: str) -> Path | None:
    pkg = package_dir()
    if pkg is None or not module.startswith("diagrams"):
        return None
    parts = module.split(".")[1:]
    base = pkg.joinpath(*parts) if parts else pkg
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=None)
def _module(module: str) -> tuple[dict, dict, dict]:
    """(classes, aliases, imports) of a diagrams module: class name -> (bases, attrs)."""
    import ast

    path = _module_file(module)
    classes: dict = {}
    aliases: dict = {}
    imports: dict = {}
    if path is None:
        return classes, aliases, imports
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            attrs = {}
            for item in node.body:
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
                    for target in item.targets:
                        if isinstance(target, ast.Name):
                            attrs[target.id] = item.value.value
            bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
            classes[node.name] = (bases, attrs)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    aliases[target.id] = node.value.id
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                source = ".".join(anchor + ([node.module] if node.module else []))
            for name in node.names:
                imports[name.asname or name.name] = (source, name.name)
    return classes, aliases, imports


def _attribute(module: str, cls: str, attr: str, depth: int = 0):
    if depth > 20:
        return None
    classes, aliases, imports = _module(module)
    seen = 0
    while cls in aliases and seen < 10:
        cls, seen = aliases[cls], seen + 1
    if cls in classes:
        bases, attrs = classes[cls]
        if attr in attrs:
            return attrs[attr]
        for base in bases:
            found = _attribute(module, base, attr, depth + 1)
            if found is not None:
                return found
        return None
    if cls in imports:
        source, name = imports[cls]
        if source.startswith("diagrams"):
            return _attribute(source, name, attr, depth + 1)
    return None


@lru_cache(maxsize=None)
def find_icon(dotted: str) -> str | None:
    """The icon of a ``diagrams`` class as a path relative to :func:`icon_root`, or None."""
    if not dotted or "." not in dotted:
        return None
    module, cls = dotted.rsplit(".", 1)
    icon = _attribute(module, cls, "_icon")
    folder = _attribute(module, cls, "_icon_dir")
    if not isinstance(icon, str) or not isinstance(folder, str):
        return None
    relative = f"{folder.strip('/')}/{icon}"
    root = icon_root()
    if root is None or ".." in Path(relative).parts or not (root / relative).is_file():
        return None
    return relative


def package_stamp() -> str | None:
    """Where the installed ``diagrams`` is and when it changed: cached icon paths are valid
    while this stays the same."""
    pkg = package_dir()
    if pkg is None:
        return None
    try:
        return f"{pkg}:{os.stat(pkg).st_mtime_ns}:{os.stat(pkg / '__init__.py').st_mtime_ns}"
    except OSError:
        return None


def service_icon(kb, service: str) -> str | None:
    """The icon of a KB service: from the KB view's cache when it was computed for this
    ``diagrams`` install, else looked up (:func:`find_icon`)."""
    cached = getattr(kb, "icons", None)
    if cached is not None and service in cached:
        return cached[service]
    return find_icon(kb.nodes.get(service, {}).get("diagrams", ""))
