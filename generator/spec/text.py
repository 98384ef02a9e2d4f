"""Label text that shows what it says: bidirectional overrides and zero-width characters
dropped (they make "invoice\u202egnp.exe" read as "invoiceexe.png"), length bounded.

>>> clean("invoice\\u202egnp.exe")
'invoicegnp.exe'
>>> clean("a" * 10, 5)
'aaaa…'
"""
from __future__ import annotations

import re

HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")
"""Zero-width spaces and joiners, direction marks, embeddings, overrides and isolates, BOM."""


def clean(text: str, limit: int | None = None) -> str:
    """``text`` without :data:`HIDDEN` characters, cut to ``limit`` characters (with "…")."""
    text = HIDDEN.sub("", text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
