"""Component settings read from Terraform arguments, as ``settings.yaml`` (data) maps them to
the KB's setting names (``memory_size`` -> ``memory``, ``visibility_timeout_seconds`` ->
``visibility_timeout``...).

>>> import tempfile, pathlib
>>> from .module import load_module
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "main.tf").write_text('resource "aws_sqs_queue" "q" {\\n'
...     '  visibility_timeout_seconds = 90\\n'
...     '  redrive_policy = jsonencode({maxReceiveCount = 5})\\n}\\n')
>>> r = load_module(d, "m").resources["aws_sqs_queue.q"]
>>> {k: (v, str(loc)) for k, (v, loc) in read_settings(r, "sqs").items()}
{'visibility_timeout': (90, 'm/main.tf:2:3'), 'max_receive_count': (5, 'm/main.tf:3:3')}
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ...spec.model import Location
from .values import is_known
from .module import Body, Resource

TABLE = Path(__file__).with_name("settings.yaml")


@functools.lru_cache(maxsize=1)
def table() -> dict[str, dict[str, list[dict]]]:
    """``settings.yaml``: service -> setting -> the ways to read it (a list)."""
    import yaml

    data = yaml.safe_load(TABLE.read_text(encoding="utf-8")) or {}
    return {service: {name: rule if isinstance(rule, list) else [rule]
                      for name, rule in settings.items()}
            for service, settings in data.items()}


def read_settings(resource: Resource, service: str) -> dict[str, tuple[Any, Location]]:
    """Settings of ``resource`` drawn as ``service``: name -> (value, location)."""
    out: dict[str, tuple[Any, Location]] = {}
    body = resource.body()
    for name, rules in table().get(service, {}).items():
        for rule in rules:
            if "types" in rule and resource.type not in rule["types"]:
                continue
            found = _read(body, rule)
            if found is not None:
                out[name] = found
                break
    return out


def _read(body: Body, rule: dict) -> tuple[Any, Location] | None:
    if "const" in rule:
        return rule["const"], body.where()
    paths = rule.get("paths") or [rule.get("path", [])]
    for path in paths:
        raw, loc = _follow(body, path)
        if raw is None:
            continue
        value = _convert(raw, rule)
        if value is not None:
            return value, loc
    return None


def _follow(body: Body, path: list) -> tuple[Any, Location]:
    if not path:
        return None, body.where()
    head, rest = path[0], list(path[1:])
    loc = body.where(head)
    if head in body.block.attrs:
        value = body.get(head)
    else:
        nested = body.blocks(head)
        if not nested:
            return None, loc
        if not rest:
            return True, loc  # the block is there (``as: present``)
        return _follow(nested[0], rest)[0], loc
    for key in rest:
        if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
            try:
                value = json.loads(value)
            except ValueError:
                return None, loc
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return None, loc
    return value, loc


def _convert(raw: Any, rule: dict) -> Any:
    if not is_known(raw):
        return None
    kind = rule.get("as", "text")
    if "map" in rule:
        table_ = {str(k).upper(): v for k, v in rule["map"].items()}
        return table_.get(str(raw).strip().upper()) if isinstance(raw, (str, int)) else None
    if kind == "present":
        return True
    if kind == "number":
        if isinstance(raw, bool):
            return None
        if isinstance(raw, (int, float)):
            return raw
        try:
            return int(str(raw).strip())
        except ValueError:
            return None
    if kind == "flag":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        return {"true": True, "false": False}.get(text)
    if kind == "list":
        return [str(x) for x in raw] if isinstance(raw, list) else None
    if isinstance(raw, (dict, list)) or raw is None:
        return None
    text = str(raw)
    return text.lower() if kind == "lower" else text
