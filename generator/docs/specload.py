"""Load a spec or a CloudFormation/SAM template from text, under a name of our choosing.

This is :func:`generator.spec.load_any` for text: the docs build names files by their place
in the source folder, and the MkDocs plugin loads fenced blocks whose line numbers must be
the page's. YAML is read by :mod:`generator.yamlsafe` only (no tag builds an object, aliases
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


def load_text(text: str, file: str, kb):
    """The :class:`~generator.spec.model.Spec` in ``text`` (a spec or a template).

    A template goes through the importer's reader (:func:`generator.importers.load_template`:
    CloudFormation tags, duplicate keys kept last-wins as warnings, as CloudFormation does)
    and :func:`generator.importers.spec_from_template`; a spec through
    :func:`generator.spec.spec_from_document`, as :func:`generator.spec.load_any` does.
    """
    from ..spec import spec_from_document
    from ..spec.template import is_template, load_document_text, looks_like_template

    if looks_like_template(text):
        try:
            from ..importers import load_template, spec_from_template
        except ImportError:
            raise InputError("this is a CloudFormation/SAM template, but this archkb has no "
                             "template importer", file=file, line=1, column=1) from None
        doc = load_template(text, file)
        if is_template(doc.data):
            return spec_from_template(doc, kb)
    return spec_from_document(load_document_text(text, file), kb)


def read_text(path: Path, display: str) -> str:
    """The UTF-8 text of a file; unreadable or binary files are a located InputError."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=display) from None
    return decode(raw, display)
