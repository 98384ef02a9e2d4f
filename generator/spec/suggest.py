"""Did-you-mean hints for unknown keys and names.

>>> hint("memroy", ["memory", "timeout"])
"; did you mean 'memory'?"
>>> hint("zzz", ["memory"])
''
"""
from __future__ import annotations

import difflib


def close(word: str, choices, n: int = 3) -> list[str]:
    """Up to ``n`` choices close to ``word`` (case-insensitive), best first."""
    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(str(word).lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


def hint(word: str, choices, n: int = 3) -> str:
    """``"; did you mean 'x'?"`` or an empty string."""
    found = close(word, choices, n)
    return f"; did you mean {' or '.join(repr(f) for f in found)}?" if found else ""
