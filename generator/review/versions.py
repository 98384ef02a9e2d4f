"""Read one version of an architecture for ``diff``: a file (spec, CloudFormation/SAM
template, or anything else :func:`generator.spec.load_any` reads), or ``REV:path``, the file
as committed in git (``git cat-file``; no shell, no checkout, nothing written).

``REV:path`` follows git's rules: the path is from the top of the repository, or from the
current folder when it starts with ``./`` or ``../`` (``HEAD~1:./orders.yaml``).

>>> split_revision("HEAD~1:specs/orders.yaml")
('HEAD~1', 'specs/orders.yaml')
>>> split_revision("specs/orders.yaml") is None
True
"""
from __future__ import annotations

import os
import re
import subprocess

from ..errors import InputError, MissingDependencyError

MAX_BYTES = 20 * 1024 * 1024
"""A committed file larger than this is refused (a spec or template is far smaller)."""
_REV = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_./@{}~^-]*):(.+)$")


def split_revision(arg: str) -> tuple[str, str] | None:
    """``(rev, path)`` when ``arg`` is ``REV:path`` (and not a file that exists)."""
    if os.path.exists(arg):
        return None
    m = _REV.match(arg)
    if m is None or re.match(r"^[A-Za-z]:[\\/]", arg):  # a Windows drive, not a revision
        return None
    return m.group(1), m.group(2)


def git_show(rev: str, path: str, cwd: str | None = None) -> str:
    """The text of ``path`` at ``rev`` (UTF-8), or an InputError that says why not."""
    from ..yamlsafe import decode

    arg = f"{rev}:{path}"
    try:
        proc = subprocess.run(["git", "cat-file", "blob", arg], capture_output=True,
                              cwd=cwd, timeout=60)
    except FileNotFoundError:
        raise MissingDependencyError(f"{arg}: reading a file from a git revision needs git "
                                     "(install it: apt-get install -y git)") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"{arg}: cannot run git: {exc}") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{arg}: git cannot read it ({detail[-1] if detail else 'unknown'})")
    if len(proc.stdout) > MAX_BYTES:
        raise InputError(f"{arg}: {len(proc.stdout):,} bytes is too large for a spec or template")
    return decode(proc.stdout, arg)


def load_version(arg: str, kb, allow_duplicate_keys: bool = False):
    """The spec of one version: ``REV:path`` from git, else the file ``arg``."""
    from ..spec import load_any, load_any_text
    from ..spec.source import located

    revision = split_revision(arg)
    if revision is None:
        return load_any(arg, kb, allow_duplicate_keys=allow_duplicate_keys)
    text = git_show(*revision)
    try:
        return load_any_text(text, arg, kb, allow_duplicate_keys=allow_duplicate_keys)
    except InputError as exc:
        raise located(exc) from None
