"""Load a spec or a CloudFormation/SAM template from text, under a name of our choosing (and
Terraform folders and plans, and CDK output, from their path: :func:`load_source`).

This is :func:`generator.spec.load_any_text` under names of the docs' choosing: the docs build
names files by their place in the source folder, and the MkDocs plugin loads fenced blocks
whose line numbers must be the page's. YAML is read by :mod:`generator.yamlsafe` only (no tag builds an object, aliases
are bounded); nothing in the text is ever executed.

>>> from generator.kb import load_kb
>>> spec = load_text("archkb: 1\\ncomponents: {fn: {service: lambda}}\\n", "page.md", load_kb())
>>> spec.components["fn"].service, spec.file
('lambda', 'page.md')
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..yamlsafe import decode


def load_text(text: str, file: str, kb, allow_duplicate_keys: bool = False):
    """The :class:`~generator.spec.model.Spec` in ``text`` (a spec or a template), by
    :func:`generator.spec.load_any_text`: a template goes through the importer (CloudFormation
    tags; a duplicate key is an error unless ``allow_duplicate_keys``, which keeps the last
    value as CloudFormation does), a spec through the spec loader.
    """
    from ..spec import load_any_text

    return load_any_text(text, file, kb, allow_duplicate_keys=allow_duplicate_keys)


def imported_kind(real: str | None) -> str | None:
    """``terraform``, ``terraform-plan`` or ``cdk`` when the file or folder ``real`` is one of
    those sources (read from its path, not its text), else None."""
    if not real:
        return None
    path = Path(real)
    if not (path.is_dir() or path.name.endswith((".tf", ".tf.json", ".json"))):
        return None
    from ..importers import source_kind

    kind = source_kind(path)
    return None if kind == "cloudformation" else kind


def load_source(text: str, file: str, kb, real: str | None = None,
                allow_duplicate_keys: bool = False):
    """Like :func:`load_text`, but a Terraform folder or plan, or a ``cdk.out`` folder, at
    ``real`` is imported from there (its text is only shown)."""
    if imported_kind(real):
        from ..importers import import_source

        return import_source(real, kb, display=file).spec
    return load_text(text, file, kb, allow_duplicate_keys)


def read_source(path: Path, display: str, root: Path | None = None,
                limit: int = 2_000_000) -> str:
    """The text shown for a source: a file's text, or a Terraform folder's ``.tf`` files one
    after the other, each under a comment naming it (``root``: as in :func:`read_text`)."""
    path = Path(path)
    if not path.is_dir():
        return read_text(path, display, root)
    from ..importers.terraform.module import tf_files

    parts, size = [], 0
    for file in tf_files(path):
        text = read_text(file, f"{display}/{file.name}", root)
        size += len(text)
        if size > limit:
            parts.append("# ... (more files not shown)\n")
            break
        parts.append(f"# ---- {file.name} ----\n{text}")
    return "\n".join(parts)


def read_text(path: Path, display: str, root: Path | None = None) -> str:
    """The UTF-8 text of a regular file (:func:`generator.fsutil.read_input`: bounded, no
    FIFO or device); unreadable or binary files are a located InputError. With ``root``, a
    file whose real path (through symlinks) leaves ``root`` is refused, so a symlinked
    ``.env`` is never published."""
    from ..fsutil import read_input

    if root is not None:
        try:
            real = Path(path).resolve()
            inside = real.is_relative_to(Path(root).resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            raise InputError("the file is a symbolic link that leads outside the source "
                             "folder: refused", file=display, line=1, column=1)
    return decode(read_input(path, display), display)
