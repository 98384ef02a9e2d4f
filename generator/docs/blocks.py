"""Turn one ```` ```archkb ```` block of a Markdown page into HTML: the diagram as inline SVG
and the lint findings as an admonition, or an error admonition naming page and line.

A block holds a spec (or a CloudFormation/SAM template) written inline, or one line
``file: path`` naming a spec or template relative to the docs folder. The path may not leave
that folder (``..``, absolute paths, symlinks pointing out are refused). YAML is read safely
(:mod:`generator.yamlsafe`): a tag such as ``!!python/object`` is an error, never a call.

>>> import tempfile, pathlib
>>> docs = pathlib.Path(tempfile.mkdtemp())
>>> safe_file(docs, "../secret.yaml", "index.md", 3)
Traceback (most recent call last):
...
generator.errors.InputError: index.md:3: file: '../secret.yaml' is outside the docs folder
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .fences import Block
from .layout import esc
from .specpages import SEVERITY_ORDER, location_text
from .svg import inline_svg

ADMONITION = {"error": "danger", "warning": "warning", "info": "info"}
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class BlockResult:
    html: str
    problems: list[str] = field(default_factory=list)  # build warnings: "page.md:12: ..."
    findings: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "file:line:col: warning: ..." (loading)


def safe_file(docs_dir: Path, name, page: str, line: int) -> Path:
    """The file a ``file:`` line names, if it is a file inside ``docs_dir``."""
    def fail(message: str) -> InputError:
        return InputError(message, file=page, line=line)

    if not isinstance(name, str) or not name.strip():
        raise fail("file: needs a path relative to the docs folder")
    name = name.strip()
    if "\x00" in name or name.startswith(("/", "\\", "~")) or _DRIVE.match(name):
        raise fail(f"file: {name!r} must be a path relative to the docs folder")
    from ..limits import get

    try:
        root = Path(docs_dir).resolve()
        path = (root / name).resolve()
        if not path.is_relative_to(root):
            raise fail(f"file: {name!r} is outside the docs folder")
        if not (path.is_file() or path.is_dir()):  # a folder: Terraform or cdk.out
            raise fail(f"file: {name!r} does not exist in the docs folder")
        size = path.stat().st_size
    except (OSError, RuntimeError, ValueError) as exc:  # ENAMETOOLONG, ELOOP, EACCES...
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise fail(f"file: {name!r} cannot be read: {reason}") from None
    if size > get("max_file_bytes"):
        raise fail(f"file: {name!r} is larger than the limit of {get('max_file_bytes'):,} "
                   "bytes (raise it with ARCHKB_MAX_FILE_BYTES)")
    return path


def _reference(block: Block, page: str):
    """The ``file:`` value and its line if the block is a file reference, else None."""
    from ..yamlsafe import load

    try:
        doc = load("\n" * (block.first_line - 1) + block.text, page)
    except InputError:
        return None  # not plain YAML (a template with !Ref...): the spec loader will say
    data = doc.data
    if not isinstance(data, dict) or "file" not in data:
        return None
    line = (doc.mark(("file",), key=True) or (block.first_line, 1))[0]
    extra = [k for k in data if k != "file"]
    if extra:
        raise InputError(f"a 'file:' block holds only the file line (found {extra[0]!r})",
                         file=page, line=(doc.mark((extra[0],), key=True) or (line,))[0])
    return data["file"], line


def _error_html(message: str) -> str:
    return ('<div class="admonition failure archkb-error"><p class="admonition-title">archkb '
            f"block error</p><p>{esc(message)}</p></div>")


def findings_admonition(findings: list[dict]) -> str:
    """The findings as an admonition typed by the most severe one ("" when none)."""
    if not findings:
        return ""
    worst = min((f["severity"] for f in findings), key=SEVERITY_ORDER.index)
    items = "".join(
        f'<li><strong>{esc(f["severity"])} {esc(f["rule"])}</strong> '
        f'<code>{esc(location_text(f["location"]))}</code>: {esc(f["message"])}</li>'
        for f in findings)
    n = len(findings)
    return (f'<div class="admonition {ADMONITION.get(worst, "note")} archkb-findings">'
            f'<p class="admonition-title">archkb lint: {n} finding{"s" if n != 1 else ""}</p>'
            f"<ul>{items}</ul></div>")


def render_block(block: Block, page: str, docs_dir: Path, run, number: int) -> BlockResult:
    """HTML for ``block`` of ``page`` (its path in the docs folder). ``run(text, name,
    real=None)`` loads, lints and renders a spec (:func:`generator.docs.jobs.spec_job`,
    cached); ``real`` is the path of a ``file:`` block's file."""
    where = f"{page}:{block.first_line - 1}"
    if not block.closed:
        message = f"{where}: the ```archkb block is not closed"
        return BlockResult(_error_html(message), [message])
    if not block.text.strip():
        message = f"{where}: the ```archkb block is empty (write a spec or 'file: path')"
        return BlockResult(_error_html(message), [message])
    try:
        ref = _reference(block, page)
        if ref is None:
            result = run("\n" * (block.first_line - 1) + block.text, page)
        else:
            path = safe_file(docs_dir, ref[0], page, ref[1])
            from .specload import read_source

            display = path.relative_to(Path(docs_dir).resolve()).as_posix()
            result = run(read_source(path, display), display, str(path))
    except InputError as exc:
        return BlockResult(_error_html(str(exc)), [str(exc)])
    if not result["ok"]:
        message = location_text(result["error"]) + ": " + result["error"]["message"]
        if ref is not None:
            message += f" (in the archkb block at {where})"
        return BlockResult(_error_html(message), [message])
    if not result.get("svg"):
        message = f"{where}: the diagram could not be drawn: {result.get('render_error')}"
        return BlockResult(_error_html(message), [message])
    svg = inline_svg(result["svg"], f"archkb{number}")
    html = (f'<div class="archkb-diagram" style="overflow-x:auto">{svg}</div>\n'
            + findings_admonition(result.get("findings", [])))
    warnings = [f"{location_text(w)}: warning: {w['message']}" if location_text(w)
                else f"warning: {w['message']}" for w in result.get("warnings", [])]
    return BlockResult(html, [], result.get("findings", []), warnings)
