"""Read a CloudFormation/SAM template (YAML or JSON) into a located :class:`Document`.

YAML goes through :mod:`generator.yamlsafe` with the CloudFormation tags mapped to their long
form. A duplicate key is an error by default (never silent data loss); with
``allow_duplicate_keys`` the importer does what CloudFormation does, keeping the last value,
and lists each duplicate, with its line, in ``doc.warnings``. A JSON template is JSON text,
which is YAML too; it is loaded the same way (for line marks and duplicate keys) and then
takes its values from :mod:`json`, so that ``1e5`` is a number as JSON says, not the string
YAML 1.1 would make of it.

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
from typing import Any

from ... import yamlsafe
from ...yamlsafe import Document, DuplicateKeyError
from .tags import CFN_TAGS

TEMPLATE_KEYS = ("AWSTemplateFormatVersion", "Transform", "Resources")

_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def is_template(data: Any) -> bool:
    """True when ``data`` (a loaded document) is a CloudFormation or SAM template.

    >>> is_template({"Resources": {}}), is_template({"archkb": 1, "components": {}})
    (True, False)
    """
    return isinstance(data, dict) and any(key in data for key in TEMPLATE_KEYS)


ALLOW_HINT = "use --allow-duplicate-keys to import it keeping the last value, as CloudFormation does"
"""Appended to a template's duplicate-key error."""


def read_template(path, display: str | None = None, allow_duplicate_keys: bool = False) -> Document:
    """Read a template file; unreadable or malformed files raise a located InputError (see
    :func:`load_template` for duplicate keys)."""
    from ...fsutil import read_input

    name = display or str(path)
    return load_template(yamlsafe.decode(read_input(path, name), name), name,
                         allow_duplicate_keys=allow_duplicate_keys)


def load_template(text: str, file: str = "<string>", allow_duplicate_keys: bool = False) -> Document:
    """Load template text (YAML or JSON) into a Document with line marks.

    A duplicate key is an error at its line (naming the first definition's line), unless
    ``allow_duplicate_keys``: then the last value wins, as CloudFormation does, and each
    duplicate is in ``doc.warnings``.

    >>> text = "Resources:\\n  Q: {Type: AWS::SQS::Queue}\\n  Q: {Type: AWS::SNS::Topic}\\n"
    >>> load_template(text, "t.yaml")
    Traceback (most recent call last):
    ...
    generator.yamlsafe.DuplicateKeyError: t.yaml:3:3: duplicate key 'Q' (first defined at line 2); use --allow-duplicate-keys to import it keeping the last value, as CloudFormation does
    >>> doc = load_template(text, "t.yaml", allow_duplicate_keys=True)
    >>> doc.data["Resources"], [w.line for w in doc.warnings]
    ({'Q': {'Type': 'AWS::SNS::Topic'}}, [3])
    """
    looks_json = text.lstrip()[:1] in ("{", "[")
    yaml_text = _SURROGATE_PAIR.sub(_join_surrogates, text) if looks_json else text
    try:
        doc = yamlsafe.load(yaml_text, file, tags=CFN_TAGS,
                            duplicates="last" if allow_duplicate_keys else "error")
    except DuplicateKeyError as exc:
        raise DuplicateKeyError(f"{exc.message}; {ALLOW_HINT}", file=exc.file, line=exc.line,
                                column=exc.column, key=exc.key,
                                first_line=exc.first_line) from None
    if looks_json:
        try:
            data = json.loads(text)
        except ValueError:
            data = None  # valid YAML flow text but not strict JSON: keep the YAML values
        if data is not None and _same_shape(data, doc.data):
            doc.data = data
    return doc


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
