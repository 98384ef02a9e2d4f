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
              candidates: list[str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Replace words that are not ``known`` by a close known word (difflib, no fuzzy library:
    the lexicon is small). Returns the fixed words and the (typo, fix) pairs."""
    pool = candidates if candidates is not None else sorted(known)
    fixed, changes = [], []
    for token in tokens:
        if token in known or len(token) < 4 or not token.isalpha():
            fixed.append(token)
            continue
        # typos rarely change the first letter; requiring it keeps "mount" from becoming "count"
        close = [w for w in difflib.get_close_matches(token, pool, n=3, cutoff=0.8)
                 if w[0] == token[0]][:1]
        if close:
            changes.append((token, close[0]))
            fixed.append(close[0])
        else:
            fixed.append(token)
    return fixed, changes
