"""CloudFormation short-form tags (``!Ref``, ``!GetAtt``...) mapped to their long form.

A template may write ``!Ref Queue`` or ``{"Ref": "Queue"}``; the importer only ever sees the
long form, so every later step handles one shape. ``!GetAtt a.b`` (the string form) becomes
``{"Fn::GetAtt": ["a", "b"]}``; nothing is evaluated.

>>> from generator.yamlsafe import load
>>> load("q: !GetAtt Queue.Arn\\nr: !Ref Queue\\n", "t.yaml", tags=CFN_TAGS).data
{'q': {'Fn::GetAtt': ['Queue', 'Arn']}, 'r': {'Ref': 'Queue'}}
>>> load("s: !Sub '${A}'\\n", "t.yaml", tags=CFN_TAGS).data
{'s': {'Fn::Sub': '${A}'}}
"""
from __future__ import annotations

from typing import Any

FUNCTIONS = (
    # intrinsic functions
    "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split",
    "Sub", "Transform", "Length", "ToJsonString", "GetStackOutput",
    # condition functions
    "And", "Equals", "If", "Not", "Or",
    # rule functions (template Rules section)
    "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
)
"""Functions written ``!Name`` in short form and ``Fn::Name`` in long form."""


def _get_att(tag: str, value: Any) -> dict:
    if isinstance(value, str):
        logical_id, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [logical_id, attribute] if attribute else [logical_id]}
    return {"Fn::GetAtt": value}


def _function(name: str):
    return lambda tag, value: {f"Fn::{name}": value}


CFN_TAGS: dict = {f"!{name}": _function(name) for name in FUNCTIONS}
CFN_TAGS["!GetAtt"] = _get_att
CFN_TAGS["!Ref"] = lambda tag, value: {"Ref": value}
CFN_TAGS["!Condition"] = lambda tag, value: {"Condition": value}
