"""Atomic file writes: a temp file in the same folder, then an atomic rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> write_atomic(p, b"hi"); p.read_bytes()
    b'hi'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_page(argv: list[str], text: str) -> int:
    """A page generator's ``main``: write ``text`` atomically to the path in ``argv``, or print
    it when no path is given; returns the exit code.

    >>> write_page([], "hello\\n")
    hello
    0
    """
    import sys

    if argv:
        write_atomic(argv[0], text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
