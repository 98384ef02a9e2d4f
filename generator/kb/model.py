"""The compiled knowledge base: nodes, sources, the graph and the name index.

A :class:`KB` is built once by :mod:`generator.kb.store` and then cached (as JSON data); everything
here is cheap, pure lookups.

>>> normalize("Amazon API Gateway")
'apigateway'
>>> normalize("AWS::SQS::Queue")
'aws::sqs::queue'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import InputError, UnknownNameError

_PREFIX = re.compile(r"^(amazon|aws)[\s_-]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-]+")
STATUS_SEVERITY = {"closed-to-new-customers": 1, "deprecated": 2, "ended": 3}
"""Lifecycle statuses worth flagging, least to most severe."""
_WORD = re.compile(r"[a-z0-9]+")
_FILLER = frozenset({"amazon", "aws", "service", "services", "the", "for", "and", "with", "of"})
"""Words that name no service on their own."""


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
    vocabulary: dict[str, Any] = field(default_factory=dict)  # kb/vocabulary.yaml, merged
    key: str = ""  # the cache fingerprint it was loaded under (derived caches key on it)

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
        """Close matches for an unknown name, as node ids, best first. First the nodes that one
        word of the name names outright ("postgresql db" -> rds, an alias; "redis cluster" ->
        elasticache); then close spellings, only those nearly as close as the best one, so a
        typo gets one answer, not a list of noise; then, when neither found anything, nodes
        sharing a word with the name. A short name only matches at the start of a word ("rds"
        is not in "dashboards").

        >>> from generator.kb import load_kb
        >>> kb = load_kb()
        >>> kb.suggest("lamda"), kb.suggest("postgresql db"), kb.suggest("redis cluster")
        (['lambda'], ['rds'], ['elasticache'])
        """
        from difflib import SequenceMatcher  # only for unknown names

        key = normalize(name)
        words = {normalize(w) for w in _WORD.findall(name.lower())} - _FILLER
        named: dict[str, int] = {}
        best: dict[str, float] = {}
        for k, node_id in self.index.items():
            if kinds is not None and self.nodes[node_id]["kind"] not in kinds:
                continue
            if k in words:
                named[node_id] = max(named.get(node_id, 0), len(k))
            score = SequenceMatcher(None, key, k).ratio()
            if len(key) >= 3 and len(k) >= 3 and (_starts_word(key, k) or _starts_word(k, key)):
                score = max(score, 0.75)
            if score >= 0.6 and score > best.get(node_id, 0):
                best[node_id] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        out = [i for i, score in ranked if score >= 0.9]  # a near-exact spelling comes first
        out += [i for i in sorted(named, key=lambda i: (-named[i], i)) if i not in out]
        if best:
            floor = 0.85 if named else ranked[0][1] - 0.1
            out += [i for i, score in ranked if score >= floor and i not in out]
        if not out and words:
            out = self._sharing_words(words, kinds)
        return out[:n]

    def _sharing_words(self, words: set[str], kinds) -> list[str]:
        """Nodes whose name or an alias shares a word with ``words``, most shared first."""
        shared: dict[str, float] = {}
        for node_id, node in self.nodes.items():
            if kinds is not None and node["kind"] not in kinds:
                continue
            for label in (node["name"], *node.get("aliases", [])):
                mine = {normalize(w) for w in _WORD.findall(label.lower())} - _FILLER
                if words & mine:
                    part = len(words & mine) / len(words | mine)
                    shared[node_id] = max(shared.get(node_id, 0), part)
        return sorted(shared, key=lambda i: (-shared[i], i))

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
        for u, v, d in self._edges(src, dst):
            if dst is not None and v != dst:
                continue
            if type is not None and d["type"] != type:
                continue
            yield u, v, d

    def degree(self, node_id: str) -> int:
        """How many relations start or end at ``node_id`` (0 for an unknown id).

        >>> from generator.kb import load_kb
        >>> load_kb().degree("lambda") > load_kb().degree("sqs") > 0
        True
        """
        g = self.graph
        return g.degree(node_id) if node_id in g else 0

    def _edges(self, src: str | None, dst: str | None):
        """The candidate edges for :meth:`relations`: out-edges of ``src``, else in-edges of
        ``dst``, else all (subclasses keep them elsewhere; the filtering stays here)."""
        g = self.graph
        if src is not None:
            return g.out_edges(src, data=True) if src in g else []
        if dst is not None:
            return g.in_edges(dst, data=True) if dst in g else []
        return g.edges(data=True)

    def edge_status(self, u: str, v: str, data: dict) -> tuple[str | None, str | None]:
        """``(status, date)`` of a relation: the most severe of its own status and its two
        ends' (an integration with a service that has ended has ended too); ``(None, None)``
        when all are current.

        >>> from generator.kb import load_kb
        >>> kb = load_kb()
        >>> kb.edge_status("iot-events", "lambda", {"type": "triggers"})
        ('ended', '2026-05-20')
        >>> kb.edge_status("sqs", "lambda", {"type": "triggers"})
        (None, None)
        """
        found = [(data.get("status"), data.get("status_date"))]
        found += [(self.nodes.get(n, {}).get("status"), self.nodes.get(n, {}).get("status_date"))
                  for n in (u, v)]
        found = [f for f in found if f[0] in STATUS_SEVERITY]
        if not found:
            return None, None
        return max(found, key=lambda f: STATUS_SEVERITY[f[0]])

    def by_kind(self, *kinds: str) -> list[str]:
        return sorted(i for i, n in self.nodes.items() if n["kind"] in kinds)

    def cfn_type_index(self) -> dict[str, str]:
        """CloudFormation type -> node id (exact spelling as in the KB)."""
        return {t: i for i, n in sorted(self.nodes.items()) for t in n.get("cfn_types", [])}

    def tf_type_index(self) -> dict[str, str]:
        """Terraform AWS provider resource type -> node id."""
        return {t: i for i, n in sorted(self.nodes.items()) for t in n.get("tf_types", [])}


def _starts_word(part: str, whole: str) -> bool:
    """Whether ``part`` occurs in ``whole`` at the start of a word ("rds" is not in
    "dashboards").

    >>> _starts_word("rds", "cloudwatch dashboards"), _starts_word("lamb", "aws lambda")
    (False, True)
    """
    at = whole.find(part)
    while at != -1:
        if at == 0 or not whole[at - 1].isalnum():
            return True
        at = whole.find(part, at + 1)
    return False

