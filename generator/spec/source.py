"""Read a spec or template file into text, with a located error for anything unreadable.

:mod:`generator.yamlsafe` decodes and parses; this module adds the one guarantee specs need on
top: every error has a line and a column. Characters that YAML forbids (NUL and other control
characters) are found here, before the parser, because the parser's own error for them has no
position.

>>> check_characters("a: 1\\nb: x\\x01y\\n", "s.yaml")
Traceback (most recent call last):
...
generator.errors.InputError: s.yaml:2:5: control character U+0001 is not allowed in YAML
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..yamlsafe import decode

_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML 1.1 (libyaml's reader) rejects."""


def check_characters(text: str, file: str) -> None:
    """Raise an InputError at the first character YAML forbids."""
    match = _FORBIDDEN.search(text)
    if match:
        before = text[: match.start()]
        line = before.count("\n") + 1
        column = match.start() - (before.rfind("\n") + 1) + 1
        raise InputError(f"control character U+{ord(match.group()):04X} is not allowed in YAML",
                         file=file, line=line, column=column)


def read_text(path) -> tuple[str, str]:
    """``(text, display name)`` of a UTF-8 file whose characters YAML accepts."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=name) from None
    nul = raw.find(b"\x00")
    if nul >= 0:  # located here: the decoder's own NUL error has no column
        check_characters(decode(raw[:nul], name) + "\x00", name)
    text = decode(raw, name)
    check_characters(text, name)
    return text, name


def located(exc: InputError) -> InputError:
    """``exc`` with a position: the start of the document when the parser gave none."""
    if exc.line is None or exc.column is None:
        return InputError(exc.message, file=exc.file, line=exc.line or 1, column=exc.column or 1)
    return exc
