"""The services the KB knows, for ``archkb services`` and for "did you mean" hints.

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> [r["id"] for r in services(kb, "database")["results"]][:3]
['aurora-dsql', 'aurora-serverless', 'documentdb']
>>> suggest_services(kb, "postgres")
['rds']
"""
from __future__ import annotations

import difflib
import re

from ..errors import InputError
from ..kb.model import KB
from .queries import sources_of

SERVICE_KINDS = ("service", "database")
"""Node kinds a spec component can be (what ``service:`` names)."""
_WORD = re.compile(r"[a-z0-9]+")


def services(kb: KB, category: str | None = None) -> dict:
    """Every service and database node (optionally of one category), by id, with names,
    aliases, category, CloudFormation and Terraform types and the node's source."""
    nodes = {i: n for i, n in kb.nodes.items() if n.get("kind") in SERVICE_KINDS}
    categories = sorted({n.get("category") for n in nodes.values() if n.get("category")})
    if category is not None and category not in categories:
        raise InputError(f"unknown category {category!r}; choose from {', '.join(categories)}")
    results = []
    for node_id, node in sorted(nodes.items()):
        if category is not None and node.get("category") != category:
            continue
        result = {"id": node_id, "name": node["name"], "kind": node["kind"],
                  "category": node.get("category"), "aliases": list(node.get("aliases", [])),
                  "cfn_types": list(node.get("cfn_types", [])),
                  "tf_types": list(node.get("tf_types", []))}
        if node.get("status") and node["status"] != "current":
            result["status"] = node["status"]
        result["sources"] = sources_of(kb, node.get("source"))
        results.append(result)
    return {"query": "services" + (f" {category}" if category else ""), "category": category,
            "categories": categories, "results": results}


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _FILLER


def _squash(text: str) -> str:
    return "".join(_WORD.findall(text.lower()))


_FILLER = frozenset({"amazon", "aws", "service", "services", "the", "for", "and", "with", "of"})


def suggest_services(kb: KB, name: str, n: int = 3) -> list[str]:
    """Services an unknown ``service:`` name may mean, best first, in three tiers: a service
    whose id, name or alias is the name or one of its words ("postgres" -> rds, "cloud watch"
    -> cloudwatch); then close spellings of a whole id, name or alias ("sagemakr"); then, only
    when neither found anything, services sharing a word with the name. Short names need a
    very close spelling, so "rds" never suggests "cloudwatch"."""
    key, words = _squash(name), _words(name)
    exact, spelled, shared = {}, {}, {}
    for node_id, node in kb.nodes.items():
        if node.get("kind") not in SERVICE_KINDS or not key:
            continue
        for label in (node_id, node["name"], *node.get("aliases", [])):
            squashed, label_words = _squash(label), _words(label)
            if squashed == key or squashed in words:
                exact[node_id] = max(exact.get(node_id, 0), len(squashed))
            cutoff = 0.85 if min(len(key), len(squashed)) <= 5 else 0.78
            ratio = difflib.SequenceMatcher(None, key, squashed).ratio()
            if ratio >= cutoff:
                spelled[node_id] = max(spelled.get(node_id, 0), ratio)
            if words & label_words:
                part = len(words & label_words) / len(words | label_words)
                shared[node_id] = max(shared.get(node_id, 0), part)
    out = sorted(exact, key=lambda i: (-exact[i], i))
    out += [i for i in sorted(spelled, key=lambda i: (-spelled[i], i)) if i not in out]
    if not out:
        out = sorted(shared, key=lambda i: (-shared[i], i))
    return out[:n]
