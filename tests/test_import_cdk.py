"""CDK output (real `cdk synth` of tests/fixtures/cdk/app): construct paths as labels, CDK
internals hidden unless asked, notifications wired through the CDK's custom resource, and
grouping by construct."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.importers import import_source, source_kind

CDK_OUT = Path(__file__).resolve().parent / "fixtures" / "cdk" / "cdk.out"
TEMPLATE = CDK_OUT / "OrdersStack.template.json"


@pytest.fixture(scope="module")
def imported(kb):
    return import_source(CDK_OUT, kb)


def _by_label(spec):
    return {c.label: c for c in spec.components.values()}


def test_a_cdk_out_folder_is_recognized(kb):
    assert source_kind(CDK_OUT) == "cdk"
    assert source_kind(TEMPLATE) == "cloudformation"  # a template: CDK metadata decides


def test_labels_are_construct_paths_not_hashed_ids(imported):
    spec = imported.spec
    labels = _by_label(spec)
    assert {"Orders", "Jobs", "JobsDlq", "Worker", "Uploads", "OrdersApi/Handler",
            "OrdersApi/Api"} <= set(labels)
    assert labels["Worker"].id != "Worker" and labels["Worker"].id.startswith("Worker")
    assert spec.name == "OrdersStack"


def test_cdk_internals_are_hidden_by_default(imported, kb):
    template = json.loads(TEMPLATE.read_text())["Resources"]
    internal = [rid for rid, body in template.items()
                if body["Type"] in ("AWS::CDK::Metadata", "Custom::LogRetention",
                                    "Custom::S3BucketNotifications")
                or "BucketNotificationsHandler" in rid or rid.startswith("LogRetention")]
    assert len(internal) >= 4
    assert not set(internal) & set(imported.spec.components)
    shown = import_source(CDK_OUT, kb, show_internal=True).spec.components
    assert set(internal) & set(shown)


def test_wiring_reads_the_cdk_constructs(imported):
    labels = _by_label(imported.spec)
    found = {(imported.spec.components[c.source].label,
              imported.spec.components[c.target].label): c for c in imported.spec.connections}
    assert found[("Jobs", "Worker")].mode == "poll"
    assert found[("Uploads", "Worker")].settings["filters"] == ["suffix=.csv"]  # custom res.
    assert ("OrdersApi/Api", "OrdersApi/Handler") in found
    assert ("Jobs", "JobsDlq") in found
    assert labels["OrdersApi/Handler"].settings["memory"] == 512
    # grantReadData includes dynamodb:ConditionCheckItem, which is a read; grantWriteData is not
    assert found[("Worker", "Orders")].kind == "reads"
    assert found[("OrdersApi/Handler", "Orders")].kind == "writes"
    for item in list(imported.spec.components.values()) + imported.spec.connections:
        assert item.location.file.endswith("OrdersStack.template.json") and item.location.line


def test_group_by_construct(kb):
    spec = import_source(CDK_OUT, kb, group_by="construct").spec
    group = spec.groups["construct-OrdersApi"]
    members = sorted(c.label for c in spec.components.values() if c.group == group.id)
    assert members == ["OrdersApi/Api", "OrdersApi/Handler"]


def test_cli_import_render_and_lint_accept_cdk_out(invoke, tmp_path):
    result = invoke("import", str(CDK_OUT), "--group-by", "construct")
    assert result.exit_code == 0 and "construct-OrdersApi" in result.stdout
    result = invoke("render", str(CDK_OUT), "-o", str(tmp_path), "-f", "dot", "--no-lint",
                    "--group-by", "construct")
    assert result.exit_code == 0, result.output
    dot = next(tmp_path.glob("*.dot")).read_text()
    assert "cluster" in dot and "OrdersApi" in dot
    result = invoke("lint", str(TEMPLATE))
    assert result.exit_code in (0, 1) and "OrdersStack.template.json:" in result.stdout


def test_several_stacks_and_nested_stacks_are_drawn_together(kb, tmp_path):
    out = tmp_path / "cdk.out"
    out.mkdir()
    manifest = json.loads((CDK_OUT / "manifest.json").read_text())
    manifest["artifacts"]["CopyStack"] = {**manifest["artifacts"]["OrdersStack"],
                                          "properties": {"templateFile": "Copy.template.json"}}
    (out / "manifest.json").write_text(json.dumps(manifest))
    (out / "OrdersStack.template.json").write_text(TEMPLATE.read_text())
    parent = {"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack",
                                      "Metadata": {"aws:asset:path": "Nested.nested.template.json",
                                                   "aws:cdk:path": "CopyStack/Child"}}}}
    (out / "Copy.template.json").write_text(json.dumps(parent))
    nested = {"Resources": {"Q": {"Type": "AWS::SQS::Queue",
                                  "Metadata": {"aws:cdk:path": "CopyStack/Child/Q/Resource"}}}}
    (out / "Nested.nested.template.json").write_text(json.dumps(nested))
    spec = import_source(out, kb).spec
    ids = set(spec.components)
    assert "CopyStack.Child.Q" in ids  # the nested stack's queue, under its stack's name
    assert "CopyStack.Child" not in ids  # not also drawn as a box: its content is there
    assert any(i.startswith("OrdersStack.Worker") for i in ids)
    jobs = next(c for c in spec.components.values() if c.label == "Jobs")
    assert jobs.settings["dead_letter"].startswith("OrdersStack.JobsDlq")  # ids renamed
    assert all(c.source in ids and c.target in ids for c in spec.connections)
