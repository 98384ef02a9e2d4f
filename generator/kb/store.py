"""Load the KB through a cache: compiling (YAML + JSON Schema + graph) happens only when a KB
file changed, so a cold query costs little more than importing networkx.

The cache key hashes the archkb version and, for every KB directory, each file's path, size
and modification time. The cache lives in ``$ARCHKB_CACHE_DIR``, else
``$XDG_CACHE_HOME/archkb``, else ``~/.cache/archkb``; a cache that cannot be written is
skipped silently (the KB is then compiled on every run).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .model import KB
from .paths import builtin_kb_dir, kb_files, overlay_dirs

CACHE_FORMAT = 2
_memo: dict[str, KB] = {}


def cache_dir() -> Path:
    if os.environ.get("ARCHKB_CACHE_DIR"):
        return Path(os.environ["ARCHKB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archkb"


def fingerprint(dirs: list[Path]) -> str:
    """A hash of everything a compiled KB depends on."""
    from .. import __version__

    h = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
    for root in dirs:
        h.update(f"\0dir:{root}".encode())
        schema = root / "schema"
        files = kb_files(root) + (sorted(schema.glob("*.json")) if schema.is_dir() else [])
        for path in files:
            st = path.stat()
            h.update(f"\0{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


def load_kb(extra_dirs: tuple | list = (), use_cache: bool = True) -> KB:
    """The compiled KB: built-in ``kb/`` plus overlays (``ARCHKB_KB_PATH``, then ``extra_dirs``).

    >>> kb = load_kb()
    >>> kb.node("lambda")["name"]
    'AWS Lambda'
    """
    builtin = builtin_kb_dir()
    dirs = [builtin] + overlay_dirs(extra_dirs)
    key = fingerprint(dirs)
    if key in _memo:
        return _memo[key]
    path = cache_dir() / f"kb-{key}.pickle"
    kb = _read_cache(path) if use_cache else None
    if kb is None:
        kb = compile_kb(builtin, dirs[1:])
        if use_cache:
            _write_cache(path, kb)
    kb.key = key
    _memo[key] = kb
    return kb


def compile_kb(builtin: Path, overlays: list[Path]) -> KB:
    """Validate and compile without the cache (raises ``KBInvalid`` on any error)."""
    from ..graph.compile import compile_graph
    from .loader import load_dirs

    kb = load_dirs(builtin, overlays)
    kb.graph = compile_graph(kb.nodes)
    return kb


def _read_cache(path: Path) -> KB | None:
    kb = read_pickle(path)
    return kb if isinstance(kb, KB) else None


def _write_cache(path: Path, kb: KB) -> None:
    write_pickle(path, kb, "kb-")


def read_pickle(path: Path):
    """A cached object, or None when the cache is missing, stale or unreadable."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


def write_pickle(path: Path, obj, prefix: str) -> None:
    """Cache ``obj`` atomically; prune files of the same ``prefix`` unused for a day. A cache
    that cannot be written is skipped (the caller just recompiles next time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{prefix}", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{prefix}*.pickle"):
            if old != path and old.stat().st_mtime < path.stat().st_mtime - 86400:
                old.unlink(missing_ok=True)
    except OSError:
        pass
