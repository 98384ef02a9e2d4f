"""Connection kinds a spec may name: the KB's relation types that draw a connection.

They are read from the KB schema (``kb/schema/node.schema.json``), so a relation type added to
the KB is a valid ``kind:`` at once.

>>> from generator.kb import load_kb
>>> kinds = connection_kinds(load_kb())
>>> [k for k in ("triggers", "reads", "writes", "calls", "publishes") if k in kinds]
['triggers', 'reads', 'writes', 'calls', 'publishes']
>>> "alternative_to" in kinds
False
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .fields import EXCLUDED_KINDS

BASE_KINDS = ("triggers", "reads", "writes", "calls", "publishes")


@lru_cache(maxsize=None)
def _schema_kinds(schema_file: str) -> tuple[str, ...]:
    try:
        schema = json.loads(Path(schema_file).read_text(encoding="utf-8"))
        return tuple(schema["$defs"]["relation"]["properties"]["type"]["enum"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()


def connection_kinds(kb) -> list[str]:
    """The kinds in a stable order: the common five first, then the KB's others sorted."""
    found: set[str] = set()
    for root in getattr(kb, "dirs", None) or []:
        found.update(_schema_kinds(str(Path(root) / "schema" / "node.schema.json")))
    if not found:  # a KB without a schema folder: the relation types it uses
        found.update(d["type"] for _, _, d in kb.relations())
    found = (found | set(BASE_KINDS)) - EXCLUDED_KINDS
    return list(BASE_KINDS) + sorted(found - set(BASE_KINDS))
