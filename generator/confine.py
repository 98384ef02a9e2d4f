"""The folder that files named inside an input may not leave.

A template can name other files (an OpenAPI ``DefinitionUri``, an ``AWS::Include``
``Location``). On the command line, the user chose the template, and those files are read
where they are. In a docs build or an MkDocs site, the template comes from a folder of pages
someone else may have written: there, :func:`within` sets the source (or docs) folder, and
:func:`resolve` refuses absolute paths and paths that lead out of it (through ``..`` or a
symlink), and names the file relative to that folder, so pages never show the builder's paths.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with within(root):
...     resolve(str(root / "api"), "../../etc/passwd")
Traceback (most recent call last):
...
ValueError: it leads outside the source folder
>>> with within(root):
...     resolve("api", "openapi.yaml")[1]
'api/openapi.yaml'
"""
from __future__ import annotations

import contextlib
import contextvars
from pathlib import Path

_ROOT: contextvars.ContextVar[Path | None] = contextvars.ContextVar("archkb_root", default=None)


@contextlib.contextmanager
def within(root):
    """Confine the files inputs name to ``root`` (None: no confinement) for a block."""
    token = _ROOT.set(Path(root).resolve() if root is not None else None)
    try:
        yield
    finally:
        _ROOT.reset(token)


def resolve(base, name: str) -> tuple[Path, str]:
    """``(path, display)`` of the file ``name`` relative to the folder ``base``; raises
    ``ValueError`` (saying why) when confined and it leaves the root."""
    root = _ROOT.get()
    base = Path(base)
    if root is None:
        path = Path(name) if Path(name).is_absolute() else (base / name).resolve()
        return path, name if Path(name).is_absolute() else str(base / name)
    if Path(name).is_absolute() or name.startswith("~"):
        raise ValueError("an absolute path is not allowed here")
    if not base.is_absolute():
        base = root / base
    path = (base / name).resolve()
    if not path.is_relative_to(root):
        raise ValueError("it leads outside the source folder")
    return path, path.relative_to(root).as_posix()
