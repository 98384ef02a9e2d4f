"""Write a :class:`Spec` as spec v1 YAML text: one line per component and connection where it
fits, keys in a fixed order, a comment with each component's CloudFormation type and line.
The same spec always gives the same text, and the text loads back to the same spec.

>>> quote("orders"), quote("GET /orders"), quote("yes"), quote("10"), quote("a: b")
('orders', 'GET /orders', "'yes'", "'10'", "'a: b'")
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..spec.model import Spec

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_ ./()+*=@-]*$")
"""Strings that read back as themselves unquoted, also inside a flow mapping."""
_RESERVED = re.compile(r"^(y|yes|n|no|true|false|on|off|null|~)$", re.IGNORECASE)
MAX_LINE = 100


def quote(value: str) -> str:
    """A YAML scalar for a string: plain when that reads back as the same string."""
    if _PLAIN.fullmatch(value) and not _RESERVED.match(value) and not value.endswith(" ") \
            and " #" not in value:
        return value
    if value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar: escapes kept


def comment(text: str) -> str:
    """Comment text that stays one comment: line breaks and other unprintable characters
    (which would end the comment and start YAML of the template author's choice) escaped.

    >>> comment("AWS::SQS::Queue\\nextra: {service: s3}")
    'AWS::SQS::Queue\\\\nextra: {service: s3}'
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return quote(str(value))


def _entry(pairs: list[tuple[str, Any]], indent: str, head: str, note: str | None) -> list[str]:
    """``head {k: v, ...}`` on one line when it fits, else a block mapping."""
    flow = head + "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in pairs) + "}"
    tail = f"  # {comment(note)}" if note else ""
    if len(indent + flow) <= MAX_LINE:
        return [indent + flow + tail]
    if head.startswith("- "):
        lines = [indent + "- " + f"{pairs[0][0]}: {scalar(pairs[0][1])}" + tail]
        lines += [indent + "  " + f"{k}: {scalar(v)}" for k, v in pairs[1:]]
        return lines
    lines = [indent + head.rstrip() + tail]
    lines += [indent + "  " + f"{k}: {scalar(v)}" for k, v in pairs]
    return lines


def _line(location, main_file: str) -> list[str]:
    """``line N`` in the spec's own file, ``file.tf:N`` in another file of the source."""
    if not location.line:
        return []
    if location.file == main_file:
        return [f"line {location.line}"]
    return [f"{location.file.rsplit('/', 1)[-1]}:{location.line}"] if location.file else []


def spec_to_yaml(spec: Spec, kb, notes: dict[str, str] | None = None,
                 source: str = "a CloudFormation/SAM template") -> str:
    """The YAML text of ``spec`` (``notes``: component id -> a comment, such as its
    resource type; ``source``: what it was imported from, for the header comment)."""
    lines = [f"# Imported from {source} by `archkb import`.", "archkb: 1",
             f"name: {quote(spec.name)}"]
    if spec.direction_set:  # else the renderer chooses, as it does for the template itself
        lines.append(f"direction: {spec.direction}")
    if spec.groups:
        lines.append("groups:")
        for group in spec.groups.values():
            pairs: list[tuple[str, Any]] = [("kind", group.kind)]
            if group.label != group.id:
                pairs.append(("label", group.label))
            if group.parent:
                pairs.append(("parent", group.parent))
            pairs += list(group.settings.items())
            lines += _entry(pairs, "  ", f"{quote(group.id)}: ", None)
    lines.append("components:" if spec.components else "components: {}")
    for comp in spec.components.values():
        pairs = [("service", comp.service)]
        if comp.label != comp.id:
            pairs.append(("label", comp.label))
        if comp.group:
            pairs.append(("group", comp.group))
        order = list(kb.settings(comp.service)) if comp.service in kb.nodes else []
        pairs += sorted(comp.settings.items(),
                        key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
        where = []
        if notes and comp.id in notes:
            where.append(notes[comp.id])
        where += _line(comp.location, spec.file)
        lines += _entry(pairs, "  ", f"{quote(comp.id)}: ", ", ".join(where) or None)
    if spec.connections:
        lines.append("connections:")
    for conn in spec.connections:
        pairs = [("from", conn.source), ("to", conn.target)]
        if conn.label:
            pairs.append(("label", conn.label))
        if conn.explicit_kind:
            pairs.append(("kind", conn.kind))
        pairs += list(conn.settings.items())
        lines += _entry(pairs, "  ", "- ", ", ".join(_line(conn.location, spec.file)) or None)
    return "\n".join(lines) + "\n"
