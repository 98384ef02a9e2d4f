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


_memo: dict[int, tuple[list[Passage], dict[str, float]]] = {}


def corpus(kb: KB) -> tuple[list[Passage], dict[str, float]]:
    """Every passage of the KB and the inverse document frequency of its stems."""
    key = id(kb)
    if key not in _memo:
        _memo.clear()
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
        passages = [Passage(t, s, n, frozenset(stem(w) for w in words(t))) for t, s, n in found]
        df: dict[str, int] = {}
        for p in passages:
            for s in p.stems:
                df[s] = df.get(s, 0) + 1
        idf = {s: math.log((len(passages) + 1) / c) for s, c in df.items()}
        _memo[key] = (passages, idf)
    return _memo[key]


def passages(kb: KB, p: Parsed, limit: int = 6, about: set[str] | None = None,
             must: set[str] | None = None) -> list[Passage]:
    """The passages that best match the question's words (widened by the vocabulary's
    ``related`` words), favouring those about the named nodes (or ``about``); with ``must``,
    only passages that contain one of those stems."""
    items, idf = corpus(kb)
    lex = lexicon(kb)
    asked = set(p.content)
    wide = lex.widen(asked) - asked
    named = {stem(w) for m in p.mentions for w in words(m.text)}
    about = set(p.node_ids) if about is None else about
    scored = []
    for item in items:
        if must and not must & item.stems:
            continue
        score = sum(idf.get(s, 0) for s in asked & item.stems)
        score += 0.5 * sum(idf.get(s, 0) for s in (wide | named) & item.stems)
        if about & set(item.nodes):
            score *= 1.5
        if score > 0:
            scored.append((score, item))
    scored.sort(key=lambda x: (-x[0], x[1].text))
    if not scored:
        return []
    best = scored[0][0]
    return [item for s, item in scored[:limit] if s >= best * 0.5]


def coverage(kb: KB, p: Parsed, stems: frozenset | set) -> float:
    """The share of the question's own words (weighted by rarity) that ``stems`` contain: a
    passage or limit that matches only "meaning" in "what is the meaning of life" covers too
    little to be an answer."""
    _, idf = corpus(kb)
    lex = lexicon(kb)
    asked = set(p.content)
    total = sum(idf.get(s, 3.0) for s in asked)
    hit = {s for s in asked if s in stems or lex.widen({s}) & stems}
    return sum(idf.get(s, 3.0) for s in hit) / total if total else 1.0


MIN_COVERAGE = 0.6
"""Below this, an answer found without a named KB node is a guess, and the question is
unanswered instead."""
