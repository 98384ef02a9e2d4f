"""The values the Terraform importer computes: plain Python data, where what only Terraform
knows at apply time is a *marker* inside a string (``${aws_sqs_queue.jobs.arn}``,
``${var.x}``, ``${?}``). Markers keep references visible through string building, so an ARN
made of several parts still names the resource it points at.

>>> references("x-${aws_sqs_queue.q.arn}-${var.y}")
['aws_sqs_queue.q.arn', 'var.y']
>>> apply_steps("${aws_sqs_queue.q}", [("index", 0), ("attr", "arn")])
'${aws_sqs_queue.q.arn}'
"""
from __future__ import annotations

import re
from typing import Any

MAX_ITEMS = 256
"""``for`` expressions, ``for_each`` and ``dynamic`` blocks expand at most this many items."""
MAX_DEPTH = 60

MARKER = re.compile(r"\$\{([^{}]*)\}")
UNKNOWN = "${?}"


def references(value: Any) -> list[str]:
    """The references (marker texts) inside a value, in order, without repeats."""
    found: list[str] = []

    def walk(v: Any, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(v, str):
            for m in MARKER.finditer(v):
                if m.group(1) not in found and m.group(1) != "?":
                    found.append(m.group(1))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x, depth + 1)
        elif isinstance(v, list):
            for x in v:
                walk(x, depth + 1)

    walk(value)
    return found


def unknown(*values: Any) -> str:
    """A marker string carrying the references of ``values`` (``${?}`` when there are none)."""
    refs = [r for v in values for r in references(v)]
    return "".join("${%s}" % r for r in dict.fromkeys(refs)) or UNKNOWN


def is_known(value: Any) -> bool:
    """Whether a value holds no marker at all."""
    return not references(value) and not (isinstance(value, str) and UNKNOWN in value)


def as_text(value: Any) -> str:
    """A value as it appears inside a string template."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, str)):
        return str(value)
    return unknown(value)


def marker(root: str, steps: list) -> str:
    """The marker of an unresolved reference: attribute steps kept, indexes and splats
    dropped (``aws_sqs_queue.q[0].arn`` and ``aws_sqs_queue.q[*].arn`` name the same
    resource)."""
    names = [root] + [s[1] for s in steps if s[0] == "attr"]
    return "${%s}" % ".".join(names)


def apply_steps(value: Any, steps: list) -> Any:
    """Follow attribute/index steps into a known value; into a marker, extend it."""
    for i, (kind, key) in enumerate(steps):
        if isinstance(value, str) and MARKER.fullmatch(value):
            inner = MARKER.fullmatch(value).group(1)
            if inner == "?":
                return value
            rest = [s[1] for s in steps[i:] if s[0] == "attr"]
            return "${%s}" % ".".join([inner] + rest)
        if kind == "splat":
            if isinstance(value, list):
                return [apply_steps(v, steps[i + 1:]) for v in value]
            continue
        if isinstance(value, dict):
            k = key if isinstance(key, str) else as_text(key)
            if k not in value:
                return unknown(value) if not is_known(value) else UNKNOWN
            value = value[k]
        elif isinstance(value, list):
            if isinstance(key, int) and not isinstance(key, bool) and -len(value) <= key < len(value):
                value = value[key]
            elif kind == "attr":  # attribute of a list of objects (a splat without the [*])
                value = [apply_steps(v, [(kind, key)]) for v in value]
            else:
                return unknown(value) if not is_known(value) else UNKNOWN
        else:
            return unknown(value) if not is_known(value) else UNKNOWN
    return value


def iterate(coll: Any) -> list[tuple[Any, Any]]:
    """(key, value) pairs of a collection a ``for`` runs over; an unknown collection gives
    one item that carries its references, so the body still names what it points at."""
    if isinstance(coll, dict):
        return list(coll.items())[:MAX_ITEMS]
    if isinstance(coll, list):
        return list(enumerate(coll))[:MAX_ITEMS]
    return [(unknown(coll), unknown(coll))]
