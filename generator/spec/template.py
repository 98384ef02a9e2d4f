"""Spec, CloudFormation/SAM template, Terraform or CDK output? :func:`load_any` (a file or
folder) and :func:`load_any_text` (text) send it to the right builder.

A template is recognized by a top-level ``AWSTemplateFormatVersion``, ``Transform`` or
``Resources`` key. Templates use CloudFormation's short-form tags (``!Ref``, ``!GetAtt``,
``!Sub``...): they are read as the equivalent long-form JSON (``{"Ref": ...}``,
``{"Fn::GetAtt": [...]}``), so the importer sees the same data for YAML and JSON templates. A
spec never needs tags: a spec file that uses one is read again without them and fails with
the usual "unknown tag" error at its line. When :mod:`generator.importers` has its own reader
(``load_template``: JSON numbers, duplicate keys) the template goes through it.

>>> doc = load_document_text("Resources:\\n  Q: {Type: AWS::SQS::Queue}\\n"
...                          "Outputs: {U: {Value: !GetAtt Q.Arn}}\\n", "t.yaml")
>>> is_template(doc.data), doc.data["Outputs"]["U"]["Value"]
(True, {'Fn::GetAtt': ['Q', 'Arn']})
"""
from __future__ import annotations

import importlib
import re

from ..errors import InputError
from ..yamlsafe import Document, load
from .loader import spec_from_document
from .source import located, read_text

TEMPLATE_KEYS = ("AWSTemplateFormatVersion", "Transform", "Resources")
_FN_TAGS = ("And", "Base64", "Cidr", "Equals", "FindInMap", "ForEach", "GetAZs", "If",
            "ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub",
            "ToJsonString", "Transform")


def _long_form(name: str):
    def handler(tag: str, value):
        if name == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {"Ref" if name == "Ref" else "Condition" if name == "Condition"
                else f"Fn::{name}": value}
    return handler


def cfn_tags() -> dict:
    """Handlers for CloudFormation's short-form tags (``!Ref x`` -> ``{"Ref": "x"}``)."""
    tags = {f"!{name}": _long_form(name) for name in _FN_TAGS + ("GetAtt",)}
    tags["!Ref"] = _long_form("Ref")
    tags["!Condition"] = _long_form("Condition")
    return tags


def is_template(data) -> bool:
    """Whether loaded data is a CloudFormation/SAM template."""
    return isinstance(data, dict) and any(k in data for k in TEMPLATE_KEYS)


def load_document_text(text: str, file: str, duplicates: str = "error") -> Document:
    """Load text with the CloudFormation tags; if tags were used by a non-template, load it
    again without them (a spec has no tags: the error names the first one). ``duplicates``
    as in :func:`generator.yamlsafe.load`."""
    used: list[str] = []
    tags = {name: _recording(handler, used) for name, handler in cfn_tags().items()}
    doc = load(text, file, tags=tags, duplicates=duplicates)
    if used and not is_template(doc.data):
        doc = load(text, file, duplicates=duplicates)
    return doc


def _recording(handler, used: list):
    def wrapped(tag, value):
        used.append(tag)
        return handler(tag, value)
    return wrapped


_TEMPLATE_TEXT = re.compile(r'(?m)^(?:AWSTemplateFormatVersion|Transform|Resources)\s*:'
                            r'|"(?:AWSTemplateFormatVersion|Transform|Resources)"\s*:')


def looks_like_template(text: str) -> bool:
    """A cheap test on the text: a top-level template key at the start of a line, or a JSON
    one anywhere (a document in flow style is recognized once loaded)."""
    return bool(_TEMPLATE_TEXT.search(text))


def _importers(file: str, required: bool = True):
    """:mod:`generator.importers`, or (when this archkb has none) an InputError, or None when
    not ``required``."""
    try:
        return importlib.import_module("generator.importers")
    except ModuleNotFoundError as exc:
        if exc.name != "generator.importers":
            raise
        if not required:
            return None
        raise InputError("this is a CloudFormation/SAM template, but this archkb has no "
                         "template importer", file=file, line=1, column=1) from None


def _read_template(importers, text: str, file: str, allow_duplicate_keys: bool) -> Document:
    """The template document, read by the importer's own reader when it has one
    (``load_template``: JSON numbers, duplicate keys), else with the CloudFormation tags."""
    reader = getattr(importers, "load_template", None)
    if reader is not None:
        return reader(text, file, allow_duplicate_keys=allow_duplicate_keys)
    return load(text, file, tags=cfn_tags(),
                duplicates="last" if allow_duplicate_keys else "error")


def load_any_text(text: str, file: str, kb, allow_duplicate_keys: bool = False):
    """The spec in ``text`` (named ``file`` in errors and locations): a spec, or a template
    imported by :func:`generator.importers.spec_from_template`.

    Text that looks like a template is read once, by the importer's reader; anything else is
    a spec (a document that turns out to be a template after all is sent to the importer).
    A duplicate key is an error, also in a template, unless ``allow_duplicate_keys``: then a
    template keeps the last value, as CloudFormation does, and the duplicates are in
    ``spec.warnings``. A spec's duplicate keys are always errors.

    >>> from generator.kb import load_kb
    >>> text = "Resources:\\n  Q: {Type: AWS::SQS::Queue}\\n  Q: {Type: AWS::SNS::Topic}\\n"
    >>> spec = load_any_text(text, "t.yaml", load_kb(), allow_duplicate_keys=True)
    >>> [c.service for c in spec.components.values()], [w.line for w in spec.warnings]
    (['sns'], [3])
    """
    if looks_like_template(text):
        importers = _importers(file, required=False)
        if importers is not None:
            try:
                doc = _read_template(importers, text, file, allow_duplicate_keys)
            except InputError as exc:
                raise located(exc) from None
            if is_template(doc.data):
                return importers.spec_from_template(doc, kb)
    try:
        doc = load_document_text(text, file, "last" if allow_duplicate_keys else "error")
        if doc.warnings and not is_template(doc.data):
            doc = load_document_text(text, file)  # raises: a spec's duplicate key is an error
    except InputError as exc:
        raise located(exc) from None
    if not is_template(doc.data):
        return spec_from_document(doc, kb)
    importers = _importers(file)
    if getattr(importers, "load_template", None) is not None:
        doc = _read_template(importers, text, file, allow_duplicate_keys)
    return importers.spec_from_template(doc, kb)


def load_any(path, kb, allow_duplicate_keys: bool = False, **import_options):
    """The spec in ``path``: a Terraform module folder or ``.tf`` file, a Terraform plan, or
    a ``cdk.out`` folder goes through :func:`generator.importers.import_source` (with
    ``import_options``: ``show_internal``, ``group_by`` for CDK output); a file of text is
    read by :func:`load_any_text`."""
    from pathlib import Path

    if Path(path).is_dir() or str(path).endswith((".tf", ".tf.json", ".json")):
        importers = _importers(str(path), required=False)
        if importers is not None and (importers.source_kind(path) != "cloudformation"
                                      or import_options and Path(path).is_file()):
            return importers.import_source(path, kb, allow_duplicate_keys=allow_duplicate_keys,
                                           **import_options).spec
    text, name = read_text(path)
    return load_any_text(text, name, kb, allow_duplicate_keys=allow_duplicate_keys)
