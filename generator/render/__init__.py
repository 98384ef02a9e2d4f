"""Diagrams from a spec: png, svg, pdf (through Graphviz), dot and mermaid (text).

:func:`render_spec` builds the render model (:mod:`generator.render.model`), writes DOT and
Mermaid text, runs Graphviz once for the image formats, makes the SVG self-contained, and
writes every file atomically as ``<spec stem>.<ext>`` (``.mmd`` for mermaid).

>>> from generator.kb import load_kb
>>> from generator.spec import spec_from_document
>>> from generator.yamlsafe import load
>>> kb = load_kb()
>>> spec = spec_from_document(load("archkb: 1\\ncomponents: {fn: {service: lambda}}\\n", "s.yaml"), kb)
>>> print(to_dot(spec, kb).splitlines()[6])
  "fn" [label="fn", tooltip="fn (AWS Lambda)", image="resources/aws/compute/lambda.png"]
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError, MissingDependencyError

FORMATS = ("png", "svg", "pdf", "dot", "mermaid")
EXTENSIONS = {"png": "png", "svg": "svg", "pdf": "pdf", "dot": "dot", "mermaid": "mmd"}
FORMAT_ALIASES = {"mmd": "mermaid", "gv": "dot"}
DEFAULT_FORMATS = ("svg", "png")

__all__ = ["DEFAULT_FORMATS", "EXTENSIONS", "FORMATS", "parse_formats", "render_spec",
           "to_dot", "to_mermaid"]


def parse_formats(values) -> list[str]:
    """Formats from ``-f`` values (comma-separated, repeatable), in order, without duplicates.

    >>> parse_formats(["svg,PNG", "mmd", "svg"])
    ['svg', 'png', 'mermaid']
    """
    result: list[str] = []
    for value in values:
        for item in str(value).split(","):
            name = item.strip().lower()
            if not name:
                continue
            name = FORMAT_ALIASES.get(name, name)
            if name not in FORMATS:
                raise InputError(f"unknown format {item.strip()!r}; choose from "
                                 f"{', '.join(FORMATS)}")
            if name not in result:
                result.append(name)
    return result


def to_dot(spec, kb, findings=None) -> str:
    """The DOT text of a spec (node ids are the component ids; deterministic), with numbered
    badges for ``findings`` (lint :class:`~generator.lint.Finding` records) when given."""
    from .dot import to_dot as _dot
    from .model import build

    model = build(spec, kb)
    return _dot(model, _overlay(model, spec, findings))


def to_mermaid(spec, kb, findings=None) -> str:
    """The Mermaid flowchart of a spec (deterministic), with ``findings`` as for to_dot."""
    from .mermaid import to_mermaid as _mermaid
    from .model import build

    model = build(spec, kb)
    return _mermaid(model, _overlay(model, spec, findings))


def _overlay(model, spec, findings):
    if findings is None:
        return None
    from .badges import findings_overlay

    return findings_overlay(model, findings, spec)


def render_spec(spec, kb, formats, outdir, legend: bool | None = None, on_draw=None,
                findings=None, overlay=None, model=None, stem: str | None = None,
                force: bool = False) -> list[Path]:
    """Write the diagrams of ``spec`` into ``outdir``; returns the paths, in format order.

    ``findings`` draws numbered badges (``render --findings``); ``model`` and ``overlay``
    draw a prepared model (the union diagram of ``diff``); ``stem`` names the files.
    Every file is computed before any is written, so a failure (Graphviz error) leaves the
    earlier files in place. Without Graphviz the text formats are still written, then
    :class:`~generator.errors.MissingDependencyError` (exit 3) is raised. ``legend`` True or
    False overrides the spec's ``legend:``. ``on_draw`` (no arguments) is called once, just
    after Graphviz starts drawing (or when the text is ready, without image formats): work
    started there in a thread, such as lint, runs while Graphviz draws instead of before it,
    and does not hold up the start of Graphviz. A read-only
    output file is replaced only with ``force``.
    """
    from ..fsutil import write_atomic
    from .backend import IMAGE_FORMATS, RenderError, run_dot
    from .dot import to_dot as _dot
    from .mermaid import to_mermaid as _mermaid
    from .model import build
    from .svg import embed_icons

    formats = parse_formats(formats) if not isinstance(formats, (list, tuple)) \
        else parse_formats(list(formats))
    model = model if model is not None else build(spec, kb, legend=legend)
    if overlay is None:
        overlay = _overlay(model, spec, findings)
    dot_text = _dot(model, overlay)
    data: dict[str, bytes] = {}
    if "dot" in formats:
        data["dot"] = dot_text.encode("utf-8")
    if "mermaid" in formats:
        data["mermaid"] = _mermaid(model, overlay).encode("utf-8")
    images = [f for f in formats if f in IMAGE_FORMATS]
    missing: MissingDependencyError | None = None
    if images:
        try:
            data.update(run_dot(dot_text, images, on_start=on_draw, nodes=len(model.nodes)))
        except MissingDependencyError as exc:
            missing = exc
        except RenderError as exc:
            raise RenderError(f"{spec.file}: {exc}") from None
        else:
            if "svg" in data:
                from .icons import icon_root

                root = icon_root()
                data["svg"] = embed_icons(data["svg"], root) if root else data["svg"]
    if on_draw is not None and (not images or missing is not None):
        on_draw()  # no Graphviz run to start it (run_dot finds dot before it calls on_draw)
    outdir = Path(outdir)
    stem = stem or Path(spec.file).stem
    written = []
    for fmt in formats:
        if fmt in data:
            path = outdir / f"{stem}.{EXTENSIONS[fmt]}"
            try:
                write_atomic(path, data[fmt], force=force)
            except OSError as exc:
                raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
            written.append(path)
    if missing is not None:
        raise missing
    return written
