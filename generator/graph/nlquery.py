"""Plain-language questions mapped onto the graph queries.

>>> parse("What can trigger AWS Lambda asynchronously?")
('triggers', ['AWS Lambda'], ['async'])
>>> parse("how does S3 connect to DynamoDB")
('path', ['S3', 'DynamoDB'], [])
>>> parse("trade-offs of lambda")
('tradeoffs', ['lambda'], [])
>>> parse("What is out of date in the article?")
('corrections', [], [])
>>> parse("Lambda or Fargate for this job?")
('compare', ['Lambda', 'Fargate'], [])
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..kb.model import KB
from . import queries

_MODE_WORDS = {
    "synchronously": "sync", "sync": "sync", "synchronous": "sync",
    "asynchronously": "async", "async": "async", "asynchronous": "async",
    "by polling": "poll", "polling": "poll", "poll": "poll", "via polling": "poll",
    "through an event source mapping": "poll", "via an event source mapping": "poll",
}
_MODE_SUFFIX = re.compile(r"\s+(?:(?:in|with)\s+)?(" + "|".join(
    sorted((re.escape(w) for w in _MODE_WORDS), key=len, reverse=True)) + r")(?:\s+mode)?$")

_X = r"(?P<x>.+?)"
_PATTERNS: list[tuple[str, re.Pattern]] = [(intent, re.compile(rx)) for intent, rx in [
    ("corrections", r"^(?:what(?: is| has|'s)? )?(?:out of date|outdated|changed|wrong)"
                    r"(?: in| since)?(?: the)?(?: article)?$"),
    ("corrections", r"^(?:what )?(?:corrections|changes) (?:to|of|since) the article$"),
    ("path", r"^(?:how|where) (?:does|can|do|could) (?P<a>.+?) (?:connect|get|talk|send|reach|"
             r"flow|deliver)(?: data| events| messages)? to (?P<b>.+)$"),
    ("path", r"^(?:what is the )?(?:path|route|connection)s? (?:from|between) (?P<a>.+?) "
             r"(?:to|and) (?P<b>.+)$"),
    ("triggers", r"^(?:what|which)(?: services?| aws services?| sources?| event sources?)? "
                 r"(?:can |could |do |does |may )?(?:trigger|invoke|call|start|poll)s? " + _X + "$"),
    ("triggers", r"^(?:what are (?:the )?)?(?:triggers|invokers|event sources) (?:of|for) " + _X + "$"),
    ("triggers", r"^how (?:can|is|are) " + _X + r" (?:be )?(?:triggered|invoked|called)$"),
    ("targets", r"^(?:what|which)(?: services?| targets?)? (?:can |could |does |do )?" + _X +
                r" (?:trigger|invoke|call|deliver to|send to|publish to|target|start)$"),
    ("targets", r"^(?:what are (?:the )?)?(?:targets|destinations) (?:of|for) " + _X + "$"),
    ("targets", r"^where (?:can|does) " + _X + r" (?:deliver|send|publish|route)(?: events| messages)?(?: to)?$"),
    ("tradeoffs", r"^(?:what are (?:the )?)?(?:trade[- ]?offs?|pros and cons|downsides|drawbacks|"
                  r"limitations|concerns) (?:of|for|with) (?:using )?" + _X + "$"),
    ("tradeoffs", r"^" + _X + r" (?:trade[- ]?offs?|pros and cons)$"),
    ("alternatives", r"^(?:what are (?:the )?)?(?:alternatives?|replacements?) (?:to|for|of) " + _X + "$"),
    ("alternatives", r"^(?:what can|what could) (?:i use )?(?:instead of|replace) " + _X + "$"),
    ("alternatives", r"^" + _X + r" alternatives?$"),
    ("compare", r"^(?:should i use |which is better,? |compare )?(?P<a>.+?),? (?:or|vs\.?|versus) "
                r"(?P<b>.+?)(?: for (?:this|my|a|the) .*)?$"),
    ("explain", r"^(?:what is|what's|what are|explain|describe|tell me about|define) " + _X + "$"),
]]

SUPPORTED = [
    "what triggers X (optionally: synchronously / asynchronously / by polling)",
    "what can X trigger", "how does A connect to B", "trade-offs of X",
    "alternatives to X", "X or Y for this job", "what is X",
    "what is out of date in the article",
]


def parse(question: str) -> tuple[str, list[str], list[str]]:
    """(intent, names, modes) for a question; raises InputError when it is not understood."""
    text = " ".join(question.strip().split()).rstrip("?!. ").strip()
    lowered = text.lower()
    modes: list[str] = []
    m = _MODE_SUFFIX.search(lowered)
    if m:
        modes = [_MODE_WORDS[m.group(1)]]
        text, lowered = text[: m.start()], lowered[: m.start()]
    for intent, rx in _PATTERNS:
        hit = rx.match(lowered)
        if hit:
            names = [_strip(text[hit.start(g): hit.end(g)]) for g in rx.groupindex]
            return intent, names, modes
    raise InputError(f"cannot understand {question!r}; try: " + "; ".join(SUPPORTED))


def _strip(name: str) -> str:
    return re.sub(r"^(?:an? |the )", "", name.strip(), flags=re.IGNORECASE)


def answer(kb: KB, question: str) -> dict:
    """Parse and answer; the result is the chosen query's JSON plus ``question``/``intent``."""
    intent, names, modes = parse(question)
    names = [_resolve_loosely(kb, n) for n in names]
    if intent == "corrections":
        result = queries.corrections(kb)
    elif intent == "triggers":
        result = queries.triggers(kb, names[0], modes)
    elif intent == "targets":
        result = queries.targets(kb, names[0], modes)
    elif intent == "path":
        result = queries.path(kb, names[0], names[1])
    elif intent == "tradeoffs":
        result = queries.tradeoffs(kb, names[0])
    elif intent == "alternatives":
        result = queries.alternatives(kb, names[0])
    elif intent == "compare":
        result = queries.compare(kb, names[0], names[1])
    else:
        result = queries.explain(kb, names[0])
    return {"query": question, "intent": intent, **{k: v for k, v in result.items() if k != "query"}}


def _resolve_loosely(kb: KB, name: str) -> str:
    """Resolve a name from prose: as written, then without a trailing "function(s)" or
    "service", then without trailing words ("lambda functions" -> "lambda")."""
    try:
        return kb.resolve(name)
    except InputError:
        bare = re.sub(r"\s+(?:functions?|services?)$", "", name, flags=re.IGNORECASE)
        if bare != name:
            try:
                return kb.resolve(bare)
            except InputError:
                pass
        words = name.split()
        for cut in range(len(words) - 1, 0, -1):
            try:
                return kb.resolve(" ".join(words[:cut]))
            except InputError:
                continue
        raise
