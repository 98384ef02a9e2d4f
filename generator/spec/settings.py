"""Type and unit checks of setting values against their definitions (KB settings or the
format's connection settings). Limits (min, max, max_items, deprecated choices) are lint's job.

:func:`check` returns the value to keep (a unit string converted to the KB unit, an enum choice
in its canonical spelling) or raises ``ValueError`` with the message for the user.

>>> check(1024, {"type": "integer", "unit": "MB"})
1024
>>> check("2 GB", {"type": "integer", "unit": "MB"})
2048
>>> check("arm", {"type": "enum", "choices": ["x86_64", "arm64"]})
Traceback (most recent call last):
...
ValueError: 'arm' is not one of 'x86_64', 'arm64'; did you mean 'arm64'?
>>> check(True, {"type": "integer"})
Traceback (most recent call last):
...
ValueError: expected an integer, got a boolean (true)
"""
from __future__ import annotations

from typing import Any

from . import units
from .suggest import hint

_TYPE_NAMES = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a mapping", type(None): "nothing (null)"}


def describe(value: Any) -> str:
    """How a YAML value reads in an error message."""
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, bool):
        return f"{name} ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"{name} ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{name} ({shown!r})"
    return name


def choice_values(definition: dict) -> list:
    """The plain values of an enum's choices (a choice may be ``{value: ..., status: ...}``)."""
    return [c["value"] if isinstance(c, dict) else c for c in definition.get("choices", [])]


def _number(value: Any, definition: dict, integer: bool) -> int | float:
    unit = definition.get("unit")
    what = "an integer" if integer else "a number"
    if isinstance(value, str) and units.convertible(unit) and units.parse(value):
        value = units.convert(value, unit)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        extra = f" in {unit} (or with a unit, e.g. {units.example(unit)})" \
            if units.convertible(unit) else f" (in {unit})" if unit else ""
        raise ValueError(f"expected {what}{extra}, got {describe(value)}")
    if integer and isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"expected a whole number{' of ' + unit if unit else ''}, got {value:g}")
        value = int(value)
    return value


def _enum(value: Any, definition: dict) -> Any:
    choices = choice_values(definition)
    if value in choices and type(value) in {type(c) for c in choices if c == value}:
        return value
    if isinstance(value, str):
        for choice in choices:
            if isinstance(choice, str) and choice.lower() == value.lower():
                return choice
    if definition.get("open"):
        if isinstance(value, str):
            return value  # lint warns about values outside the known choices
        raise ValueError(f"expected a string, got {describe(value)}")
    shown = ", ".join(repr(c) for c in choices)
    return _fail_enum(value, shown, choices)


def _fail_enum(value, shown: str, choices: list):
    more = hint(str(value), [str(c) for c in choices]) if isinstance(value, str) else ""
    raise ValueError(f"{value!r} is not one of {shown}{more}")


def check(value: Any, definition: dict) -> Any:
    """The value to keep for a setting with ``definition``; ValueError if its type is wrong."""
    kind = definition.get("type")
    if kind == "integer":
        return _number(value, definition, integer=True)
    if kind == "number":
        return _number(value, definition, integer=False)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {describe(value)}")
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise ValueError(f"expected a string, got {describe(value)}")
        return value
    if kind == "enum":
        return _enum(value, definition)
    if kind == "list":
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {describe(value)}")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (str, int, float, dict)):
                raise ValueError(f"list items must be strings or numbers, got {describe(item)}")
        return value
    if kind == "object":
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {describe(value)}")
        return value
    raise ValueError(f"setting type {kind!r} is not supported")  # the KB schema prevents this
