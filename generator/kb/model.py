"""The compiled knowledge base: nodes, sources, the graph and the name index.

A :class:`KB` is built once by :mod:`generator.kb.store` and then cached (as JSON data); everything
here is cheap, pure lookups.

>>> normalize("Amazon API Gateway")
'apigateway'
>>> normalize("AWS::SQS::Queue")
'aws::sqs::queue'
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import InputError, UnknownNameError

_PREFIX = re.compile(r"^(amazon|aws)[\s_-]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-]+")


def normalize(name: str) -> str:
    """Normalize a name for matching: case, spaces, hyphens, underscores and a leading
    "Amazon"/"AWS" do not matter. CloudFormation types are only lower-cased."""
    name = name.strip()
    if "::" in name:
        return name.lower()
    name = _PREFIX.sub("", name)
    return _SEPARATORS.sub("", name.lower())


def setting_node_id(service: str, setting: str) -> str:
    """The graph id of a service setting: ``setting_node_id("lambda", "reserved_concurrency")``
    is ``'lambda-reserved-concurrency'``."""
    return f"{service}-{setting.replace('_', '-')}"


@dataclass
class KB:
    """A loaded, validated knowledge base."""

    nodes: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)
    graph: Any = None  # networkx.MultiDiGraph, built by generator.graph.compile
    dirs: list[str] = field(default_factory=list)

    # -- names -------------------------------------------------------------------------------
    def resolve(self, name: str, kinds: tuple[str, ...] | None = None) -> str:
        """The id of the node called ``name`` (id, name, alias or CloudFormation type).

        >>> from generator.kb import load_kb
        >>> load_kb().resolve("AWS::Serverless::Function")
        'lambda'
        """
        key = normalize(name)
        node_id = self.index.get(key)
        if node_id is not None and (kinds is None or self.nodes[node_id]["kind"] in kinds):
            return node_id
        raise UnknownNameError(name, self.suggest(name, kinds), what="KB name")

    def suggest(self, name: str, kinds: tuple[str, ...] | None = None, n: int = 3) -> list[str]:
        """Close matches for an unknown name, as node ids, best first; only those nearly as
        close as the best one, so a typo gets one answer, not a list of noise.

        >>> from generator.kb import load_kb
        >>> load_kb().suggest("lamda")
        ['lambda']
        """
        key = normalize(name)
        best: dict[str, float] = {}
        for k, node_id in self.index.items():
            if kinds is not None and self.nodes[node_id]["kind"] not in kinds:
                continue
            score = difflib.SequenceMatcher(None, key, k).ratio()
            if len(key) >= 3 and len(k) >= 3 and (key in k or k in key):
                score = max(score, 0.75)
            if score >= 0.6 and score > best.get(node_id, 0):
                best[node_id] = score
        if not best:
            return []
        top = max(best.values())
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [node_id for node_id, score in ranked if score >= top - 0.1][:n]

    # -- lookups -----------------------------------------------------------------------------
    def node(self, node_id: str) -> dict:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise UnknownNameError(node_id, self.suggest(node_id), what="KB id") from None

    def name(self, node_id: str) -> str:
        return self.nodes[node_id]["name"] if node_id in self.nodes else node_id

    def source(self, source_id: str) -> dict:
        """A source as ``{"id", "title", "url"?, "section"?, "kind", "as_of"?}``."""
        src = self.sources.get(source_id)
        if src is None:
            raise InputError(f"unknown source {source_id!r}")
        return {"id": source_id, **src}

    def settings(self, service_id: str) -> dict[str, dict]:
        """The settings a service accepts (name -> definition)."""
        return self.nodes[service_id].get("settings", {})

    def limit(self, node_id: str, limit_id: str) -> dict:
        """A limit of a node by id, e.g. ``kb.limit("lambda", "timeout-max")["value"]``."""
        for item in self.nodes[node_id].get("limits", []):
            if item["id"] == limit_id:
                return item
        raise KeyError(f"{node_id} has no limit {limit_id!r}")

    def limit_value(self, node_id: str, limit_id: str, default: Any = None) -> Any:
        try:
            return self.limit(node_id, limit_id)["value"]
        except KeyError:
            return default

    def relations(self, src: str | None = None, dst: str | None = None,
                  type: str | None = None) -> Iterator[tuple[str, str, dict]]:
        """Edges ``(from, to, attrs)`` filtered by end and type, in a stable order."""
        g = self.graph
        if src is not None:
            edges = g.out_edges(src, data=True) if src in g else []
        elif dst is not None:
            edges = g.in_edges(dst, data=True) if dst in g else []
        else:
            edges = g.edges(data=True)
        for u, v, d in edges:
            if dst is not None and v != dst:
                continue
            if type is not None and d["type"] != type:
                continue
            yield u, v, d

    def by_kind(self, *kinds: str) -> list[str]:
        return sorted(i for i, n in self.nodes.items() if n["kind"] in kinds)

    def cfn_type_index(self) -> dict[str, str]:
        """CloudFormation type -> node id (exact spelling as in the KB)."""
        return {t: i for i, n in sorted(self.nodes.items()) for t in n.get("cfn_types", [])}
