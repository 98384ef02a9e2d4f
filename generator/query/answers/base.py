"""What every answer is made of: a first line, supporting points with their sources, the
figures (facts) behind them, and the sources in citation order.

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> humanize(kb, "see concept cold-start (limits timeout-default and timeout-max on lambda)")
'see Cold start (the default function timeout (3 s) and the maximum function timeout (900 s) of AWS Lambda)'
>>> humanize(kb, "900 seconds (lambda limit timeout-max); the timeout-max limit on node lambda")
'900 seconds (the maximum function timeout (900 s) of AWS Lambda); the maximum function timeout (900 s) of AWS Lambda'
"""
from __future__ import annotations

import re

from ...graph.queries import sources_of
from ...kb.model import KB
from ...numbers import format_number

_LIMIT_REF = re.compile(r"\blimits? ([a-z0-9]+(?:-[a-z0-9]+)+(?:(?:, | and )[a-z0-9]+(?:-[a-z0-9]+)+)*)"
                        r"(?: on| of) ([a-z0-9]+(?:-[a-z0-9]+)*)\b")
_LIMIT_ALONE = re.compile(r"\blimit ([a-z0-9]+(?:-[a-z0-9]+)+)\b")
_LIMIT_ON = re.compile(r"\b(?:the )?([a-z0-9]+(?:-[a-z0-9]+)+)(?: limit)? on (?:node )?"
                       r"([a-z0-9]+(?:-[a-z0-9]+)*)\b")
_NODE_LIMIT = re.compile(r"\b([a-z0-9]+(?:-[a-z0-9]+)*) (?:limit )?([a-z0-9]+(?:-[a-z0-9]+)+)\b")
_CONCEPT_REF = re.compile(r"\b(?:concept|node|service|trade-off|tradeoff|pattern) ([a-z0-9]+(?:-[a-z0-9]+)+)\b")
_HYPHEN_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")


def value_text(item: dict) -> str:
    """A limit's value with its unit: ``900 s``, ``10,240 MB``."""
    unit = item.get("unit")
    return f"{format_number(item['value'])}{' ' + unit if unit else ''}"


def humanize(kb: KB, text: str, owner: str | None = None) -> str:
    """KB prose with internal ids ("limit timeout-max on lambda", "concept cold-start")
    replaced by names and values, for people to read."""

    def limits(m: re.Match) -> str:
        node = m.group(2)
        if node not in kb.nodes:
            return m.group(0)
        parts = [_limit_phrase(kb, node, lid) for lid in re.split(r", | and ", m.group(1))]
        return " and ".join(parts) + f" of {kb.name(node)}"

    text = _LIMIT_REF.sub(limits, text)
    text = _LIMIT_ON.sub(lambda m: _limit_phrase(kb, m.group(2), m.group(1)) + f" of {kb.name(m.group(2))}"
                         if _has_limit(kb, m.group(2), m.group(1)) else m.group(0), text)
    text = _NODE_LIMIT.sub(lambda m: _limit_phrase(kb, m.group(1), m.group(2)) + f" of {kb.name(m.group(1))}"
                           if _has_limit(kb, m.group(1), m.group(2)) else m.group(0), text)
    text = _LIMIT_ALONE.sub(lambda m: _limit_phrase(kb, _limit_owner(kb, m.group(1), owner), m.group(1)),
                            text)
    text = _CONCEPT_REF.sub(lambda m: kb.name(m.group(1)) if m.group(1) in kb.nodes
                            else m.group(0), text)
    compounds = _compounds(kb)

    def name(m: re.Match) -> str:
        word = m.group(0)
        if word in compounds:  # "cold-start", "event-driven": ordinary words too
            return word
        if word in kb.nodes and kb.nodes[word]["kind"] != "setting":
            name = kb.name(word)  # mid-sentence, a concept's name is an ordinary noun phrase
            if kb.nodes[word]["kind"] in ("concept", "tradeoff", "pattern") and m.start() > 0 \
                    and name[1:2].islower():
                return name[0].lower() + name[1:]
            return name
        node = _limit_owner(kb, word, owner)
        return _limit_phrase(kb, node, word) if _has_limit(kb, node, word) else word

    return _HYPHEN_ID.sub(name, text)


def _compounds(kb: KB) -> frozenset:
    """Hyphenated words that appear in node names and aliases (not ids when they occur in prose)."""
    from ..cache import derived

    return derived(kb, "compounds", lambda kb: frozenset(
        w for n in kb.nodes.values() for x in [n["name"], *n.get("aliases", [])]
        for w in _HYPHEN_ID.findall(x.lower())))


def _has_limit(kb: KB, node: str | None, limit_id: str) -> bool:
    return node in kb.nodes and any(i["id"] == limit_id for i in kb.nodes[node].get("limits", []))


def _limit_owner(kb: KB, limit_id: str, owner: str | None) -> str | None:
    """The node a bare limit id belongs to: ``owner`` (or what it is part of), else the only node
    that has it, else the most connected one."""
    near = [owner, *(v for _, v, _ in kb.relations(src=owner, type="part_of"))] if owner in kb.nodes \
        else []
    for node in near:
        if _has_limit(kb, node, limit_id):
            return node
    having = [n for n in kb.nodes if _has_limit(kb, n, limit_id)]
    return max(having, key=lambda n: (kb.degree(n), n)) if having else None


def _limit_phrase(kb: KB, node: str | None, limit_id: str) -> str:
    if node not in kb.nodes:
        return limit_id
    for owner in (node, *(v for _, v, d in kb.relations(src=node, type="part_of"))):
        try:
            item = kb.limit(owner, limit_id)
        except KeyError:
            continue
        name = item["name"][0].lower() + item["name"][1:]
        return f"the {name} ({value_text(item)})"
    return limit_id


class Builder:
    """Collects one answer: ``point()`` adds a supporting line citing sources, ``fact()`` a
    figure, ``done()`` returns the JSON shape of ``archkb query``."""

    def __init__(self, kb: KB, intent: str):
        self.kb = kb
        self.intent = intent
        self.points: list[dict] = []
        self.facts: list[dict] = []
        self.results: list[dict] = []
        self._sources: list[str] = []

    def cite(self, *source_ids: str | None) -> list[str]:
        ids = [s for s in source_ids if s and s in self.kb.sources]
        for s in ids:
            if s not in self._sources:
                self._sources.append(s)
        return list(dict.fromkeys(ids))

    def point(self, text: str, *source_ids: str | None, owner: str | None = None) -> None:
        text = humanize(self.kb, " ".join(text.split()), owner)
        if text and all(p["text"] != text for p in self.points):
            self.points.append({"text": text, "sources": self.cite(*source_ids)})

    def fact(self, node_id: str, item: dict, name: str | None = None) -> dict:
        """A limit (or setting bound) as a fact record; returns it."""
        record = {"id": item["id"], "node": node_id, "name": name or item["name"],
                  "value": item["value"], "unit": item.get("unit")}
        if "adjustable" in item:
            record["adjustable"] = item["adjustable"]
        if item.get("note"):
            record["note"] = humanize(self.kb, item["note"], node_id)
        record["source"] = item["source"]
        self.cite(item["source"])
        if not any(f["id"] == record["id"] and f["node"] == node_id for f in self.facts):
            self.facts.append(record)
        return record

    def result(self, node_id: str, **extra) -> dict:
        node = self.kb.nodes[node_id]
        record = {"id": node_id, "name": node["name"], **extra,
                  "sources": sources_of(self.kb, node.get("source"))}
        self.results.append(record)
        return record

    def done(self, answer: str, **extra) -> dict:
        return {"intent": self.intent, "answer": humanize(self.kb, answer), "points": self.points,
                "results": self.results, "facts": self.facts,
                "sources": sources_of(self.kb, *self._sources), **extra}


def fact_line(kb: KB, node_id: str, item: dict) -> str:
    """``Maximum function timeout of AWS Lambda: 900 s (not adjustable). 15 minutes.``"""
    adjustable = item.get("adjustable")
    flag = " (adjustable)" if adjustable else " (not adjustable)" if adjustable is False else ""
    scope = f" ({item['applies_to']})" if item.get("applies_to") and item["applies_to"] not in \
        item["name"] else ""
    note = f" {humanize(kb, item['note'], node_id)}" if item.get("note") else ""
    return f"{item['name']}{scope} of {kb.name(node_id)}: {value_text(item)}{flag}.{note}"


def join_names(names: list[str], word: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> join_names(["x", "y", "z"], "or")
    'x, y or z'
    """
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"
