"""Cache files that can be trusted: in a folder only the user can write, each file sealed with
an HMAC under a per-user secret. The KB and docs caches are JSON; the query indexes, the one
pickle, are unpickled only after their seal verifies (:mod:`generator.query.cache`).

A cache folder may sit somewhere others can reach (``ARCHKB_CACHE_DIR`` on a shared ``/tmp``, a
CI cache restored from another job). So a folder is used only when it is a real folder owned by
the user and not writable by group or others (:func:`private_dir`); its ``secret`` file is the
user's own, mode 0600 (:func:`secret`); and a cache file is read only when it is owned by the
user and its HMAC matches (:func:`read_sealed`). Anything else is a cache miss, never an error.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_sealed(d / "x.json", b'{"a": 1}')
True
>>> read_sealed(d / "x.json")
b'{"a": 1}'
>>> _ = (d / "x.json").write_bytes((d / "x.json").read_bytes().replace(b"1", b"2"))
>>> read_sealed(d / "x.json") is None
True
"""
from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

from .fsutil import write_atomic

SECRET = "secret"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _mine(st: os.stat_result, private: int) -> bool:
    """Owned by this user, with none of the ``private`` mode bits set."""
    owner = st.st_uid == os.getuid() if hasattr(os, "getuid") else True
    return owner and not st.st_mode & private


def private_dir(path: Path) -> Path | None:
    """``path`` (created 0700 if missing) when it is the user's own folder that others cannot
    write; else None. The user's own folder that group or others can write (made by an older
    archkb under umask 002) is made private first: every file in it is checked anyway."""
    try:
        Path(path).mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode) and _mine(st, 0) and st.st_mode & 0o022:
            os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o022)
            st = os.lstat(path)
    except OSError:
        return None
    return Path(path) if stat.S_ISDIR(st.st_mode) and _mine(st, 0o022) else None


def secret(folder: Path, _retry: bool = True) -> bytes | None:
    """The per-user secret of a cache folder (made on first use, mode 0600), or None when the
    folder is not the user's alone. A secret file that is not the user's own, mode 0600 (left
    there while the folder was not private) is replaced, which invalidates every entry."""
    if private_dir(folder) is None:
        return None
    path = Path(folder) / SECRET
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except OSError:
            return None
        with os.fdopen(fd, "wb") as fh:
            import secrets  # only when the secret is made

            fh.write(secrets.token_bytes(32))
        return secret(folder, _retry=False)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        key = fh.read(64) if stat.S_ISREG(st.st_mode) and _mine(st, 0o077) else b""
    if len(key) == 32:
        return key
    if not _retry:
        return None
    try:
        path.unlink()
    except OSError:
        return None
    return secret(folder, _retry=False)


def _mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode("ascii")


def write_sealed(path: Path, data: bytes, folder: Path | None = None) -> bool:
    """Write ``data`` with its HMAC (the secret of ``folder``, default the file's folder);
    False when the cache cannot be used or written (a partial file is never left)."""
    path = Path(path)
    key = secret(folder or path.parent)
    if key is None or private_dir(path.parent) is None:
        return False
    try:
        write_atomic(path, _mac(key, data) + b"\n" + data)
    except OSError:
        return False
    return True


def read_sealed(path: Path, folder: Path | None = None) -> bytes | None:
    """The data of a sealed file, or None (missing, not the user's, or the HMAC differs)."""
    path = Path(path)
    key = secret(folder or path.parent)
    if key is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not _mine(st, 0o022):
            return None
        blob = fh.read()
    mac, sep, data = blob.partition(b"\n")
    return data if sep and hmac.compare_digest(mac, _mac(key, data)) else None
