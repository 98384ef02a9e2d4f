"""``archkb query``: a person's question answered from the KB, offline and deterministically.

The pipeline: :mod:`.normalize` (words, typo fixes) -> :mod:`.entities` (KB names, attribute
and bound words, modes, verbs, durations, workload context) -> :mod:`.intents` (which kinds of
answer fit, most likely first) -> :mod:`.answers` (each kind answers from the graph, or passes).
The words it knows are data: ``kb/vocabulary.yaml`` and the ``terms`` of limits and settings.

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> r = ask(kb, "what is the max lambda timeout")
>>> r["intent"], r["facts"][0]["value"], r["facts"][0]["unit"]
('limit', 900, 's')
>>> ask(kb, "sing me a song")["intent"]
'unanswered'
"""
from __future__ import annotations

import importlib

from ..kb.model import KB
from .entities import Parsed, parse
from .intents import candidates

HANDLERS: dict[str, str] = {
    "corrections": "article:answer",
    "connection": "connections:yes_no",
    "edges": "connections:edges",
    "path": "connections:path",
    "compare": "compare:compare",
    "tradeoffs": "guidance:tradeoffs",
    "alternatives": "guidance:alternatives",
    "howto": "guidance:howto",
    "list": "define:by_property",
    "limit": "limits:answer",
    "define": "define:define",
}
"""Intent -> answerer (module in :mod:`.answers` and function, imported on first use so a
question pays only for the answers it tries); an answerer returns None when the KB has nothing
for it."""


def handler(intent: str):
    module, name = HANDLERS[intent].split(":")
    return getattr(importlib.import_module(f"{__name__}.answers.{module}"), name)


def ask(kb: KB, question: str) -> dict:
    """The answer to ``question``: ``{"query", "intent", "answer", "results", "facts",
    "sources", ...}``; intent ``unanswered`` (with ``suggestions``) when nothing fits."""
    parsed = parse(kb, question)
    for intent in candidates(parsed):
        result = handler(intent)(kb, parsed)
        if result is not None:
            break
    else:
        from .suggestions import suggest

        result = {"intent": "unanswered", "answer": _unanswered(parsed), "points": [],
                  "results": [], "facts": [], "sources": [],
                  "suggestions": suggest(kb, parsed)}
    out = {"query": question, **result}
    if parsed.typos:
        out["understood"] = " ".join(parsed.tokens)
    return out


def _unanswered(p: Parsed) -> str:
    if p.node_ids:
        return "I could not answer that from the KB. Closest things it knows:"
    return "I did not recognise anything the KB knows in that question. Try one of these:"
