"""Values written with a unit (``"1 GB"``, ``"30s"``, ``"5 min"``) converted to a KB unit.

Sizes use binary multiples, as AWS does for Lambda memory (10,240 MB is "10 GB"); times go
from milliseconds to days. A KB unit outside these families (``executions``) takes no unit.

>>> convert("1 GB", "MB")
1024
>>> convert("90s", "s"), convert("5 min", "s"), convert("1.5 GiB", "MB")
(90, 300, 1536)
>>> convert("2 MB", "s")
Traceback (most recent call last):
...
ValueError: unit 'MB' is not a time; write the value in s
"""
from __future__ import annotations

import re

_SIZE = {"b": 1, "bytes": 1, "kb": 1024, "kib": 1024, "mb": 1024 ** 2, "mib": 1024 ** 2,
         "gb": 1024 ** 3, "gib": 1024 ** 3, "tb": 1024 ** 4, "tib": 1024 ** 4}
_TIME = {"ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001, "s": 1, "sec": 1,
         "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "mins": 60, "minute": 60,
         "minutes": 60, "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600, "d": 86400,
         "day": 86400, "days": 86400}
_FAMILIES = (("a size", _SIZE), ("a time", _TIME))
_VALUE = re.compile(r"^\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*([A-Za-z]+)\s*$")


def family(unit: str | None) -> tuple[str, dict] | None:
    """The (name, table) of the unit family ``unit`` belongs to, else None."""
    if not unit:
        return None
    for name, table in _FAMILIES:
        if unit.lower() in table:
            return name, table
    return None


def convertible(unit: str | None) -> bool:
    """Whether values for ``unit`` may be written with a unit suffix."""
    return family(unit) is not None


def example(unit: str | None) -> str:
    """An example of a value with a unit, for messages."""
    fam = family(unit)
    return "" if fam is None else ("'1 GB'" if fam[1] is _SIZE else "'90 s'")


def parse(text: str) -> tuple[float, str] | None:
    """``(number, unit)`` of a value written with a unit, else None."""
    match = _VALUE.match(text)
    if not match:
        return None
    return float(match.group(1).replace(",", "").replace("_", "")), match.group(2)


def convert(text: str, unit: str) -> int | float:
    """``text`` (number + unit) expressed in ``unit``; ValueError says what is wrong."""
    fam = family(unit)
    if fam is None:
        raise ValueError(f"write a plain number (in {unit})" if unit else "write a plain number")
    parsed = parse(text)
    if parsed is None:
        raise ValueError(f"expected a number with a unit (e.g. {example(unit)}), in {unit}")
    number, given = parsed
    name, table = fam
    if given.lower() not in table:
        raise ValueError(f"unit {given!r} is not {name}; write the value in {unit}")
    value = number * table[given.lower()] / table[unit.lower()]
    rounded = round(value)
    return rounded if abs(value - rounded) < 1e-9 else value
