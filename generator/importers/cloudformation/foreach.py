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
MAX_DEPTH = 5


class LoopTooLarge(ValueError):
    """A loop iterates over, or loops generate, more than the limits allow
    (``max_foreach_items``, ``max_resources`` in :mod:`generator.limits`)."""


class Budget:
    """How many more resources loops may generate (shared by all loops of a template)."""

    def __init__(self, left: int | None = None):
        from ...limits import get

        self.limit = get("max_resources") if left is None else left
        self.left = self.limit

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise LoopTooLarge(f"Fn::ForEach loops generate more than {self.limit:,} resources "
                               "(raise it with ARCHKB_MAX_RESOURCES or --limit max_resources=N)")


def expand_loop(loop: Any, parameters: dict, depth: int = 0,
                budget: Budget | None = None) -> dict | None:
    """The fragment one loop produces (output key -> value), or None when the template does
    not say what the loop iterates over. Raises :class:`LoopTooLarge` past the limits."""
    from ...limits import get

    budget = budget if budget is not None else Budget()
    if depth > MAX_DEPTH or not isinstance(loop, list) or len(loop) != 3:
        return None
    identifier, collection, fragment = loop
    items = _collection(collection, parameters)
    if not isinstance(identifier, str) or items is None or not isinstance(fragment, dict):
        return None
    most = get("max_foreach_items")
    if len(items) > most:
        raise LoopTooLarge(f"an Fn::ForEach loop over {len(items):,} items is more than the "
                           f"limit of {most:,} (raise it with ARCHKB_MAX_FOREACH_ITEMS or "
                           "--limit max_foreach_items=N)")
    out: dict = {}
    for item in items:
        for key, value in fragment.items():
            if isinstance(key, str) and key.startswith(PREFIX):
                # the outer identifier is substituted in the inner loop, keys included
                inner = expand_loop(_substitute(value, identifier, item), parameters, depth + 1,
                                    budget)
                if inner is None:
                    return None
                out.update(inner)
                continue
            budget.take()
            out[_key(str(key), identifier, item)] = _substitute(value, identifier, item)
    return out


def _key(key: str, identifier: str, item: str) -> str:
    return key.replace("${%s}" % identifier, item).replace(
        "&{%s}" % identifier, re.sub(r"[^A-Za-z0-9]", "", item))


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
        return {_key(k, identifier, item) if isinstance(k, str) else k:
                _substitute(v, identifier, item, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, identifier, item, depth + 1) for v in value]
    return value
