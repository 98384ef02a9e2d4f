"""Indexes derived from the KB (phrase tables, word statistics) computed once per KB version
and builder code: memoized in the process and pickled beside the compiled KB, so a cold
question does not pay for rebuilding them.

The pickle is sealed (:mod:`generator.cachefs`): it is unpickled only when its HMAC under the
user's own secret (mode 0600, in a folder only the user can write) matches, so a file that this
user's archkb did not write is a cache miss and is never unpickled.

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> derived(kb, "doc-example", lambda kb: len(kb.nodes)) == len(kb.nodes)
True
"""
from __future__ import annotations

import marshal
import pickle
import os
import sys
import zlib
from typing import Any, Callable

from ..kb.model import KB

_memo: dict[tuple[int, str], Any] = {}


def derived(kb: KB, name: str, build: Callable[[KB], Any]) -> Any:
    """``build(kb)``, once per KB version (``kb.key``); a KB without a key (built in memory)
    is only memoized."""
    memo_key = (id(kb), name)
    if memo_key in _memo:
        return _memo[memo_key]
    value = None
    path = None
    if kb.key:
        from ..kb.store import cache_dir

        path = cache_dir() / f"query-{name}-{kb.key}-{_code_key(build):08x}.pickle"
        value = _read(path, cache_dir())
    if value is None:
        value = build(kb)
        if path is not None:
            _write(path, value, f"query-{name}-")
    _memo[memo_key] = value
    return value


def _code_key(build: Callable) -> int:
    """The builder's code and its module file's size and time: editing either invalidates."""
    key = marshal.dumps(build.__code__)
    module_file = getattr(sys.modules.get(build.__module__), "__file__", None)
    if module_file:
        st = os.stat(module_file)
        key += f"{st.st_size}:{st.st_mtime_ns}".encode()
    return zlib.crc32(key)


def _read(path, folder) -> Any:
    from ..cachefs import read_sealed

    data = read_sealed(path, folder)
    if data is None:
        return None
    try:
        return pickle.loads(data)  # sealed: written by this user's archkb (see module doc)
    except Exception:  # noqa: BLE001 - a stale pickle of older code is a miss
        return None


def _write(path, value, prefix: str) -> None:
    from ..cachefs import write_sealed

    from ..kb.store import prune

    if write_sealed(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), path.parent):
        prune(path, prefix)
