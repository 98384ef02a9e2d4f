"""The JSON Schema generated from the KB: valid, complete, and in step with the loader."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.spec import spec_json_schema
from generator.spec.fields import CONNECTION_SETTINGS
from generator.yamlsafe import read

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted((ROOT / "examples").glob("*.yaml")) + \
    [ROOT / "tests" / "fixtures" / "spec" / "good" / name
     for name in ("design-example.yaml", "workload.yaml")]
"""Specs that name services by KB id (the schema lists ids; the loader also takes aliases)."""


@pytest.fixture(scope="module")
def schema(kb):
    return spec_json_schema(kb)


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_schema_lists_kb_services_and_settings(schema, kb):
    services = schema["definitions"]["component"]["properties"]["service"]["enum"]
    assert services == kb.by_kind("service", "database")
    lam = schema["definitions"]["settings-lambda"]["properties"]
    assert set(kb.settings("lambda")) <= set(lam)
    memory = lam["memory"]
    assert memory["anyOf"][0] == {"type": "integer", "minimum": 128, "maximum": 10240}
    assert "unit: MB" in memory["description"]
    assert lam["architecture"]["enum"] == ["x86_64", "arm64"]
    assert {"enum"} <= set(lam["runtime"]["anyOf"][0])  # open enum: choices and any string
    kinds = schema["definitions"]["connection"]["properties"]["kind"]["enum"]
    assert kinds[:5] == ["triggers", "reads", "writes", "calls", "publishes"]
    assert set(CONNECTION_SETTINGS) <= set(schema["definitions"]["connection"]["properties"])


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_specs_that_load_validate(path, validator):
    data = read(path).data
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("data,where", [
    ({"archkb": 1, "components": {"fn": {"service": "lambda", "memroy": 1}}}, "memroy"),
    ({"archkb": 1, "components": {"fn": {"service": "lambda", "memory": "lots"}}}, "lots"),
    ({"archkb": 2, "components": {"fn": {"service": "lambda"}}}, "const"),
    ({"archkb": 1, "components": {"fn": {"service": "lamda"}}}, "lamda"),
    ({"archkb": 1, "components": {"q": {"service": "sqs"}},
      "connections": [{"from": "q", "to": "q", "batchsize": 1}]}, "batchsize"),
    ({"archkb": 1, "groups": {"g": {"kind": "subnet", "public": "yes"}},
      "components": {"q": {"service": "sqs"}}}, "yes"),
    ({"archkb": 1, "componets": {}}, "componets"),
    ({"archkb": 1, "components": {"fn": {"service": "lambda"}},
      "workload": {"durration": "1s"}}, "durration"),
    ({"archkb": 1, "components": {"fn": {"service": "lambda"}},
      "workload": {"components": {"fn": {"memory": 1}}}}, "memory"),
])
def test_schema_rejects(data, where, validator):
    errors = list(validator.iter_errors(data))
    assert errors and any(where in str(e) for e in errors)


def test_schema_command(invoke, schema, tmp_path):
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(json.dumps(schema))
    out = tmp_path / "archkb.schema.json"
    result = invoke("schema", "-o", out)
    assert result.exit_code == 0 and json.loads(out.read_text()) == json.loads(result.stdout
                                                                               or out.read_text())


def test_schema_is_deterministic(kb):
    assert json.dumps(spec_json_schema(kb)) == json.dumps(spec_json_schema(kb))
