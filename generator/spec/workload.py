"""The ``workload:`` block of a spec: the traffic the architecture is sized for, read by
``archkb review`` to estimate the monthly cost.

```yaml
workload:
  requests_per_month: 3M      # requests entering the architecture (every component sees them)
  duration: 120ms             # average Lambda run time
  storage_gb: 20              # data kept in each bucket and table
  components:                 # per-component overrides of the same three
    worker: {requests_per_month: 300k, duration: 2s}
```

>>> parse_fields({"requests_per_month": "3M", "duration": "120ms", "storage_gb": "1.5TB"})
{'requests_per_month': 3000000, 'duration_s': 0.12, 'storage_gb': 1536.0}
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..graph.workload import parse_count, parse_duration

FIELDS = {
    "requests_per_month": {"type": ["string", "number"],
                           "description": "Requests a month (3M, 250k, 1,000,000): those "
                                          "entering the architecture, or one component's."},
    "duration": {"type": ["string", "number"],
                 "description": "Average Lambda run time (120ms, 1.5s; a bare number is "
                                "seconds)."},
    "storage_gb": {"type": ["string", "number"],
                   "description": "Data kept in each bucket and table (GB; '1.5TB' works)."},
}
"""Workload fields, at the top of the block and per component."""
_STORAGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(gb|gib|tb|tib|mb|mib)?$")
_STORAGE_UNITS = {None: 1, "gb": 1, "gib": 1, "tb": 1024, "tib": 1024, "mb": 1 / 1024,
                  "mib": 1 / 1024}


def parse_storage(value: Any) -> float:
    """GB from ``20``, ``"20GB"``, ``"1.5TB"`` (at least 0).

    >>> parse_storage("512 MB"), parse_storage(20)
    (0.5, 20.0)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    m = _STORAGE.match(str(value).strip().lower()) if isinstance(value, str) else None
    if m is None:
        raise InputError(f"invalid storage {value!r}: use GB, e.g. 20 or 1.5TB")
    return float(m.group(1)) * _STORAGE_UNITS[m.group(2)]


_PARSERS = {"requests_per_month": ("requests_per_month", parse_count),
            "duration": ("duration_s", parse_duration),
            "storage_gb": ("storage_gb", parse_storage)}


def parse_fields(values: dict) -> dict:
    """Workload fields as written -> parsed values (``duration`` becomes ``duration_s``)."""
    out = {}
    for name, raw in values.items():
        if name not in _PARSERS:
            raise InputError(f"unknown workload field {name!r} (fields: {', '.join(FIELDS)})")
        key, parse = _PARSERS[name]
        out[key] = parse(raw)
    return out


def json_schema(ids: dict) -> dict:
    """The ``workload`` property of the spec's JSON Schema (``ids``: the id schema)."""
    fields = {name: dict(d) for name, d in FIELDS.items()}
    return {"type": "object", "additionalProperties": False,
            "description": "Traffic the architecture is sized for (archkb review's cost).",
            "properties": {**fields, "components": {
                "type": "object", "propertyNames": ids,
                "additionalProperties": {"type": "object", "properties": fields,
                                         "additionalProperties": False}}}}
