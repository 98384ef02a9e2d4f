"""Step 2: what a question mentions: KB nodes (by id, name, alias, CloudFormation type),
attribute and bound words, invocation modes and verbs, durations and workload context.

>>> from generator.kb import load_kb
>>> p = parse(load_kb(), "Can Amazon SQS trigger Step Funtions?")
>>> p.node_ids, p.typos
(['sqs', 'step-functions'], [('funtions', 'functions')])
>>> parse(load_kb(), "lambda or fargate for a 20 minute job").duration_s
1200.0
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..kb.model import KB, normalize
from .lexicon import Lexicon, lexicon
from .normalize import fix_typos, stem, words

_DURATION = re.compile(r"\b(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|"
                       r"h|hrs?|hours?|days?)\b")
_CFN_TYPE = re.compile(r"\b(?:AWS|Alexa)::[A-Za-z0-9]+::[A-Za-z0-9]+\b")
_MAX_NAME_WORDS = 5


@dataclass
class Mention:
    id: str
    start: int
    end: int
    text: str


@dataclass
class Parsed:
    """Everything recognised in one question (positions are word indexes in ``tokens``)."""

    question: str
    tokens: list[str]
    typos: list[tuple[str, str]]
    mentions: list[Mention]
    attributes: set[str]
    terms: set[str]  # "node/limit" of the limit and setting terms the question uses
    bounds: list[str]
    modes: list[str]
    verbs: list[tuple[int, int, dict]]
    cues: dict[str, list[int]]
    kinds: set[str]
    duration_s: float | None
    workload: dict
    content: list[str] = field(default_factory=list)  # stems not used by names or stopwords

    @property
    def node_ids(self) -> list[str]:
        seen: list[str] = []
        for m in self.mentions:
            if m.id not in seen:
                seen.append(m.id)
        return seen

    def has(self, cue: str) -> bool:
        return cue in self.cues

    def first(self, cue: str) -> int:
        return min(self.cues.get(cue, [len(self.tokens)]))


def parse(kb: KB, question: str) -> Parsed:
    """Recognise the parts of ``question`` (see the module docstring)."""
    lex = lexicon(kb)
    cfn = [m.group(0) for m in _CFN_TYPE.finditer(question)]
    text = _CFN_TYPE.sub(" ", question)
    raw = [lex.synonyms.get(w, w) for w in words(text)]
    raw = [x for w in raw for x in w.split()]
    tokens, typos = fix_typos(raw, lex.known, lex.pools)
    cue_hits = lex.cues.find(tokens)
    verb_hits = lex.verbs.find(tokens)
    # words used by a multi-word cue or verb ("connect to", "read from") are not names
    taken = {i for s, e, _ in cue_hits + verb_hits if e - s > 1 for i in range(s, e)}
    mentions = [Mention(kb.index[t.lower()], -1, -1, t) for t in cfn if t.lower() in kb.index]
    mentions += _names(kb, tokens, taken)
    named = {i for m in mentions for i in range(m.start, m.end) if m.start >= 0}
    bound_hits = lex.bounds.find(tokens)
    bounded = {i for s, e, _ in bound_hits for i in range(s, e)}
    bounded |= {i for s, e, label in cue_hits if label != "self" for i in range(s, e)}
    cues: dict[str, list[int]] = {}
    for s, _, label in cue_hits:
        cues.setdefault(label, []).append(s)
    verbs = [(s, e, lex.vocabulary["verbs"][int(label)]) for s, e, label in verb_hits
             if s not in named]
    duration = _duration(" ".join(tokens))
    return Parsed(
        question=question, tokens=tokens, typos=typos, mentions=mentions,
        attributes=lex.attributes.labels(tokens), terms=lex.terms.labels(tokens),
        # the specific bound wins over the generic ("how much ... by default" asks the default)
        bounds=sorted(_unique(label for _, _, label in sorted(bound_hits)),
                      key=["default", "min", "max"].index),
        modes=_unique(label for _, _, label in sorted(lex.modes.find(tokens))),
        verbs=verbs, cues=cues, kinds=lex.kinds.labels(tokens), duration_s=duration,
        workload=_workload(lex, tokens, duration),
        content=_unique(stem(t) for i, t in enumerate(tokens)
                        if i not in named and i not in bounded and t not in lex.stopwords))


def _names(kb: KB, tokens: list[str], taken: set[int]) -> list[Mention]:
    """Longest spans of words that name a KB node, left to right, without overlaps."""
    found, used = [], set()
    for size in range(_MAX_NAME_WORDS, 0, -1):
        for i in range(len(tokens) - size + 1):
            span = range(i, i + size)
            if used.intersection(span) or (size == 1 and i in taken):
                continue
            phrase = " ".join(tokens[i:i + size])
            node_id = kb.index.get(normalize(phrase))
            if node_id is None and tokens[i + size - 1].endswith("s"):
                node_id = kb.index.get(normalize(phrase[:-1]))  # "kinesis streams", "queues"
            if node_id is not None and kb.nodes[node_id]["kind"] != "setting":
                found.append(Mention(node_id, i, i + size, phrase))
                used.update(span)
    return sorted(found, key=lambda m: m.start)


def _duration(text: str) -> float | None:
    """The first duration in the text, in seconds ("20 minute" -> 1200.0)."""
    m = _DURATION.search(text)
    if not m:
        return None
    from ..graph.workload import parse_duration

    unit = m.group(2)
    unit = {"mins": "min", "hrs": "hr"}.get(unit, unit)
    return parse_duration(f"{m.group(1)}{unit}")


def _workload(lex: Lexicon, tokens: list[str], duration: float | None) -> dict:
    """Workload fields for `recommend` from the question's context words."""
    values: dict = {}
    traffic = sorted(lex.traffic.find(tokens))
    if traffic:
        values["traffic"] = traffic[0][2]
    for flag in sorted(lex.flags.labels(tokens)):
        values[flag] = True
    if duration is not None:
        values["duration"] = duration
    return values


def _unique(items) -> list:
    out: list = []
    for x in items:
        if x not in out:
            out.append(x)
    return out
