"""Reading inputs with bounds, and writing outputs atomically without surprises.

- :func:`read_input` reads only regular files (a FIFO, a device or a folder is refused
  without blocking) and at most the ``max_file_bytes`` limit (:mod:`generator.limits`).
- :func:`write_atomic` writes a temp file in the same folder, then renames it: readers see the
  old file or the new one, never half. The new file gets the mode the umask gives (or keeps the
  mode of the file it replaces); a symlink is written through (its target is replaced), and a
  read-only file is not replaced unless ``force``; a failed write leaves no temp file.
- :func:`write_output` is :func:`write_atomic` for a file the user named with ``-o``: the
  folder must exist, and every failure is an :class:`~generator.errors.InputError`
  "cannot write PATH" (exit 2).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError


def read_input(path, display: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_file_bytes``; anything else is a located
    :class:`InputError`.

    >>> read_input("/dev/zero", "z.yaml")
    Traceback (most recent call last):
    ...
    generator.errors.InputError: z.yaml: not a regular file (a device, FIFO or folder): refused
    """
    from . import limits

    name = display or str(path)
    limit = limits.get("max_file_bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}",
                         file=name) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file (a device, FIFO or folder): refused", file=name)
        too_big = InputError(f"file is larger than the limit of {limit:,} bytes (raise it with "
                             f"ARCHKB_MAX_FILE_BYTES or --limit max_file_bytes=N)", file=name)
        if st.st_size > limit:
            raise too_big
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    if len(data) > limit:
        raise too_big
    return data


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path, data: bytes, force: bool = False, parents: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring); raises ``OSError``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> write_atomic(p, b"hi"); p.read_bytes()
    b'hi'
    >>> p.chmod(0o444); write_atomic(p, b"again")
    Traceback (most recent call last):
    ...
    PermissionError: [Errno 13] the file is read-only (use --force to replace it): ...
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # write through the link: its target changes
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    else:
        if not force and not mode & stat.S_IWUSR:
            raise PermissionError(13, "the file is read-only (use --force to replace it)",
                                  str(path))
    import tempfile  # here, not at the top: a cold query never writes

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
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


def write_output(path, data: bytes, force: bool = False) -> None:
    """Write a file the user asked for (``-o PATH``); failures are ``cannot write PATH``.

    >>> write_output("/nonexistent-dir/x.json", b"{}")
    Traceback (most recent call last):
    ...
    generator.errors.InputError: cannot write /nonexistent-dir/x.json: the folder /nonexistent-dir does not exist
    """
    path = Path(path)
    parent = path.parent
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {parent} does not exist")
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    try:
        write_atomic(path, data, force=force, parents=False)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
