"""Limits, quotas and defaults: "max lambda timeout", "largest dynamodb item".

Candidates are the limits of the nodes a question names (and of the services a named concept
belongs to), plus the ranges and defaults of their settings; each is scored by the attribute
words, bound words ("max", "default") and other words the question shares with the limit's id,
name, ``applies_to`` and ``terms``.

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> answer(kb, parse(kb, "default timeout of a lambda function"))["facts"][0]["value"]
3
"""
from __future__ import annotations

import math

from ...kb.model import KB
from ..entities import Parsed
from ..lexicon import lexicon
from ..normalize import stem, words
from .base import Builder, fact_line, value_text

_BOUND_WORDS = {"max": {"max", "maximum", "largest", "highest", "longest"},
                "min": {"min", "minimum", "smallest", "lowest", "shortest"},
                "default": {"default"}}
MIN_SCORE = 2.5


def candidate_nodes(kb: KB, p: Parsed) -> dict[str, int]:
    """Node -> how directly the question names it: 3 named, 2 a named concept's service or
    what it is part of, 1 related to a named node, 0 the rest of the KB."""
    nodes = {n: 3 for n in p.node_ids}
    for n in p.node_ids:
        for owner in _index(kb)["concepts"].get(n, []):
            nodes.setdefault(owner, 2)
        for _, v, d in kb.relations(src=n):
            if d["type"] in ("part_of", "limits") and v in kb.nodes:
                nodes.setdefault(v, 2)
    for n in p.node_ids:
        for u, v, _ in [*kb.relations(src=n), *kb.relations(dst=n)]:
            for x in (u, v):
                if x in kb.nodes:
                    nodes.setdefault(x, 1)
    for n in kb.nodes:  # a figure named well enough is found anywhere
        nodes.setdefault(n, 0)
    return nodes


def items(kb: KB, node_id: str) -> list[dict]:
    """A node's limits plus the bounds and defaults of its settings not already limits."""
    node = kb.nodes[node_id]
    found = list(node.get("limits", []))
    seen = {(i["value"], i.get("unit")) for i in found}
    for key, s in node.get("settings", {}).items():
        label = key.replace("_", " ")
        for bound, title in (("min", "Minimum"), ("max", "Maximum"), ("default", "Default")):
            if s.get(bound) is None or isinstance(s[bound], bool) or \
                    (bound != "default" and (s[bound], s.get("unit")) in seen):
                continue
            found.append({"id": f"{key}-{bound}".replace("_", "-"), "name": f"{title} {label}",
                          "value": s[bound], "unit": s.get("unit"),
                          "terms": s.get("terms", []),
                          "source": s["source"], "setting": key})
    return found


def _text_stems(item: dict) -> frozenset[str]:
    """The stems of a limit's id, name, scope and terms."""
    return frozenset(stem(w) for w in words(" ".join(
        [item["id"].replace("-", " "), item["name"], item.get("applies_to", ""),
         *item.get("terms", [])])))


def _index(kb: KB) -> dict:
    """Per KB version: the stems of every limit and setting bound, and their inverse document
    frequency (a word that names few limits, "async" or "item", says more than "size")."""
    from ..cache import derived

    def build(kb: KB) -> dict:
        stems = {(n, i["id"], "setting" in i): _text_stems(i) for n in kb.nodes for i in items(kb, n)}
        concepts: dict[str, list[str]] = {}  # concept -> the services whose settings it explains
        for owner, node in sorted(kb.nodes.items()):
            for setting in node.get("settings", {}).values():
                if setting.get("concept"):
                    concepts.setdefault(setting["concept"], []).append(owner)
        df: dict[str, int] = {}
        for group in stems.values():
            for s in group:
                df[s] = df.get(s, 0) + 1
        return {"stems": stems, "concepts": concepts,
                "idf": {s: math.log((len(stems) + 1) / c) for s, c in df.items()}}

    return derived(kb, "limits", build)


def score(kb: KB, p: Parsed, item: dict, idf: dict[str, float],
          stems: frozenset[str] | None = None) -> float:
    """How well ``item`` fits the question: shared words weighted by rarity, attribute groups,
    and the bound asked for ("max", "min", "default")."""
    lex = lexicon(kb)
    stems = _text_stems(item) if stems is None else stems
    asked = set(p.content) | set(p.modes)  # "synchronously" asks for the "payload-sync" limit
    named = {stem(w) for m in p.mentions for w in words(m.text)} - asked
    points = sum(idf.get(s, 0.0) for s in asked & stems)
    points += 0.5 * sum(idf.get(s, 0.0) for s in named & stems)  # "express workflow"
    for group in p.attributes:
        if lex.attribute_stems(group) & stems - asked:
            points += 1.5
    bounds = {b for b, w in _BOUND_WORDS.items() if w & stems}
    if p.bounds:
        points += 1.0 if p.bounds[0] in bounds else -1.0 if bounds else 0.0
    elif bounds == {"min"}:
        points -= 1.0
    return points - (0.5 if "setting" in item else 0.0)


def ranked(kb: KB, p: Parsed) -> list[tuple[float, str, dict]]:
    """(score, node, item) of every candidate limit that shares a meaningful word with the
    question, best first."""
    nodes = candidate_nodes(kb, p)
    index = _index(kb)
    idf = index["idf"]
    degree = {n: kb.degree(n) for n in nodes}
    scored = []
    for node_id, weight in nodes.items():
        for item in items(kb, node_id):
            s = score(kb, p, item, idf, index["stems"].get((node_id, item["id"], "setting" in item)))
            if s >= MIN_SCORE:
                scored.append((round(s + weight, 3), -degree[node_id], node_id, item))
    scored.sort(key=lambda x: (-x[0], x[1], x[2], x[3]["id"]))
    return [(s, n, i) for s, _, n, i in scored]


def answer(kb: KB, p: Parsed) -> dict | None:
    from .search import MIN_COVERAGE, coverage

    found = ranked(kb, p)
    if not found:
        return None
    if not p.node_ids and coverage(kb, p, _text_stems(found[0][2]) | set(p.content) - set(
            w for w in p.content if not _known_word(kb, w))) < MIN_COVERAGE:
        return None
    best = found[0][0]
    top = [(n, i) for s, n, i in found if s >= best - 0.01][:4]
    b = Builder(kb, "limit")
    for node_id, item in top:
        b.fact(node_id, item)
        b.point(fact_line(kb, node_id, item), item["source"], owner=node_id)
    nodes = {n for n, _ in top}
    for s, node_id, item in found[len(top):]:
        if node_id in nodes and s >= best * 0.6 and len(b.facts) < len(top) + 2:
            b.fact(node_id, item)
            b.point(fact_line(kb, node_id, item), item["source"], owner=node_id)
    for node_id in sorted(nodes):
        b.result(node_id)
    return b.done(_first_line(kb, top))


def _first_line(kb: KB, top: list[tuple[str, dict]]) -> str:
    if len(top) == 1:
        node_id, item = top[0]
        return fact_line(kb, node_id, item).split(". ")[0].rstrip(".") + "." \
            if item.get("note") else fact_line(kb, node_id, item)
    parts = []
    for node_id, item in top:
        scope = item.get("applies_to") or item["name"]
        parts.append(f"{value_text(item)} ({scope}{'' if len({n for n, _ in top}) == 1 else ', ' + kb.name(node_id)})")
    name = top[0][1]["name"] if len({i['name'] for _, i in top}) == 1 else "Values"
    owner = kb.name(top[0][0]) if len({n for n, _ in top}) == 1 else "the KB"
    return f"{name} in {owner}: {'; '.join(parts)}."


def _known_word(kb: KB, word_stem: str) -> bool:
    """Whether a stem is a word of the question vocabulary or KB names (attribute words such as
    "big" count as matched even when no limit spells them)."""
    lex = lexicon(kb)
    return any(stem(w) == word_stem for w in lex.known if w[:1] == word_stem[:1])
