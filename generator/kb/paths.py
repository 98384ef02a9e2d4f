"""Where KB directories are: the built-in one, overlays from ``--kb`` and ``ARCHKB_KB_PATH``."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError

ENV_VAR = "ARCHKB_KB_PATH"


def builtin_kb_dir() -> Path:
    """The KB shipped with archkb: ``kb/`` beside the package in a checkout, else the copy
    installed inside the package (``generator/_kb``)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "kb", here / "_kb"):
        if (candidate / "sources.yaml").is_file():
            return candidate
    raise InputError(f"the built-in knowledge base is missing (looked in {here.parent / 'kb'})")


def overlay_dirs(extra: tuple | list = ()) -> list[Path]:
    """Overlay directories: ``ARCHKB_KB_PATH`` (os.pathsep-separated) first, then ``--kb`` ones."""
    dirs = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    dirs += [str(p) for p in extra]
    result = []
    for d in dirs:
        path = Path(d).expanduser()
        if not path.is_dir():
            raise InputError(f"KB directory not found: {d}")
        result.append(path.resolve())
    return result


def kb_files(root: Path) -> list[Path]:
    """The YAML files of one KB directory, sorted (sources files first)."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "schema")
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                files.append(Path(dirpath) / name)
    return sorted(files, key=lambda p: (not is_sources_file(p, root), str(p)))


def is_sources_file(path: Path, root: Path) -> bool:
    """``sources.yaml`` or ``sources-<topic>.yaml`` at the root of a KB directory."""
    return path.parent == root and path.stem.split("-")[0] == "sources"


VOCABULARY_FILE = "vocabulary"


def is_vocabulary_file(path: Path, root: Path) -> bool:
    """``vocabulary.yaml`` at the root of a KB directory: question words, not a node.

    >>> is_vocabulary_file(Path("kb/vocabulary.yaml"), Path("kb"))
    True
    >>> is_vocabulary_file(Path("kb/services/vocabulary.yaml"), Path("kb"))
    False
    """
    return path.parent == root and path.stem == VOCABULARY_FILE
