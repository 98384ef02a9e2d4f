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

_IGNORE = {"article", "right", "correct", "wrong", "still", "true", "accurate", "say", "said",
           "part", "parts", "which", "what", "thing", "things"}


def answer(kb: KB, p: Parsed) -> dict:
    data = queries.corrections(kb)
    topic = lexicon(kb).widen(set(p.content) - _IGNORE)
    mentioned = {stem(w) for m in p.mentions for w in words(m.text)}
    named = mentioned - topic
    texts = [{stem(w) for w in words(f"{c['topic']} {c['article_said']}")} for c in data["results"]]
    common = {w for w in set().union(*texts) if 3 * sum(w in t for t in texts) > len(texts)}
    topic, named = topic - common, named - common  # words in most corrections: no signal
    services = {stem(w) for node in kb.nodes.values() if node["kind"] in ("service", "database")
                for w in words(node["name"])}
    if named - services:  # "lambda memory": the memory is the topic, not Lambda
        named -= services
    cues = lexicon(kb).vocabulary.get("cues", {})
    topic -= {stem(w) for group in ("article", "outdated", "define", "list", "yesno")
              for phrase in cues.get(group, []) for w in words(phrase)}

    def score(c: dict) -> float:
        stems = {stem(w) for w in words(f"{c['topic']} {c['article_said']}")}
        title = {stem(w) for w in words(c["topic"])}  # a word of the topic itself counts twice
        return (len(topic & stems) + len(topic & title) + 0.5 * len(named & stems)
                + 0.5 * len(named & title) + (0.5 if c["id"] in p.node_ids else 0))

    def on_topic(c: dict) -> bool:
        """A question with topic words must share one with the correction (a service name
        alone, "lambda", is in most of them)."""
        plain = topic - mentioned
        return not plain or bool(plain & {stem(w) for w in words(f"{c['topic']} {c['article_said']}")})

    matched = [c for c in data["results"]
               if (topic or named) and score(c) >= 0.5 and on_topic(c)]
    if matched:
        best = max(score(c) for c in matched)
        matched = [c for c in matched if score(c) == best]
    b = Builder(kb, "corrections")
    shown = matched or data["results"]
    for c in shown:
        article, now = c["sources"][0]["id"], c["sources"][-1]["id"]
        where = f'in "{c["section"]}"' if c.get("section") else "in the article"
        b.point(f"{c['topic']} ({c['name']}): the article said, {where}: {c['article_said']}",
                article)
        b.point(f"{c['topic']}: now (as of {c['as_of']}): {c['now']}", now)
    yes_no = p.tokens[:1] and p.tokens[0] in {"is", "was", "does", "did", "are", "has", "can"}
    if matched:
        c = matched[0]
        line = f"{'No, the' if yes_no else 'The'} article is out of date on {c['topic'].lower()}: " \
               f"{c['now']}"
    elif topic or named:
        from . import limits

        today = None
        if yes_no:  # "is the article right about X": X today, asked without the article words
            from ..entities import parse

            plain = [t for t in p.tokens if t not in _IGNORE and t not in {"in", "the", "still"}]
            today = limits.answer(kb, p) or limits.answer(kb, parse(kb, " ".join(plain)))
        if today is not None:  # no correction: what holds today, from the KB's limits
            today["answer"] = ("The KB records no correction of the article on that. What holds "
                               f"today: {today['answer']}")
            return today
        line = (f"The KB records no correction on that; the article is out of date in "
                f"{len(shown)} places, listed below.")
    else:
        line = f"The article is out of date in {len(shown)} places."
    out = b.done(line)
    out["results"] = shown
    return out
