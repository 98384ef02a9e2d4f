"""Run Graphviz ``dot`` once for all the image formats of a diagram.

The DOT text goes in on stdin. One format comes back on stdout; several are written to a
private temporary folder (``-T``/``-o`` pairs, one layout for all), read back, and the folder
removed. Icon paths in the DOT text are relative: ``-Gimagepath`` points Graphviz at the
``diagrams`` install.

A png of up to :data:`FIT_NODES` nodes gets a quick layout-only run first (``-Tplain``),
to pick the ``pad`` that makes the canvas a whole number of pixels (:func:`whole_pixel_pad`).
Otherwise Graphviz's background stops part-way into the last row or column (in five of the
seven examples), that row is part transparent, and the png carries an alpha channel: about a
tenth larger and a quarter slower to encode. The extra run costs about 15 ms: a few percent of
a small diagram's render, less than it saves on a large one. Past a few hundred nodes layout
time grows faster than the picture's, and such a png keeps the plain pad.

``dot`` runs with a time limit (``dot_timeout`` in :mod:`generator.limits`, 120 s): past it,
or when archkb is interrupted (SIGINT, or SIGTERM turned into an exit by
:func:`generator.procs.exit_on_sigterm`), the child is killed and waited for, and the temporary
folder is removed; if archkb is killed outright, the kernel kills ``dot`` with it
(:func:`generator.procs.death_signal`).
"""
from __future__ import annotations

import math
import subprocess
from pathlib import Path

from ..errors import ArchkbError
from ..system import require_dot
from .dot import GRAPH_ATTRS
from .icons import icon_root

IMAGE_FORMATS = ("png", "svg", "pdf")
PNG_DPI = 96
"""Graphviz's resolution for png (cairo's default; archkb's DOT never sets ``dpi``)."""
PAD_INCHES = float(GRAPH_ATTRS["pad"])
"""The least margin around a drawing: the ``pad`` archkb's DOT sets."""
FIT_NODES = 250
"""Diagrams with up to this many nodes get the whole-pixel png canvas (module docstring)."""
CAIRO_MAX = 32767


class RenderError(ArchkbError):
    """Graphviz failed on a diagram (exit 2: the message says what Graphviz reported)."""


def run_dot(dot_text: str, formats: list[str], on_start=None, nodes: int = 1) -> dict[str, bytes]:
    """The bytes of each image format; raises MissingDependencyError without Graphviz.
    ``on_start`` (no arguments) is called once the drawing ``dot`` has started; ``nodes``, the
    number of nodes drawn, decides the whole-pixel canvas of a png."""
    exe = require_dot()
    args = [exe]
    root = icon_root()
    if root is not None:
        args.append(f"-Gimagepath={root}")
    if "png" in formats and nodes <= FIT_NODES:
        pad = whole_pixel_pad(_run(args + ["-Tplain"], dot_text, None))
        if pad:
            args.append(f"-Gpad={pad}")
    if len(formats) == 1:  # one format: straight from stdout
        return {formats[0]: _run(args + [f"-T{formats[0]}"], dot_text, None, on_start)}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="archkb-render-") as tmp:
        outputs = {fmt: Path(tmp) / f"diagram.{fmt}" for fmt in formats}
        for fmt, path in outputs.items():
            args += [f"-T{fmt}", f"-o{path}"]
        _run(args, dot_text, tmp, on_start)
        missing = [fmt for fmt, path in outputs.items() if not path.is_file()]
        if missing:
            raise RenderError(f"Graphviz dot wrote no {', '.join(missing)} output")
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}


def whole_pixel_pad(plain: bytes) -> str | None:
    """``-Gpad`` (x,y inches) from the output of ``dot -Tplain`` (its first line is ``graph
    SCALE WIDTH HEIGHT``, in inches) that puts each side of the png canvas a quarter pixel
    inside the background, with at least :data:`PAD_INCHES` of margin; None for output it
    cannot use or a drawing too large for cairo (which scales those down).

    >>> pad = whole_pixel_pad(b"graph 1 14.292 15.653\\nnode a 1 1 1 1 a\\n"); pad
    '0.501135,0.502927'
    >>> [round((float(p) * 2 + s) * 96, 2) for p, s in zip(pad.split(","), (14.292, 15.653))]
    [1468.25, 1599.25]
    >>> whole_pixel_pad(b"stop"), whole_pixel_pad(b"graph x 1 2")
    (None, None)
    """
    first = plain.split(b"\n", 1)[0].split()
    if len(first) != 4 or first[0] != b"graph":
        return None
    try:
        scale, width, height = (float(v) for v in first[1:])
    except ValueError:
        return None
    if scale != 1:
        return None
    pads = []
    for side in (width, height):
        pixels = math.ceil((side + 2 * PAD_INCHES) * PNG_DPI - 0.25)
        if pixels >= CAIRO_MAX:
            return None
        pads.append(((pixels + 0.25) / PNG_DPI - side) / 2)
    return ",".join(f"{p:.6f}" for p in pads)


def _run(args: list[str], dot_text: str, cwd, on_start=None) -> bytes:
    from ..limits import get
    from ..procs import death_signal

    timeout = get("dot_timeout")
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=cwd, preexec_fn=death_signal())
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz dot: {exc}") from None
    try:
        if on_start is not None:
            on_start()
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
