"""The article: what is out of date, and "is the article right about init billing".

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> answer(kb, parse(kb, "is the article right about init billing"))["answer"].startswith("No")
True
"""
from __future__ import annotations

from ...graph import queries
from ...kb.model import KB
from ..entities import Parsed
from ..lexicon import lexicon
from ..normalize import stem, words
from .base import Builder

_IGNORE = {"article", "right", "correct", "wrong", "still", "true", "accurate", "say", "said"}


def answer(kb: KB, p: Parsed) -> dict:
    data = queries.corrections(kb)
    topic = lexicon(kb).widen(set(p.content) - _IGNORE)
    named = {stem(w) for m in p.mentions for w in words(m.text)} - topic
    cues = lexicon(kb).vocabulary.get("cues", {})
    topic -= {stem(w) for group in ("article", "outdated", "define", "list", "yesno")
              for phrase in cues.get(group, []) for w in words(phrase)}

    def score(c: dict) -> float:
        stems = {stem(w) for w in words(f"{c['topic']} {c['article_said']}")}
        title = {stem(w) for w in words(c["topic"])}  # a word of the topic itself counts twice
        return (len(topic & stems) + len(topic & title) + 0.5 * len(named & stems)
                + 0.5 * len(named & title) + (0.5 if c["id"] in p.node_ids else 0))

    matched = [c for c in data["results"] if (topic or named) and score(c) >= 0.5]
    if matched:
        best = max(score(c) for c in matched)
        matched = [c for c in matched if score(c) == best]
    b = Builder(kb, "corrections")
    shown = matched or data["results"]
    for c in shown:
        article, now = c["sources"][0]["id"], c["sources"][-1]["id"]
        b.point(f"{c['topic']} ({c['name']}): the article said: {c['article_said']}", article)
        b.point(f"{c['topic']}: now (as of {c['as_of']}): {c['now']}", now)
    if matched:
        c = matched[0]
        yes_no = p.tokens[:1] and p.tokens[0] in {"is", "was", "does", "did", "are", "has", "can"}
        line = f"{'No, the' if yes_no else 'The'} article is out of date on {c['topic'].lower()}: " \
               f"{c['now']}"
    elif topic or named:
        line = (f"The KB records no correction on that; the article is out of date in "
                f"{len(shown)} places, listed below.")
    else:
        line = f"The article is out of date in {len(shown)} places."
    out = b.done(line)
    out["results"] = shown
    return out
