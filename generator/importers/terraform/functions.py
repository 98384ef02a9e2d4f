"""Terraform's built-in functions, as far as static analysis can run them. A function whose
result depends on the world (``timestamp``, ``uuid``, hashes of built files) or that is not
listed here gives a marker carrying its arguments' references.

>>> from .expressions import Evaluator
>>> ev = Evaluator(lambda root, steps: None)
>>> ev.text('format("%s-%s", "orders", var.stage)'), ev.text('merge({a = 1}, {b = 2})')
('orders-${var.stage}', {'a': 1, 'b': 2})
>>> ev.text('lookup({a = 1}, "b", 3)'), ev.text('join("-", ["a", "b"])')
(3, 'a-b')
"""
from __future__ import annotations

import json
import re
from typing import Any

from .values import UNKNOWN, as_text, is_known, unknown


def _jsonencode(ev, args, env, depth):
    try:
        return json.dumps(args[0], ensure_ascii=False)
    except (TypeError, ValueError):
        return unknown(*args)


def _jsondecode(ev, args, env, depth):
    text = args[0]
    if isinstance(text, str):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return unknown(*args)


def _file(ev, args, env, depth):
    if not isinstance(args[0], str) or not is_known(args[0]):
        return unknown(*args)
    text = ev.read_file(args[0])
    return text if text is not None else unknown(*args)


def _templatefile(ev, args, env, depth):
    path = args[0]
    variables = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    if not isinstance(path, str) or not is_known(path):
        return unknown(*args)
    text = ev.read_file(path)
    if text is None:
        return unknown(*args)
    return ev.template(text, {**env, **variables}, depth)


def _format(ev, args, env, depth):
    fmt, values = args[0], list(args[1:])
    if not isinstance(fmt, str):
        return unknown(*args)

    def sub(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%"
        return as_text(values.pop(0)) if values else UNKNOWN

    return re.sub(r"%%|%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z]", sub, fmt)


def _join(ev, args, env, depth):
    sep, items = args[0], args[1] if len(args) > 1 else None
    if isinstance(items, list) and isinstance(sep, str):
        return sep.join(as_text(i) for i in items)
    return unknown(*args)


def _concat(ev, args, env, depth):
    if all(isinstance(a, list) for a in args):
        return [x for a in args for x in a]
    return unknown(*args)


def _merge(ev, args, env, depth):
    if all(isinstance(a, dict) for a in args):
        out: dict = {}
        for a in args:
            out.update(a)
        return out
    return unknown(*args)


def _lookup(ev, args, env, depth):
    mapping, key = args[0], args[1] if len(args) > 1 else None
    if isinstance(mapping, dict) and isinstance(key, str) and key in mapping:
        return mapping[key]
    if isinstance(mapping, dict) and is_known(mapping) and len(args) > 2:
        return args[2]
    return unknown(*args)


def _element(ev, args, env, depth):
    items, index = args[0], args[1] if len(args) > 1 else None
    if isinstance(items, list) and items and isinstance(index, int) and \
            not isinstance(index, bool):
        return items[index % len(items)]
    return unknown(*args)


def _flatten(ev, args, env, depth):
    out: list = []

    def walk(v, d=0):
        if isinstance(v, list) and d < 20:
            for x in v:
                walk(x, d + 1)
        else:
            out.append(v)

    if isinstance(args[0], list):
        walk(args[0])
        return out
    return unknown(*args)


def _first_known(ev, args, env, depth):
    for a in args:
        if a is not None and a != "" and is_known(a):
            return a
    return unknown(*args)


def _first(ev, args, env, depth):
    return args[0] if args else UNKNOWN


def _identity(ev, args, env, depth):
    return args[0] if args else UNKNOWN


def _text_op(op):
    def run(ev, args, env, depth):
        if args and isinstance(args[0], str) and is_known(args[0]):
            return op(args[0], *args[1:])
        return unknown(*args)
    return run


def _replace(text: str, old=None, new=None) -> str:
    if not isinstance(old, str) or not isinstance(new, str):
        return unknown(text, old, new)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        try:
            return re.sub(old[1:-1], new.replace("$", "\\"), text)
        except re.error:
            return unknown(text)
    return text.replace(old, new)


def _split(ev, args, env, depth):
    sep, text = args[0], args[1] if len(args) > 1 else None
    if isinstance(sep, str) and isinstance(text, str) and is_known(text) and sep:
        return text.split(sep)
    return unknown(*args)


def _length(ev, args, env, depth):
    value = args[0] if args else None
    if isinstance(value, (list, dict)) or (isinstance(value, str) and is_known(value)):
        return len(value)
    return unknown(*args)


def _keys(ev, args, env, depth):
    return list(args[0]) if args and isinstance(args[0], dict) else unknown(*args)


def _values(ev, args, env, depth):
    return list(args[0].values()) if args and isinstance(args[0], dict) else unknown(*args)


def _distinct(ev, args, env, depth):
    if args and isinstance(args[0], list):
        out = []
        for x in args[0]:
            if x not in out:
                out.append(x)
        return out
    return unknown(*args)


def _compact(ev, args, env, depth):
    if args and isinstance(args[0], list):
        return [x for x in args[0] if x not in (None, "")]
    return unknown(*args)


def _contains(ev, args, env, depth):
    if len(args) == 2 and isinstance(args[0], list) and is_known(args[0]) and is_known(args[1]):
        return args[1] in args[0]
    return unknown(*args)


def _zipmap(ev, args, env, depth):
    if len(args) == 2 and isinstance(args[0], list) and isinstance(args[1], list):
        return {as_text(k): v for k, v in zip(args[0], args[1])}
    return unknown(*args)


FUNCTIONS = {
    "jsonencode": _jsonencode, "jsondecode": _jsondecode, "yamlencode": _jsonencode,
    "file": _file, "templatefile": _templatefile, "format": _format, "join": _join,
    "concat": _concat, "merge": _merge, "lookup": _lookup, "element": _element,
    "flatten": _flatten, "coalesce": _first_known, "try": _first, "one": _first,
    "tolist": _identity, "toset": _distinct, "tomap": _identity, "tostring": _identity,
    "tonumber": _identity, "tobool": _identity, "sensitive": _identity,
    "nonsensitive": _identity, "split": _split, "length": _length, "keys": _keys,
    "values": _values, "distinct": _distinct, "compact": _compact, "contains": _contains,
    "zipmap": _zipmap,
    "lower": _text_op(str.lower), "upper": _text_op(str.upper),
    "trimspace": _text_op(str.strip), "title": _text_op(str.title),
    "replace": _text_op(_replace),
    "trimsuffix": _text_op(lambda s, x="": s[:-len(x)] if x and s.endswith(x) else s),
    "trimprefix": _text_op(lambda s, x="": s[len(x):] if x and s.startswith(x) else s),
}
"""Function name -> implementation ``(evaluator, args, env, depth) -> value``."""


def call(ev, name: str, args: list, env: dict, depth: int) -> Any:
    """The value of ``name(args...)``; unknown functions carry their arguments' references."""
    fn = FUNCTIONS.get(name)
    if fn is None or not args:
        return unknown(*args)
    try:
        return fn(ev, args, env, depth)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
        return unknown(*args)
