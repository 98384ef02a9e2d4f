"""``Fn::ForEach`` loops of the ``AWS::LanguageExtensions`` transform, expanded the way
CloudFormation does when the collection is known from the template (a literal list, or a list
parameter's default): ``${Id}`` and ``&{Id}`` in the output keys, ``!Ref Id`` and ``${Id}`` in
``Fn::Sub`` strings of the body.

>>> loop = ["Name", ["Orders", "Refunds"],
...         {"${Name}Queue": {"Type": "AWS::SQS::Queue",
...                           "Properties": {"QueueName": {"Fn::Sub": "${Name}-q"}}}}]
>>> out = expand_loop(loop, {})
>>> sorted(out), out["RefundsQueue"]["Properties"]
(['OrdersQueue', 'RefundsQueue'], {'QueueName': {'Fn::Sub': 'Refunds-q'}})
>>> expand_loop(["Name", {"Ref": "Unknown"}, {"${Name}": {}}], {}) is None
True
"""
from __future__ import annotations

import re
from typing import Any

PREFIX = "Fn::ForEach::"
MAX_ITEMS = 1000


def expand_loop(loop: Any, parameters: dict, depth: int = 0) -> dict | None:
    """The fragment one loop produces (output key -> value), or None when the template does
    not say what the loop iterates over."""
    if depth > 5 or not isinstance(loop, list) or len(loop) != 3:
        return None
    identifier, collection, fragment = loop
    items = _collection(collection, parameters)
    if not isinstance(identifier, str) or items is None or not isinstance(fragment, dict):
        return None
    out: dict = {}
    for item in items[:MAX_ITEMS]:
        for key, value in fragment.items():
            if isinstance(key, str) and key.startswith(PREFIX):
                inner = expand_loop(_substitute(value, identifier, item), parameters, depth + 1)
                if inner is None:
                    return None
                out.update(inner)
                continue
            new_key = str(key).replace("${%s}" % identifier, item).replace(
                "&{%s}" % identifier, re.sub(r"[^A-Za-z0-9]", "", item))
            out[new_key] = _substitute(value, identifier, item)
    return out


def _collection(value: Any, parameters: dict) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    if isinstance(value, dict) and list(value) == ["Ref"] and isinstance(value["Ref"], str):
        parameter = parameters.get(value["Ref"])
        default = parameter.get("Default") if isinstance(parameter, dict) else None
        if isinstance(default, str):
            return [v.strip() for v in default.split(",") if v.strip()]
        if isinstance(default, list) and all(isinstance(v, str) for v in default):
            return default
    return None


def _substitute(value: Any, identifier: str, item: str, depth: int = 0) -> Any:
    if depth > 60:
        return value
    if isinstance(value, dict):
        if list(value) == ["Ref"] and value["Ref"] == identifier:
            return item
        if list(value) == ["Fn::Sub"] and isinstance(value["Fn::Sub"], str):
            return {"Fn::Sub": value["Fn::Sub"].replace("${%s}" % identifier, item)}
        return {k: _substitute(v, identifier, item, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, identifier, item, depth + 1) for v in value]
    return value
