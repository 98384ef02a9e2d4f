"""Run Graphviz ``dot`` once for all the image formats of a diagram.

The DOT text goes in on stdin. One format comes back on stdout; several are written to a
private temporary folder (``-T``/``-o`` pairs, one layout for all), read back, and the folder
removed. Icon paths in the DOT
text are relative: ``-Gimagepath`` points Graphviz at the ``diagrams`` install.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..errors import ArchkbError
from ..system import require_dot
from .icons import icon_root

IMAGE_FORMATS = ("png", "svg", "pdf")


class RenderError(ArchkbError):
    """Graphviz failed on a diagram (exit 2: the message says what Graphviz reported)."""


def run_dot(dot_text: str, formats: list[str]) -> dict[str, bytes]:
    """The bytes of each image format; raises MissingDependencyError without Graphviz."""
    exe = require_dot()
    args = [exe]
    root = icon_root()
    if root is not None:
        args.append(f"-Gimagepath={root}")
    if len(formats) == 1:  # one format: straight from stdout
        return {formats[0]: _run(args + [f"-T{formats[0]}"], dot_text, None)}
    with tempfile.TemporaryDirectory(prefix="archkb-render-") as tmp:
        outputs = {fmt: Path(tmp) / f"diagram.{fmt}" for fmt in formats}
        for fmt, path in outputs.items():
            args += [f"-T{fmt}", f"-o{path}"]
        _run(args, dot_text, tmp)
        missing = [fmt for fmt, path in outputs.items() if not path.is_file()]
        if missing:
            raise RenderError(f"Graphviz dot wrote no {', '.join(missing)} output")
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}


def _run(args: list[str], dot_text: str, cwd) -> bytes:
    try:
        proc = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True, cwd=cwd)
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot: {exc}") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        errors = [line for line in detail if not line.startswith("Warning:")] or detail
        raise RenderError("Graphviz dot failed: " + (" ".join(errors[-3:]) or
                                                     f"exit status {proc.returncode}"))
    return proc.stdout
