"""Load the KB through a cache: compiling (YAML + JSON Schema + graph) happens only when a KB
file changed, so a cold query costs little more than importing networkx.

The cache holds the loaded KB as JSON data (never pickle: a cache file cannot carry code); the
networkx graph is rebuilt from it, which costs a few milliseconds. Files are sealed with an
HMAC under a per-user secret, in a folder only the user can write (:mod:`generator.cachefs`):
a cache someone else wrote is ignored. The cache key hashes the archkb version, the code that
compiles the KB, and for every KB directory each file's path, size, modification and change
times (an edit that keeps size and mtime still changes the ctime). The cache lives in
``$ARCHKB_CACHE_DIR``, else ``$XDG_CACHE_HOME/archkb``, else ``~/.cache/archkb``; a cache that
cannot be used is skipped silently (the KB is then compiled on every run).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from .model import KB
from .paths import builtin_kb_dir, kb_files, overlay_dirs

CACHE_FORMAT = 2
_CODE = ("kb/loader.py", "kb/model.py", "kb/paths.py", "kb/store.py", "graph/compile.py")
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
    package = Path(__file__).resolve().parent.parent
    for rel in _CODE:
        h.update(_stamp(package / rel))
    for root in dirs:
        h.update(f"\0dir:{root}".encode())
        schema = root / "schema"
        files = kb_files(root) + (sorted(schema.glob("*.json")) if schema.is_dir() else [])
        for path in files:
            h.update(_stamp(path))
    return h.hexdigest()[:32]


def _stamp(path: Path) -> bytes:
    try:
        st = path.stat()
    except OSError:
        return f"\0{path}:missing".encode()
    return f"\0{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}".encode()


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
    path = cache_dir() / f"kb-{key}.json"
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
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    from ..graph.compile import compile_graph

    try:
        kb = KB(**{name: data[name] for name in _DATA_FIELDS})
        kb.graph = compile_graph(kb.nodes)
    except (KeyError, TypeError, AttributeError):  # pragma: no cover - a sealed file is ours
        return None
    return kb


def _write_cache(path: Path, kb: KB) -> None:
    write_json(path, {"format": CACHE_FORMAT, **{name: getattr(kb, name) for name in _DATA_FIELDS}},
               "kb-")


_DATA_FIELDS = tuple(f.name for f in dataclasses.fields(KB) if f.name not in ("graph", "key"))
"""What the cache holds: every field of a loaded KB but the graph (rebuilt from the nodes) and
the cache key itself."""


def read_json(path: Path):
    """A cached value, or None when the cache is missing, stale, not ours or unreadable."""
    from ..cachefs import read_sealed

    data = read_sealed(path, cache_dir())
    try:
        return json.loads(data) if data is not None else None
    except ValueError:
        return None


def write_json(path: Path, value, prefix: str) -> None:
    """Cache ``value`` as sealed JSON; prune files of the same ``prefix`` unused for a day. A
    cache that cannot be written is skipped (the caller just recompiles next time)."""
    from ..cachefs import write_sealed

    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if write_sealed(path, data, cache_dir()):
        prune(path, prefix)


def prune(path: Path, prefix: str) -> None:
    """Remove the cache files of the same ``prefix`` as ``path`` unused for a day."""
    try:
        for old in path.parent.glob(f"{prefix}*"):
            if old != path and old.stat().st_mtime < path.stat().st_mtime - 86400:
                old.unlink(missing_ok=True)
    except OSError:
        pass
