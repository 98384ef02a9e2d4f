"""Architecture specs (format v1): loading with file:line:column errors, kind inference, and
the JSON Schema generated from the KB.

>>> from generator.kb import load_kb
>>> from generator.yamlsafe import load
>>> doc = load("archkb: 1\\ncomponents:\\n  q: {service: sqs}\\n  fn: {service: lambda}\\n"
...            "connections:\\n  - {from: q, to: fn}\\n", "s.yaml")
>>> spec = spec_from_document(doc, load_kb())
>>> c = spec.connections[0]
>>> (c.kind, c.mode, c.via)
('triggers', 'poll', 'event-source-mapping')
"""
from __future__ import annotations

from .model import Component, Connection, Group, Location, Spec

__all__ = ["Component", "Connection", "Group", "Location", "Spec", "load_any", "load_any_text",
           "load_spec", "spec_from_document", "spec_json_schema"]


def load_spec(path, kb) -> Spec:
    """Read and validate a spec file; every error is an InputError at file:line:column."""
    from .loader import load_spec as _load

    return _load(path, kb)


def spec_from_document(doc, kb) -> Spec:
    """A :class:`Spec` from an already loaded :class:`generator.yamlsafe.Document`."""
    from .loader import spec_from_document as _build

    return _build(doc, kb)


def load_any(path, kb, allow_duplicate_keys: bool = False, **import_options) -> Spec:
    """A spec from a spec file, a CloudFormation/SAM template (detected by its keys), a
    Terraform module folder or plan, or CDK output (``import_options``: ``group_by``,
    ``show_internal``).

    A duplicate key is an error; ``allow_duplicate_keys`` lets a template keep the last value
    (as CloudFormation does), each duplicate then in ``spec.warnings``.
    """
    from .template import load_any as _load_any

    return _load_any(path, kb, allow_duplicate_keys=allow_duplicate_keys, **import_options)


def load_any_text(text: str, file: str, kb, allow_duplicate_keys: bool = False) -> Spec:
    """Like :func:`load_any`, for text already read (``file`` names it in errors)."""
    from .template import load_any_text as _load_any_text

    return _load_any_text(text, file, kb, allow_duplicate_keys=allow_duplicate_keys)


def spec_json_schema(kb) -> dict:
    """The JSON Schema of the spec format, generated from the KB."""
    from .schema import spec_json_schema as _schema

    return _schema(kb)
