"""Write a site into its output folder and nowhere else.

The folder may hold anything from a previous run, including a manifest written by someone else
(``.archkb-site.json`` committed in a repository) and symlinks. So: every path is a plain
relative path resolved under the folder; no write or delete goes through a symlink inside the
folder (a symlinked file or sub-folder is refused with an error, never followed); a manifest
entry that is absolute, has ``..``, or leads through a symlink is ignored, and only regular
files are removed.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> (out / MANIFEST).write_text('{"files": ["/etc/passwd", "../x", "a/../../y"]}')
47
>>> write_site(out, {"index.html": b"<p>hi</p>"}, "test")
[]
>>> sorted(p.name for p in out.iterdir())
['.archkb-site.json', 'index.html']
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path, PurePosixPath

from ..errors import InputError
from ..fsutil import write_atomic

MANIFEST = ".archkb-site.json"


def _parts(rel) -> tuple[str, ...] | None:
    """The parts of a plain relative path, or None (absolute, ``..``, empty, odd)."""
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel:
        return None
    path = PurePosixPath(rel)
    if path.is_absolute() or any(p in ("..", ".", "") for p in path.parts):
        return None
    return path.parts


def _no_links(out: Path, parts: tuple[str, ...], create: bool) -> Path | None:
    """``out/parts`` when no existing component below ``out`` is a symlink (creating the
    missing folders when ``create``); None when one is."""
    here = out
    for i, part in enumerate(parts):
        here = here / part
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            if i < len(parts) - 1 and create:
                here.mkdir()
                continue
            return here if i == len(parts) - 1 or create else None
        if stat.S_ISLNK(st.st_mode):
            return None
        if i < len(parts) - 1 and not stat.S_ISDIR(st.st_mode):
            return None
    return here


def write_site(out: Path, files: dict[str, bytes], generator: str) -> list[str]:
    """Write the changed ``files`` (relative path -> bytes) under ``out``, remove the files the
    previous build listed that are gone, write the manifest; returns the removed paths."""
    out = Path(out)
    if out.is_symlink():
        raise InputError(f"the output folder {out} is a symbolic link: give the real folder")
    if not out.absolute().parent.is_dir():
        raise InputError(f"cannot write {out}: the folder {out.absolute().parent} does not exist")
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from None
    manifest = out / MANIFEST
    previous: list = []
    if not manifest.is_symlink():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
        except (OSError, ValueError, AttributeError, UnicodeDecodeError):
            previous = []
    for rel, data in sorted(files.items()):
        parts = _parts(rel)
        path = _no_links(out, parts, create=True) if parts else None
        if path is None:
            raise InputError(f"cannot write {out / rel}: a symbolic link or file is in the way "
                             "inside the output folder (archkb does not write through links)")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        _write(path, data)
    removed = []
    for rel in previous if isinstance(previous, list) else ():
        parts = _parts(rel)
        if parts is None or rel in files:
            continue
        path = _no_links(out, parts, create=False)
        if path is not None and stat.S_ISREG(os.lstat(path).st_mode if path.exists() else 0):
            path.unlink()
            removed.append(rel)
    _write(manifest, json.dumps({"generator": generator, "files": sorted(files)},
                                indent=1).encode("utf-8"))
    return sorted(removed)


def _write(path: Path, data: bytes) -> None:
    if path.is_symlink():
        raise InputError(f"cannot write {path}: it is a symbolic link (archkb does not write "
                         "through links in the output folder)")
    try:
        write_atomic(path, data, parents=False)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
