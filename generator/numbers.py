"""How numbers from the KB and from specs are shown to people.

>>> format_number(10240), format_number(900.0), format_number(2.5), format_number("1,000 per 10 s")
('10,240', '900', '2.5', '1,000 per 10 s')
>>> format_number(True)
'True'
"""
from __future__ import annotations

from typing import Any


def format_number(value: Any) -> str:
    """Thousands separators for whole numbers (``10,240``), other floats as written, anything
    else (strings, booleans) unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return str(value)
    return f"{int(value):,}"
