"""Spec or CloudFormation/SAM template? :func:`load_any` reads a file once and sends it to the
right builder.

A template is recognized by a top-level ``AWSTemplateFormatVersion``, ``Transform`` or
``Resources`` key. Templates use CloudFormation's short-form tags (``!Ref``, ``!GetAtt``,
``!Sub``...): they are read as the equivalent long-form JSON (``{"Ref": ...}``,
``{"Fn::GetAtt": [...]}``), so the importer sees the same data for YAML and JSON templates. A
spec never needs tags: a spec file that uses one is read again without them and fails with
the usual "unknown tag" error at its line. When :mod:`generator.importers` has its own reader
(``load_template``: JSON numbers, duplicate keys as warnings) the template goes through it.

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


def load_document_text(text: str, file: str) -> Document:
    """Load text with the CloudFormation tags; if tags were used by a non-template, load it
    again without them (a spec has no tags: the error names the first one)."""
    used: list[str] = []
    tags = {name: _recording(handler, used) for name, handler in cfn_tags().items()}
    doc = load(text, file, tags=tags)
    if used and not is_template(doc.data):
        doc = load(text, file)
    return doc


def _recording(handler, used: list):
    def wrapped(tag, value):
        used.append(tag)
        return handler(tag, value)
    return wrapped


_TEMPLATE_TEXT = re.compile(r'(?m)^(?:AWSTemplateFormatVersion|Transform|Resources)\s*:'
                            r'|"(?:AWSTemplateFormatVersion|Transform|Resources)"\s*:')


def looks_like_template(text: str) -> bool:
    """A cheap test on the text, for files that do not load as YAML as they are (a template
    with a duplicate key, which CloudFormation accepts and the importer reports)."""
    return bool(_TEMPLATE_TEXT.search(text))


def _importers(file: str):
    try:
        return importlib.import_module("generator.importers")
    except ModuleNotFoundError as exc:
        if exc.name != "generator.importers":
            raise
        raise InputError("this is a CloudFormation/SAM template, but this archkb has no "
                         "template importer", file=file, line=1, column=1) from None


def load_any(path, kb):
    """The spec in ``path``: a spec file, or a template imported by
    :func:`generator.importers.spec_from_template` (which reads it again with its own reader,
    when it has one, to keep its handling of JSON and duplicate keys)."""
    text, name = read_text(path)
    try:
        doc = load_document_text(text, name)
    except InputError as exc:
        if not looks_like_template(text):
            raise located(exc) from None
        doc = None
    if doc is not None and not is_template(doc.data):
        return spec_from_document(doc, kb)
    importers = _importers(name)
    reader = getattr(importers, "load_template", None)
    if reader is not None:
        doc = reader(text, name)
    elif doc is None:
        try:
            load(text, name, tags=cfn_tags())
        except InputError as exc:
            raise located(exc) from None
    return importers.spec_from_template(doc, kb)
