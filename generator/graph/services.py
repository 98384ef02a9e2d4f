"""The services the KB knows, for ``archkb services`` and for "did you mean" hints.

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> [r["id"] for r in services(kb, "database")["results"]][:2]
['aurora-dsql', 'aurora-serverless']
>>> suggest_services(kb, "postgres")
['rds']
"""
from __future__ import annotations

from ..errors import InputError
from ..kb.model import KB
from .queries import sources_of

SERVICE_KINDS = ("service", "database")
"""Node kinds a spec component can be (what ``service:`` names)."""


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


def suggest_services(kb: KB, name: str, n: int = 3) -> list[str]:
    """Services (and databases) an unknown ``service:`` name may mean, best first: by a word
    that is a service's id, name or alias, then by spelling (:meth:`KB.suggest`)."""
    return kb.suggest(name, SERVICE_KINDS, n)
