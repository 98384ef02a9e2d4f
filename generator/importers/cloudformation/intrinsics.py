"""Reading CloudFormation values without evaluating them: which logical ids a value refers to,
and what literal it stands for when that can be known from the template alone.

>>> refs({"Fn::Sub": "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}"})
['Queue']
>>> refs({"Fn::If": ["Prod", {"Ref": "A"}, {"Fn::GetAtt": ["B", "Arn"]}]})
['A', 'B']
>>> refs({"Fn::Sub": ["${Name}-x", {"Name": {"Ref": "Param"}}]})
['Param']
"""
from __future__ import annotations

import re
from typing import Any, Iterator

_SUB_VAR = re.compile(r"\$\{(?!!)([^}]*)\}")
PSEUDO_PREFIX = "AWS::"


def sub_variables(text: str) -> list[str]:
    """Names used as ``${Name}`` or ``${Name.Attr}`` in an ``Fn::Sub`` string (``${!x}`` is a
    literal and is skipped).

    >>> sub_variables("${A}-${B.Arn}-${!Literal}-${AWS::Region}")
    ['A', 'B', 'AWS::Region']
    """
    names = []
    for match in _SUB_VAR.finditer(text):
        name = match.group(1).strip()
        if not name.startswith(PSEUDO_PREFIX):
            name = name.split(".", 1)[0]
        if name and name not in names:
            names.append(name)
    return names


def _walk_refs(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 60:  # values come from a bounded loader; this only guards odd shapes
        return
    if isinstance(value, dict):
        if len(value) == 1:
            key, arg = next(iter(value.items()))
            if key == "Ref" and isinstance(arg, str):
                yield arg.split(".", 1)[0]  # SAM's "Function.Alias" / "Function.Version"
                return
            if key == "Fn::GetAtt":
                target = arg[0] if isinstance(arg, list) and arg else arg
                if isinstance(target, str):
                    yield target.split(".", 1)[0]
                    return
            if key == "Fn::Sub":
                text, variables = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 \
                    else (arg, {})
                local = variables if isinstance(variables, dict) else {}
                if isinstance(text, str):
                    for name in sub_variables(text):
                        if name not in local:
                            yield name
                yield from _walk_refs(local, depth + 1)
                return
        for item in value.values():
            yield from _walk_refs(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_refs(item, depth + 1)


def refs(value: Any) -> list[str]:
    """Every logical id or parameter name ``value`` refers to, in order, without repeats and
    without pseudo parameters (``AWS::Region``)."""
    seen: list[str] = []
    for name in _walk_refs(value):
        if name and not name.startswith(PSEUDO_PREFIX) and name not in seen:
            seen.append(name)
    return seen


def is_intrinsic(value: Any) -> bool:
    """A one-key mapping whose key is ``Ref``, ``Condition`` or ``Fn::...``.

    >>> is_intrinsic({"Ref": "X"}), is_intrinsic({"Ref": "X", "b": 1}), is_intrinsic("x")
    (True, False, False)
    """
    return isinstance(value, dict) and len(value) == 1 and (
        next(iter(value)) in ("Ref", "Condition") or str(next(iter(value))).startswith("Fn::"))


def ref_target(value: Any) -> str | None:
    """The logical id of a plain ``Ref`` or ``Fn::GetAtt``, else None.

    >>> ref_target({"Fn::GetAtt": ["Table", "StreamArn"]}), ref_target({"Fn::Sub": "${T}"})
    ('Table', None)
    """
    if isinstance(value, dict) and len(value) == 1:
        key, arg = next(iter(value.items()))
        if key == "Ref" and isinstance(arg, str):
            return arg.split(".", 1)[0]
        if key == "Fn::GetAtt":
            target = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(target, str):
                return target.split(".", 1)[0]
    return None


def get_att_name(value: Any) -> str | None:
    """The attribute of a ``Fn::GetAtt`` (``StreamArn``), else None."""
    if isinstance(value, dict) and len(value) == 1 and "Fn::GetAtt" in value:
        arg = value["Fn::GetAtt"]
        if isinstance(arg, list) and len(arg) >= 2 and isinstance(arg[1], str):
            return arg[1]
        if isinstance(arg, str) and "." in arg:
            return arg.split(".", 1)[1]
    return None


def as_list(value: Any) -> list:
    """A list as is, None as [], anything else as a one-item list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_dict(value: Any) -> dict:
    """A mapping as is, anything else as {} (templates are not always well formed)."""
    return value if isinstance(value, dict) else {}


def dig(value: Any, *keys) -> Any:
    """``value[k1][k2]...`` where every step may be missing or of the wrong type.

    >>> dig({"a": [{"b": 1}]}, "a", 0, "b"), dig({"a": 1}, "a", "b")
    (1, None)
    """
    for key in keys:
        if isinstance(key, int):
            if not isinstance(value, list) or not -len(value) <= key < len(value):
                return None
        elif not isinstance(value, dict):
            return None
        value = value[key] if isinstance(value, list) else value.get(key)
    return value
