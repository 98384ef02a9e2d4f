"""Step 1 of a question: words, stems and typo fixes.

>>> words("What's the max. Lambda time-out?")
['what', 's', 'the', 'max', 'lambda', 'time', 'out']
>>> [stem(w) for w in ["queues", "failed", "polling", "retries", "sqs", "access"]]
['queue', 'fail', 'poll', 'retry', 'sqs', 'access']
>>> fix_typos(["max", "lamda", "timout"], {"max", "lambda", "timeout"})
(['max', 'lambda', 'timeout'], [('lamda', 'lambda'), ('timout', 'timeout')])
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9λ@/]+(?:\.[0-9]+)?")


def words(text: str) -> list[str]:
    """Lower-case words of ``text``; punctuation (hyphens, apostrophes, '?') separates words."""
    return _WORD.findall(text.lower().replace("::", " "))


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stem so that "queues", "failed" and "polling" meet "queue", "fail", "poll" in KB
    text (both sides are stemmed the same way, so it only has to be consistent)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl, min_len in (("ies", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                  ("ed", "", 5), ("es", "e", 5), ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + repl
    return word


def fix_typos(tokens: list[str], known: set[str] | frozenset[str],
              pools: dict[str, tuple[str, ...]] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Replace words that are not ``known`` (nor a stem of a known word) by a close known word
    with the same first letter (typos rarely change it; it also keeps "mount" from becoming
    "count"). ``pools`` holds the candidates by first letter. difflib is enough: the lexicon is
    small. Returns the fixed words and the (typo, fix) pairs."""
    if pools is None:
        pools = by_first_letter(known)
    fixed, changes = [], []
    for token in tokens:
        if token in known or stem(token) in known or len(token) < 4 or not token.isalpha():
            fixed.append(token)
            continue
        close = difflib.get_close_matches(token, pools.get(token[0], ()), n=1, cutoff=0.85)
        if close:
            changes.append((token, close[0]))
            fixed.append(close[0])
        else:
            fixed.append(token)
    return fixed, changes


def by_first_letter(words_: set[str] | frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Words of three letters or more grouped by first letter, sorted (typo candidates)."""
    pools: dict[str, list[str]] = {}
    for w in sorted(words_):
        if w.isalpha() and len(w) >= 3:
            pools.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in pools.items()}
