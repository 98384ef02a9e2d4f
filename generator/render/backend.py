"""Run Graphviz ``dot`` once for all the image formats of a diagram.

The DOT text goes in on stdin. One format comes back on stdout; several are written to a
private temporary folder (``-T``/``-o`` pairs, one layout for all), read back, and the folder
removed. Icon paths in the DOT
text are relative: ``-Gimagepath`` points Graphviz at the ``diagrams`` install.

``dot`` runs with a time limit (``dot_timeout`` in :mod:`generator.limits`, 120 s): past it,
or when archkb is interrupted (SIGINT, or SIGTERM turned into an exit by
:func:`generator.procs.exit_on_sigterm`), the child is killed and waited for, and the temporary
folder is removed; if archkb is killed outright, the kernel kills ``dot`` with it
(:func:`generator.procs.die_with_parent`).
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
    from ..limits import get
    from ..procs import die_with_parent

    timeout = get("dot_timeout")
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=cwd, preexec_fn=die_with_parent)
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot: {exc}") from None
    try:
        stdout, stderr = proc.communicate(dot_text.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz dot took more than {timeout} s to lay out the diagram "
                          "(raise the limit with ARCHKB_DOT_TIMEOUT or --limit dot_timeout=N)"
                          ) from None
    finally:  # a timeout, a signal turned into an exception, Ctrl-C: dot does not live on
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        errors = [line for line in detail if not line.startswith("Warning:")] or detail
        raise RenderError("Graphviz dot failed: " + (" ".join(errors[-3:]) or
                                                     f"exit status {proc.returncode}"))
    return stdout
