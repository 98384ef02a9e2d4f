"""``Spec.warnings``: what loading noticed and did not stop for (here, an OpenAPI file the
template names but that is not there). The importer fills it; render, lint, recommend --spec
and import print each to stderr as ``file:line:col: warning: message``, never on stdout."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.spec import load_any
from generator.spec.model import Spec

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATE = FIXTURES / "spec_warnings" / "missing_openapi.yaml"
MESSAGE = "Api: OpenAPI definition openapi-not-here.yaml not found; its integrations are not " \
          "imported"
LINE = f"{TEMPLATE}:8:22: warning: {MESSAGE}"
GOOD_SPEC = FIXTURES / "lint" / "W4005" / "pass.yaml"


def test_spec_has_a_warnings_field_that_defaults_to_empty():
    assert Spec(name="s", file="s.yaml").warnings == []
    assert Spec(name="a", file="a").warnings is not Spec(name="b", file="b").warnings


def test_the_importer_fills_it_and_a_spec_has_none(kb):
    spec = load_any(TEMPLATE, kb)
    assert [(w.file, w.line, w.column, w.message) for w in spec.warnings] == \
        [(str(TEMPLATE), 8, 22, MESSAGE)]
    assert load_any(GOOD_SPEC, kb).warnings == []


@pytest.mark.parametrize("args", [("import",), ("lint",), ("recommend", "--spec"),
                                  ("recommend", "--json", "--spec")])
def test_commands_print_warnings_to_stderr_only(invoke, args):
    result = invoke(*args, TEMPLATE)
    assert result.exit_code == 0, result.stderr
    assert LINE in result.stderr.splitlines()
    assert "OpenAPI definition" not in result.stdout


def test_render_prints_warnings_to_stderr(invoke, tmp_path):
    result = invoke("render", TEMPLATE, "-f", "mermaid", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert LINE in result.stderr.splitlines()
    assert result.stdout.strip() == str(tmp_path / "missing_openapi.mmd")


def test_lint_json_lists_warnings_under_their_own_key(invoke):
    result = invoke("lint", TEMPLATE, GOOD_SPEC, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["warnings"] == [{"message": MESSAGE, "file": str(TEMPLATE), "line": 8,
                                 "column": 22}]
    assert "findings" in data
    clean = json.loads(invoke("lint", GOOD_SPEC, "--json").stdout)
    assert clean["warnings"] == [] and clean["findings"] == []


def test_import_json_keeps_its_warnings_key(invoke):
    result = invoke("import", TEMPLATE, "--json")
    data = json.loads(result.stdout)
    assert data["warnings"] == [{"message": MESSAGE, "file": str(TEMPLATE), "line": 8,
                                 "column": 22}]
    assert result.stderr.splitlines() == [LINE]
