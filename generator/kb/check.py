"""Checks beyond the schema that ``archkb kb check`` runs: ``diagrams`` classes exist.

The classes are found by reading the ``diagrams`` package's source with :mod:`ast`, so the
check neither imports nor renders anything.
"""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from ..errors import KBError
from ..yamlsafe import read
from .model import KB


def diagrams_classes(module: str) -> set[str] | None:
    """Class names defined (or aliased) in a ``diagrams`` module, or None if it is missing."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    path = root.joinpath(*module.split(".")[1:]).with_suffix(".py")
    if not path.is_file():
        return set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def check_diagrams(kb: KB) -> list[KBError]:
    """Every ``diagrams:`` class exists in the installed package."""
    errors, cache = [], {}
    for node_id, node in sorted(kb.nodes.items()):
        dotted = node.get("diagrams")
        if not dotted:
            continue
        module, cls = dotted.rsplit(".", 1)
        if module not in cache:
            cache[module] = diagrams_classes(module)
        found = cache[module]
        if found is None:
            return [KBError("the 'diagrams' package is not installed: cannot check diagrams classes")]
        if cls not in found:
            path = Path(kb.files[node_id])
            if not path.is_absolute():  # built-in files are named relative to the KB's parent
                path = Path(kb.dirs[0]).parent / path
            doc = read(path, display=kb.files[node_id])
            errors.append(doc.error(("diagrams",), f"diagrams class {dotted!r} does not exist",
                                    cls=KBError))
    return errors
