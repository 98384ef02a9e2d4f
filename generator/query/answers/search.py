"""A small ranked search over the KB's sourced sentences: node summaries, facts, relation and
mitigation notes, trade-off summaries. How-to and qualified questions ("trade-offs of lambda in
a vpc") are answered from the best passages.

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> best = passages(kb, parse(kb, "how can a function in a vpc reach the internet"))[0]
>>> "NAT gateway" in best.text
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ...kb.model import KB
from ..entities import Parsed
from ..lexicon import lexicon
from ..normalize import stem, words


@dataclass(frozen=True)
class Passage:
    text: str
    source: str
    nodes: tuple[str, ...]  # the nodes it is about (owner first)
    stems: frozenset


def corpus(kb: KB) -> dict:
    """Every passage of the KB as parallel lists (text, source, nodes), an inverted index
    (stem -> passage numbers) and the inverse document frequency of each stem; built once per
    KB version (see :mod:`..cache`), in a shape that loads fast."""
    from ..cache import derived

    return derived(kb, "passages", _build)


def _build(kb: KB) -> dict:
    found = []
    for node_id, node in sorted(kb.nodes.items()):
        if node["kind"] == "setting":
            continue
        found.append((node["summary"], node["source"], (node_id,)))
        for fact in node.get("facts", []):
            found.append((fact["text"], fact["source"], (node_id,)))
        for rel in node.get("relations", []):
            if rel.get("note") and rel["type"] != "part_of":
                found.append((rel["note"], rel["source"], (node_id, rel["to"])))
        profile = node.get("profile") or {}
        for trait in profile.values():
            if isinstance(trait, dict) and trait.get("note") and trait.get("source"):
                found.append((trait["note"], trait["source"], (node_id,)))
    postings: dict[str, list[int]] = {}
    for i, (text, _, _) in enumerate(found):
        for s in _stems(text):
            postings.setdefault(s, []).append(i)
    n = len(found)
    return {"texts": [t for t, _, _ in found], "sources": [s for _, s, _ in found],
            "nodes": [x for _, _, x in found],
            "postings": {s: tuple(ids) for s, ids in postings.items()},
            "idf": {s: math.log((n + 1) / len(ids)) for s, ids in postings.items()}}


def _stems(text: str) -> frozenset:
    return frozenset(stem(w) for w in words(text))


def passages(kb: KB, p: Parsed, limit: int = 6, about: set[str] | None = None,
             must: set[str] | None = None) -> list[Passage]:
    """The passages that best match the question's words (widened by the vocabulary's
    ``related`` words), favouring those about the named nodes (or ``about``); with ``must``,
    only passages that contain one of those stems."""
    index = corpus(kb)
    idf, postings = index["idf"], index["postings"]
    lex = lexicon(kb)
    asked = set(p.content)
    wide = lex.widen(asked) - asked
    named = {stem(w) for m in p.mentions for w in words(m.text)}
    about = set(p.node_ids) if about is None else about
    allowed = None
    if must:
        allowed = {i for s in must for i in postings.get(s, ())}
    scores: dict[int, float] = {}
    for weight, group in ((1.0, asked), (0.5, (wide | named) - asked)):
        for s in group:
            for i in postings.get(s, ()):
                if allowed is None or i in allowed:
                    scores[i] = scores.get(i, 0.0) + weight * idf[s]
    ranked = sorted(((score * (1.5 if about & set(index["nodes"][i]) else 1.0), i)
                     for i, score in scores.items() if score > 0),
                    key=lambda x: (-x[0], index["texts"][x[1]]))
    if not ranked:
        return []
    best = ranked[0][0]
    return [Passage(index["texts"][i], index["sources"][i], index["nodes"][i],
                    _stems(index["texts"][i])) for score, i in ranked[:limit] if score >= best * 0.5]


def coverage(kb: KB, p: Parsed, stems: frozenset | set) -> float:
    """The share of the question's own words (weighted by rarity) that ``stems`` contain: a
    passage or limit that matches only "meaning" in "what is the meaning of life" covers too
    little to be an answer."""
    idf = corpus(kb)["idf"]
    lex = lexicon(kb)
    asked = set(p.content)
    total = sum(idf.get(s, 3.0) for s in asked)
    hit = {s for s in asked if s in stems or lex.widen({s}) & stems}
    return sum(idf.get(s, 3.0) for s in hit) / total if total else 1.0


MIN_COVERAGE = 0.6
"""Below this, an answer found without a named KB node is a guess, and the question is
unanswered instead."""
