"""Checks beyond the schema that ``archkb kb check`` runs: ``diagrams`` classes exist, and
relations join the kinds of node they are meant for (a Lambda feature cannot mitigate a
database's trade-off).

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
            errors.append(_located(kb, node_id, ("diagrams",),
                                   f"diagrams class {dotted!r} does not exist"))
    return errors


ENDPOINTS = ("service", "database")
"""Kinds a component of a design can be: what invokes, stores or delivers."""
RELATION_KINDS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "triggers": (ENDPOINTS + ("concept",), ENDPOINTS + ("concept",)),
    "fails_to": (ENDPOINTS, ENDPOINTS),
    "orchestrates": (ENDPOINTS, ENDPOINTS),
    "calls": (ENDPOINTS + ("concept",), ENDPOINTS),
    "reads": (ENDPOINTS + ("concept",), ENDPOINTS),
    "writes": (ENDPOINTS + ("concept",), ENDPOINTS),
    "publishes": (ENDPOINTS + ("concept",), ENDPOINTS),
    "accesses": (ENDPOINTS + ("concept",), ENDPOINTS),
    "mitigates": (ENDPOINTS + ("concept", "pattern"), ("tradeoff",)),
    "affects": (("tradeoff",), ENDPOINTS + ("concept", "pattern")),
}
"""Relation type -> (kinds it may start from, kinds it may end at); None: any kind."""


def check_relations(kb: KB) -> list[KBError]:
    """Type-check relations: each type joins the kinds it is meant for, a mitigation that is a
    feature of one service only mitigates trade-offs of that service, and ``when_target``
    names settings (and values) the target has.

    >>> from generator.kb import load_kb
    >>> check_relations(load_kb())
    []
    """
    errors: list[KBError] = []
    for node_id, node in sorted(kb.nodes.items()):
        for i, rel in enumerate(node.get("relations", [])):
            problem = _relation_problem(kb, node_id, rel)
            if problem:
                errors.append(_located(kb, node_id, ("relations", i), problem))
    return errors


def _relation_problem(kb: KB, node_id: str, rel: dict) -> str | None:
    kind_from, target = kb.nodes[node_id]["kind"], rel["to"]
    kind_to = kb.nodes[target]["kind"]
    allowed_from, allowed_to = RELATION_KINDS.get(rel["type"], (None, None))
    if allowed_from and kind_from not in allowed_from:
        return f"{rel['type']} cannot start from a {kind_from} ({node_id}); it joins " \
               f"{'/'.join(allowed_from)} to {'/'.join(allowed_to or ('anything',))}"
    if allowed_to and kind_to not in allowed_to:
        return f"{rel['type']} cannot end at a {kind_to} ({target}); it joins " \
               f"{'/'.join(allowed_from or ('anything',))} to {'/'.join(allowed_to)}"
    if rel["type"] == "alternative_to" and (kind_from in ENDPOINTS) != (kind_to in ENDPOINTS):
        return f"alternative_to joins like with like: {node_id} is a {kind_from}, " \
               f"{target} a {kind_to}"
    if rel["type"] == "mitigates":
        return _scope_problem(kb, node_id, target)
    if rel.get("when_target"):
        return _when_problem(kb, target, rel["when_target"])
    return None


def feature_of(kb: KB, node_id: str) -> set[str]:
    """The services (or databases) a concept is a feature of (its ``part_of`` relations); empty
    for services themselves and for general concepts.

    >>> from generator.kb import load_kb
    >>> sorted(feature_of(load_kb(), "snapstart"))
    ['lambda']
    """
    if kb.nodes[node_id]["kind"] in ENDPOINTS:
        return set()
    return {r["to"] for r in kb.nodes[node_id].get("relations", [])
            if r["type"] == "part_of" and kb.nodes[r["to"]]["kind"] in ENDPOINTS}


def _scope_problem(kb: KB, mitigation: str, tradeoff: str) -> str | None:
    scope = feature_of(kb, mitigation)
    if not scope:
        return None
    affected = sorted(r["to"] for r in kb.nodes[tradeoff].get("relations", [])
                      if r["type"] == "affects" and kb.nodes[r["to"]]["kind"] in ENDPOINTS)
    outside = [a for a in affected if a not in scope]
    if outside:
        return (f"{mitigation} is a feature of {', '.join(sorted(scope))} but mitigates "
                f"{tradeoff}, which also affects {', '.join(outside)}: a feature of one service "
                "cannot mitigate another's trade-off; split the trade-off per service")
    return None


def _when_problem(kb: KB, target: str, wanted: dict) -> str | None:
    settings = kb.nodes[target].get("settings", {})
    for name, value in sorted(wanted.items()):
        if name not in settings:
            return f"when_target: {target} has no setting {name!r}"
        choices = [c["value"] if isinstance(c, dict) else c
                   for c in settings[name].get("choices", [])]
        if choices and value not in choices:
            return f"when_target: {value!r} is not a choice of {target}.{name} ({', '.join(map(str, choices))})"
    return None


def _located(kb: KB, node_id: str, path: tuple, message: str) -> KBError:
    file = Path(kb.files[node_id])
    if not file.is_absolute():  # built-in files are named relative to the KB's parent
        file = Path(kb.dirs[0]).parent / file
    return read(file, display=kb.files[node_id]).error(path, message, cls=KBError)
