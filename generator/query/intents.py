"""Step 3: which kinds of answer fit a question, most likely first. The pipeline tries them in
order and keeps the first that the KB can answer.

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> candidates(parse(kb, "can sqs trigger step functions"))[0]
'connection'
>>> candidates(parse(kb, "what is the max lambda timeout"))[0]
'limit'
>>> candidates(parse(kb, "what is out of date in the article"))[0]
'corrections'
"""
from __future__ import annotations

from .entities import Parsed


def candidates(p: Parsed) -> list[str]:
    """Intent names, most likely first (see :data:`generator.query.HANDLERS`)."""
    n = len(p.node_ids)
    out: list[str] = []

    def add(*names: str) -> None:
        out.extend(x for x in names if x not in out)

    if p.has("article") or (p.has("outdated") and not p.node_ids):
        add("corrections")
    yes_no = p.tokens and p.tokens[0] in {"can", "could", "does", "do", "is", "are", "will",
                                         "would", "may"}
    if p.verbs and (n >= 2 or (n == 1 and p.has("self"))) and yes_no:
        add("connection")
    strong = bool({"vs", "versus", "difference", "differences", "compare", "compared",
                   "comparison"} & set(p.tokens))
    if p.has("compare") and not (p.verbs and yes_no):
        if strong or p.tokens[0] not in {"what", "which"} or n >= 2 and not p.verbs:
            add("compare")
    if p.has("howto") and p.first("howto") <= 1:
        add("howto")  # "how do I ...", "how to ...": advice, even about a limit
    if (p.bounds and p.attributes - {"count"}) or p.terms:
        add("limit")  # a figure is asked for: "the biggest payload I can send to a lambda"
    if p.verbs and n >= 1 and (p.has("list") or p.has("count") or p.verbs[0][0] == 0):
        add("edges")
    if p.verbs and (n >= 2 or p.has("self")) and (yes_no or "types" not in p.verbs[0][2]):
        add("connection")  # "sqs triggers lambda?"; data verbs ("access") only in yes/no form
    if p.has("tradeoffs"):
        add("tradeoffs")
    if p.has("alternatives"):
        add("alternatives")
    if p.kinds and any(True for _ in p.node_ids) and (p.has("list") or p.has("count")):
        add("list")
    if p.has("define") and not p.content and not p.bounds and n == 1:
        add("define")  # "what is function-timeout": the thing itself, not one of its figures
    if p.attributes or p.bounds:
        add("limit")
    if p.has("path") and n >= 2:
        add("path")
    if p.content and not p.has("define") and n >= 1:
        add("howto")  # a qualified subject: "cold starts for java"
    if p.has("howto"):
        add("howto")
    if p.has("path") and n >= 2:
        add("path")
    if p.has("define") or n == 1:
        add("define")
    if p.has("compare") and n >= 2:
        add("compare")
    add("limit", "howto", "define")
    return out
