"""The JSON Schema of the spec format, generated from the KB: service names, each service's
settings (type, unit, default, limits as editor hints), group kinds and connection kinds.

Editors that speak the yaml-language-server protocol (VS Code's YAML extension, Neovim, ...)
validate and complete a spec with it after ``archkb schema -o archkb.schema.json`` and a first
line ``# yaml-language-server: $schema=archkb.schema.json``. The schema uses draft-07, which
every such editor supports. archkb's own loader is the reference: it also accepts service
names and aliases (``apigw``), the schema lists KB ids.

>>> from generator.kb import load_kb
>>> schema = spec_json_schema(load_kb())
>>> schema["properties"]["archkb"]
{'const': 1, 'description': 'Spec format version.'}
>>> "lambda" in schema["definitions"]["component"]["properties"]["service"]["enum"]
True
>>> schema["definitions"]["settings-lambda"]["properties"]["memory"]["anyOf"][0]["maximum"]
10240
"""
from __future__ import annotations

from . import fields, units
from .loader import SERVICE_KINDS
from .settings import choice_values
from .vocabulary import connection_kinds

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
UNIT_VALUE = r"^\s*[0-9][0-9_,]*(\.[0-9]+)?\s*[A-Za-z]+\s*$"


def setting_schema(definition: dict) -> dict:
    """The JSON Schema of one setting definition."""
    kind = definition.get("type")
    unit = definition.get("unit")
    if kind in ("integer", "number"):
        schema: dict = {"type": kind}
        if "min" in definition:
            schema["minimum"] = definition["min"]
        if "max" in definition:
            schema["maximum"] = definition["max"]
        if units.convertible(unit):
            schema = {"anyOf": [schema, {"type": "string", "pattern": UNIT_VALUE}]}
    elif kind == "enum":
        choices = choice_values(definition)
        schema = {"anyOf": [{"enum": choices}, {"type": "string"}]} if definition.get("open") \
            else {"enum": choices}
    elif kind == "list":
        schema = {"type": "array", "items": {"type": ["string", "number", "object"]}}
        if "max_items" in definition:
            schema["maxItems"] = definition["max_items"]
    elif kind == "object":
        schema = {"type": "object"}
    else:
        schema = {"type": {"string": "string", "boolean": "boolean"}.get(kind, "string")}
    text = definition.get("description", "")
    notes = []
    if unit:
        notes.append(f"unit: {unit}")
    if "min" in definition or "max" in definition:
        notes.append(f"range {definition.get('min', '')}..{definition.get('max', '')}")
    if "default" in definition:
        notes.append(f"default {definition['default']}")
        schema["default"] = definition["default"]
    if notes:
        text = f"{text} ({'; '.join(notes)})".strip()
    if text:
        schema["description"] = text
    return schema


def _settings_definition(common: dict, settings: dict) -> dict:
    props = dict(common)
    for name in sorted(settings):
        props[name] = setting_schema(settings[name])
    return {"properties": props, "additionalProperties": False}


def _via_settings(kb) -> dict:
    """Settings the KB declares on nodes that connections go through (``via``)."""
    found: dict = {}
    vias = sorted({d.get("via") for _, _, d in kb.relations(type="triggers") if d.get("via")})
    for via in vias:
        found.update(kb.nodes.get(via, {}).get("settings", {}))
    return found


def _rule_list(description: str) -> dict:
    return {"type": "array", "items": {"type": "string", "minLength": 1},
            "description": description}


def spec_json_schema(kb) -> dict:
    """The schema (a JSON-ready dict, deterministic for a given KB)."""
    from .workload import json_schema as workload_schema

    services = kb.by_kind(*SERVICE_KINDS)
    text = {"type": ["string", "number"]}
    component_common = {
        "service": {"enum": services, "description": "The KB service this component is."},
        "label": {**text, "description": "Text under the icon (default: the id)."},
        "group": {"type": "string", "description": "Id of the group (cluster) it sits in."},
        "description": {"type": "string"},
        "lint_ignore": _rule_list(fields.LINT_IGNORE_DESCRIPTION),
        "workload": {"type": "object", "description": "What it runs, for archkb recommend: "
                     "duration (expected run time), requests_per_month, traffic, "
                     "latency_sensitive... (the fields of recommend -w)."},
    }
    definitions: dict = {}
    component_rules = []
    for sid in services:
        name = f"settings-{sid}"
        definitions[name] = _settings_definition(component_common, kb.settings(sid))
        component_rules.append({"if": {"properties": {"service": {"const": sid}},
                                       "required": ["service"]},
                                "then": {"$ref": f"#/definitions/{name}"}})
    definitions["component"] = {
        "type": "object", "required": ["service"], "properties": component_common,
        "allOf": component_rules,
    }
    group_common = {
        "kind": {"enum": list(fields.GROUP_KINDS), "default": "generic"},
        "label": {**text, "description": "Cluster title (default: the id)."},
        "parent": {"type": "string", "description": "Id of the enclosing group."},
    }
    group_rules = []
    for kind in fields.GROUP_KINDS:
        node = kb.nodes.get(kind, {})
        extra = node.get("settings", {}) if node.get("kind") in SERVICE_KINDS else {}
        group_rules.append({"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                            "then": _settings_definition(group_common, extra)})
    group_rules.append({"if": {"not": {"required": ["kind"]}},
                        "then": _settings_definition(group_common, {})})
    definitions["group"] = {"type": "object", "properties": group_common, "allOf": group_rules}
    conn_settings = {**fields.CONNECTION_SETTINGS, **_via_settings(kb)}
    definitions["connection"] = {
        "type": "object", "required": ["from", "to"],
        **_settings_definition({
            "from": {"type": "string", "description": "Component id."},
            "to": {"type": "string", "description": "Component id."},
            "label": text,
            "kind": {"enum": connection_kinds(kb),
                     "description": "Inferred from the KB when absent."},
            "mode": {"enum": list(fields.MODES),
                     "description": "Which trigger mode, when the KB allows several."},
            "lint_ignore": _rule_list(fields.LINT_IGNORE_DESCRIPTION),
        }, conn_settings),
    }
    ids = {"type": "string", "pattern": fields.ID_PATTERN}
    account = {name: setting_schema(d) for name, d in fields.ACCOUNT_KEYS.items()}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://archkb.dev/schema/spec-v1.json",
        "title": "archkb architecture spec (format v1)",
        "type": "object",
        "required": ["archkb", "components"],
        "additionalProperties": False,
        "properties": {
            "archkb": {"const": fields.SPEC_VERSION, "description": "Spec format version."},
            "name": text,
            "description": {"type": "string"},
            "direction": {"enum": list(fields.DIRECTIONS),
                          "description": "Layout direction (default: LR, or TB for a long "
                                         "chain that would be much wider than high)."},
            "legend": {"type": "boolean", "default": True,
                       "description": "Draw the one-row legend of the connection kinds used."},
            "account": {"type": "object", "properties": account, "additionalProperties": False},
            "lint": {"type": "object", "additionalProperties": False,
                     "properties": {k: _rule_list(d) for k, d in fields.LINT_KEYS.items()}},
            "groups": {"type": "object", "propertyNames": ids,
                       "additionalProperties": {"$ref": "#/definitions/group"}},
            "components": {"type": "object", "propertyNames": ids, "minProperties": 1,
                           "additionalProperties": {"$ref": "#/definitions/component"}},
            "connections": {"type": "array", "items": {"$ref": "#/definitions/connection"}},
            "workload": workload_schema(ids),
        },
        "definitions": definitions,
    }
