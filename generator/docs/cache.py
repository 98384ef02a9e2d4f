"""A content-addressed cache of rendered results, so a rebuild skips what has not changed.

A key hashes everything a result depends on: the archkb version, the cache format, the KB's
content (:func:`kb_digest`), the Graphviz version and the input (a spec's bytes and name, or
a DOT text). Entries are JSON files under ``<archkb cache>/docs/``, sealed with an HMAC under a
per-user secret in a folder only the user can write (:mod:`generator.cachefs`): an entry
someone else wrote, a damaged one or one of the wrong shape is a miss, never an error, and
never inlined into a page. Writes are atomic, a cache that cannot be written is skipped, and
entries unused for :data:`PRUNE_AFTER_DAYS` are pruned by each build.

>>> key("a", 1) == key("a", 1) != key("a", 2)
True
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from ..cachefs import read_sealed, write_sealed

FORMAT = 2
PRUNE_AFTER_DAYS = 14


def key(*parts) -> str:
    """A hex digest of JSON-serializable parts."""
    data = json.dumps([FORMAT, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def kb_digest(kb) -> str:
    """A hash of the KB's content (nodes and sources), independent of file times.

    >>> from generator.kb import load_kb
    >>> len(kb_digest(load_kb()))
    64
    """
    data = json.dumps([kb.nodes, kb.sources], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def default_dir() -> Path:
    from ..kb.store import cache_dir

    return cache_dir() / "docs"


class RenderCache:
    """``get``/``put`` JSON values by key; ``enabled=False`` makes every lookup a miss."""

    def __init__(self, root: Path | None = None, enabled: bool = True):
        self.root = Path(root) if root else default_dir()
        self.enabled = enabled

    def _path(self, k: str) -> Path:
        return self.root / k[:2] / f"{k}.json"

    def get(self, k: str):
        """The entry ``{"value": ...}`` stored under ``k``, or None (a miss)."""
        if not self.enabled:
            return None
        path = self._path(k)
        data = read_sealed(path, self.root)
        try:
            value = json.loads(data) if data is not None else None
        except ValueError:
            return None
        if not isinstance(value, dict) or "value" not in value:
            return None
        try:
            os.utime(path)  # recently used: keep it through pruning
        except OSError:
            pass
        return value

    def put(self, k: str, value) -> None:
        if self.enabled:
            write_sealed(self._path(k), json.dumps(value, ensure_ascii=False).encode("utf-8"),
                         self.root)

    def prune(self, days: float = PRUNE_AFTER_DAYS) -> int:
        """Remove entries not used for ``days``; returns how many."""
        cutoff, removed = time.time() - days * 86400, 0
        for path in self.root.glob("*/*") if self.root.is_dir() else ():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                pass
        return removed
