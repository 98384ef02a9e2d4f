"""Read a CloudFormation/SAM template (YAML or JSON) into a located :class:`Document`.

YAML goes through :mod:`generator.yamlsafe` with the CloudFormation tags mapped to their long
form. A duplicate key is reported, not fatal: CloudFormation itself deploys such a template
and keeps the last value, so the importer does the same and lists each duplicate, with its
line, in ``doc.warnings`` (a list of :class:`InputError`). A JSON template is JSON text, which is YAML too; it is loaded the same way (for line
marks and duplicate-key errors) and then takes its values from :mod:`json`, so that ``1e5`` is
a number as JSON says, not the string YAML 1.1 would make of it.

>>> doc = load_template('AWSTemplateFormatVersion: 2010-09-09\\nResources: {}\\n', "t.yaml")
>>> doc.data["AWSTemplateFormatVersion"], is_template(doc.data)
('2010-09-09', True)
>>> load_template('{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": '
...               '{"DelaySeconds": 1e1}}}}', "t.json").data["Resources"]["Q"]["Properties"]
{'DelaySeconds': 10.0}
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from .. import yamlsafe
from ..errors import InputError
from ..yamlsafe import Document
from .tags import CFN_TAGS

TEMPLATE_KEYS = ("AWSTemplateFormatVersion", "Transform", "Resources")

_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def is_template(data: Any) -> bool:
    """True when ``data`` (a loaded document) is a CloudFormation or SAM template.

    >>> is_template({"Resources": {}}), is_template({"archkb": 1, "components": {}})
    (True, False)
    """
    return isinstance(data, dict) and any(key in data for key in TEMPLATE_KEYS)


def read_template(path, display: str | None = None) -> Document:
    """Read a template file; unreadable or malformed files raise a located InputError."""
    name = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    return load_template(yamlsafe.decode(raw, name), name)


def load_template(text: str, file: str = "<string>") -> Document:
    """Load template text (YAML or JSON) into a Document with line marks."""
    looks_json = text.lstrip()[:1] in ("{", "[")
    yaml_text = _SURROGATE_PAIR.sub(_join_surrogates, text) if looks_json else text
    try:
        doc = yamlsafe.load(yaml_text, file, tags=CFN_TAGS)
        doc.warnings = []
    except InputError as exc:
        if not exc.message.startswith("duplicate key"):
            raise
        doc = _load_keeping_last(yaml_text, file)
    if looks_json:
        try:
            data = json.loads(text)
        except ValueError:
            data = None  # valid YAML flow text but not strict JSON: keep the YAML values
        if data is not None and _same_shape(data, doc.data):
            doc.data = data
    return doc


def _load_keeping_last(text: str, file: str) -> Document:
    """Load again, letting the last of duplicate keys win and recording each duplicate.

    Composition already succeeded in :func:`yamlsafe.load`; only the building differs.
    """
    loader = yamlsafe._Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    doc = Document(None, file)
    doc.warnings = []
    builder = _LastWinsBuilder(doc, CFN_TAGS, yamlsafe.MAX_DEPTH,
                               len(text) + yamlsafe.MAX_ALIAS_VALUES)
    doc.data = builder.build(root)
    return doc


class _LastWinsBuilder(yamlsafe._Builder):
    """yamlsafe's builder, except that a duplicate key replaces the earlier value (as
    CloudFormation does) and is recorded as a warning instead of raised."""

    def _mapping(self, node, path: tuple, depth: int, active: frozenset) -> dict:
        result: dict = {}
        first_seen: dict = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.update(self._merge(value_node, path, depth, active))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain scalars")
            key = self._value(key_node, path + ("<key>",), depth + 1, active)
            if isinstance(key, (list, dict)) or key is None:
                raise self.fail(key_node, "mapping keys must be plain scalars")
            key = key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)
            if key in first_seen:
                self.doc.warnings.append(self.fail(
                    key_node, f"duplicate key {key!r} (first defined at line {first_seen[key]}); "
                              "CloudFormation keeps the last value, and so does the import"))
                result.pop(key)
                self._forget(path + (key,))
            first_seen[key] = key_node.start_mark.line + 1
            self.doc.key_marks[path + (key,)] = yamlsafe._pos(key_node.start_mark)
            result[key] = self._value(value_node, path + (key,), depth + 1, active)
        self.doc.marks.pop(path + ("<key>",), None)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _forget(self, prefix: tuple) -> None:
        """Drop the marks of a replaced value, so the later one's positions are kept."""
        n = len(prefix)
        for table in (self.doc.marks, self.doc.key_marks):
            for p in [p for p in table if p[:n] == prefix]:
                del table[p]


def _join_surrogates(match: re.Match) -> str:
    # YAML has no surrogate escapes; "\ud83d\ude00" becomes "\U0001f600".
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return "\\U%08x" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _same_shape(a: Any, b: Any) -> bool:
    """Whether two loads agree on every container and key (so the marks still apply)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(
            _same_shape(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(
            _same_shape(x, y) for x, y in zip(a, b))
    return not isinstance(b, (dict, list))
