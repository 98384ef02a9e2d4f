"""Read a spec or template file into text, with a located error for anything unreadable.

:mod:`generator.yamlsafe` decodes (bad UTF-8 and NUL bytes are located there) and parses
(characters YAML forbids are located there too); this module adds the guarantee specs need on
top: every error has a line and a column.

>>> from generator.yamlsafe import load
>>> load("a: 1\\nb: x\\x01y\\n", "s.yaml")
Traceback (most recent call last):
...
generator.errors.InputError: s.yaml:2:5: control character U+0001 is not allowed in YAML
"""
from __future__ import annotations

from ..errors import InputError
from ..yamlsafe import decode


def read_text(path) -> tuple[str, str]:
    """``(text, display name)`` of a UTF-8 file."""
    from ..fsutil import read_input

    name = str(path)
    return decode(read_input(path, name), name), name


def located(exc: InputError) -> InputError:
    """``exc`` with a position: the start of the document when the parser gave none."""
    if exc.line is None or exc.column is None:
        return InputError(exc.message, file=exc.file, line=exc.line or 1, column=exc.column or 1)
    return exc
