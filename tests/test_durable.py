"""Lambda durable functions: the KB setting ``durable``, the importer reading ``DurableConfig``,
and W4005 leaving durable callers alone (they are suspended, not billed, while they wait)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.importers import import_template, load_template, template_to_spec_yaml
from generator.lint import lint_spec
from generator.spec import load_spec, spec_from_document
from generator.yamlsafe import load

PASS = Path(__file__).resolve().parent / "fixtures" / "lint" / "W4005" / "pass.yaml"

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Conditions: {Durable: !Equals [!Ref AWS::Region, us-east-1]}
Resources:
  Saga:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      DurableConfig:
        ExecutionTimeout: 3600
        RetentionPeriodInDays: 7
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: x}
  Raw:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: x}
      DurableConfig: {ExecutionTimeout: 900}
  Maybe:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      DurableConfig: !If [Durable, {ExecutionTimeout: 900}, !Ref AWS::NoValue]
"""


def test_the_kb_setting(kb):
    setting = kb.settings("lambda")["durable"]
    assert (setting["type"], setting["default"], setting["concept"], setting["source"]) == \
        ("boolean", False, "durable-functions", "lambda-durable")
    assert setting["description"] == ("Lambda durable function (checkpointed steps that may "
                                      "wait without being billed)")
    assert "durable-functions" in kb.nodes and "lambda-durable" in kb.sources


def test_the_importer_reads_durable_config_from_sam_and_cloudformation(kb):
    spec = import_template(load_template(TEMPLATE, "t.yaml"), kb).spec
    durable = {cid: c.settings.get("durable") for cid, c in spec.components.items()}
    assert durable == {"Saga": True, "Plain": None, "Raw": True, "Maybe": None}
    assert str(spec.components["Saga"].setting_locations["durable"]) == "t.yaml:10:9"


def test_the_imported_spec_says_durable_and_loads_back(kb):
    text = template_to_spec_yaml(load_template(TEMPLATE, "t.yaml"), kb)
    spec = spec_from_document(load(text, "out.yaml"), kb)
    assert spec.components["Saga"].settings["durable"] is True
    assert "durable" not in spec.components["Plain"].settings


def test_a_spec_setting_that_is_not_a_boolean_is_an_error(kb, tmp_path):
    from generator.errors import InputError

    path = tmp_path / "s.yaml"
    path.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda, durable: sometimes}\n")
    with pytest.raises(InputError) as info:
        load_spec(path, kb)
    assert (info.value.line, info.value.column) == (3, 34)


def test_w4005_skips_durable_callers_only(kb):
    spec = load_spec(PASS, kb)
    assert spec.components["saga"].settings["durable"] is True
    assert [f for f in lint_spec(spec, kb) if f.rule == "W4005"] == []
    waiting = copy.deepcopy(spec)
    waiting.components["saga"].settings["durable"] = False
    found = [f for f in lint_spec(waiting, kb) if f.rule == "W4005"]
    assert [(f.component, f.connection) for f in found] == [("saga", "saga -> charge")]
    del waiting.components["saga"].settings["durable"]  # the KB default: not durable
    assert [f.connection for f in lint_spec(waiting, kb) if f.rule == "W4005"] == \
        ["saga -> charge"]


def test_a_durable_callee_is_still_waited_for(kb, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("archkb: 1\ncomponents:\n"
                    "  caller: {service: lambda, timeout: 30}\n"
                    "  saga: {service: lambda, timeout: 900, durable: true}\n"
                    "connections:\n  - {from: caller, to: saga}\n")
    found = [f for f in lint_spec(load_spec(path, kb), kb) if f.rule == "W4005"]
    assert [f.connection for f in found] == ["caller -> saga"]


def test_the_rule_description_says_so():
    from generator.lint.rules.integration import SyncFunctionChain

    assert "durable" in SyncFunctionChain.description
    assert ("lambda", "durable") in SyncFunctionChain.kb_settings
