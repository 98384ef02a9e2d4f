"""Suppression as cfn-lint users expect it (issue 13), and rules that run on templates only."""
from __future__ import annotations

import json
from pathlib import Path

from generator.lint import run_lint
from generator.spec import load_any, load_any_text

LINT = Path(__file__).resolve().parent / "fixtures" / "lint"

SPEC = """archkb: 1
{lint}components:
  uploads: {{service: s3}}
  resize:  {{service: lambda, timeout: 30{comp_ignore}}}
  api:     {{service: api-gateway}}
  lookup:  {{service: lambda, timeout: 60}}
connections:
  - {{from: uploads, to: resize}}
  - {{from: api, to: lookup{conn_ignore}}}
"""


def rules(run):
    return [f.rule for f in run.findings], [f.rule for f in run.suppressed]


def spec_text(lint="", comp_ignore="", conn_ignore=""):
    return SPEC.format(lint=lint, comp_ignore=comp_ignore, conn_ignore=conn_ignore)


def test_a_finding_is_reported_without_suppression(kb):
    run = run_lint(load_any_text(spec_text(), "s.yaml", kb), kb)
    assert rules(run) == (["W4003", "W4001"], [])
    assert run.findings[1].connection == "api -> lookup"


def test_command_line_ignore_takes_ids_prefixes_and_serverless_rules_ids(kb):
    spec = load_any_text(spec_text(), "s.yaml", kb)
    for pattern in ("W4003", "w4003", "ES1001"):
        assert rules(run_lint(spec, kb, ignore=[pattern])) == (["W4001"], ["W4003"]), pattern
    for pattern in ("W40", "W"):
        assert rules(run_lint(spec, kb, ignore=[pattern])) == ([], ["W4003", "W4001"])
    assert rules(run_lint(spec, kb, ignore=["E"])) == (["W4003", "W4001"], [])


def test_the_spec_lint_block_and_lint_ignore_suppress(kb):
    for text, kept, quiet in (
            (spec_text(lint="lint: {ignore: [W4003, W4001]}\n"), [], ["W4003", "W4001"]),
            (spec_text(comp_ignore=", lint_ignore: [W4003]"), ["W4001"], ["W4003"]),
            (spec_text(conn_ignore=", lint_ignore: W4001"), ["W4003"], ["W4001"])):
        assert rules(run_lint(load_any_text(text, "s.yaml", kb), kb)) == (kept, quiet), text


def test_a_bad_lint_block_is_an_error_at_its_line(kb):
    import pytest
    from generator.errors import InputError

    with pytest.raises(InputError) as err:
        load_any_text(spec_text(lint="lint: {ignore: [3]}\n"), "s.yaml", kb)
    assert (err.value.line, err.value.column) == (2, 17)
    with pytest.raises(InputError) as err:
        load_any_text(spec_text(lint="lint: {skip: [W4003]}\n"), "s.yaml", kb)
    assert "unknown key 'skip'" in err.value.message


def test_template_only_rules_run_on_specs_when_enabled(kb):
    spec = load_any_text(spec_text(), "s.yaml", kb)
    assert "W2006" not in rules(run_lint(spec, kb))[0]
    assert "W2006" in rules(run_lint(spec, kb, enable=["W2006"]))[0]
    enabled = load_any_text(spec_text(lint="lint: {enable: [ES1005]}\n"), "s.yaml", kb)
    assert "W2006" in rules(run_lint(enabled, kb))[0]


TEMPLATE = """Transform: AWS::Serverless-2016-10-31
Resources:
  Resize:
    Type: AWS::Serverless::Function
{metadata}    Properties: {{Runtime: python3.12, Handler: a.h, CodeUri: src/, Timeout: 10}}
"""


def test_template_metadata_suppresses_matching_rules(kb):
    plain = run_lint(load_any_text(TEMPLATE.format(metadata=""), "t.yaml", kb), kb)
    assert {"W2006", "W7003"} <= set(rules(plain)[0])
    meta = ("    Metadata:\n      cfn-lint: {config: {ignore_checks: [ES1005, E3012]}}\n"
            "      archkb: {ignore: [W7003]}\n")
    run = run_lint(load_any_text(TEMPLATE.format(metadata=meta), "t.yaml", kb), kb)
    assert "W2006" not in rules(run)[0] and "W7003" not in rules(run)[0]
    assert sorted(rules(run)[1]) == ["W2006", "W7003"]


def test_suppressed_findings_are_counted_in_the_summary_and_json(invoke, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(spec_text(), encoding="utf-8")
    result = invoke("lint", path, "--ignore", "W4003")
    assert result.exit_code == 0
    assert "1 suppressed" in result.stderr and "W4003" not in result.stdout
    data = json.loads(invoke("lint", path, "--ignore", "W40,I", "--json").stdout)
    assert data["findings"] == [] and data["suppressed"] == 2


def test_metadata_of_the_resource_declaring_a_connection_suppresses_its_findings(kb):
    text = (LINT / "W4006" / "fail-cfn.yaml").read_text(encoding="utf-8")
    assert rules(run_lint(load_any_text(text, "t.yaml", kb), kb)) == (["W4006"], [])
    rule = "  Created:\n    Type: AWS::Events::Rule\n"
    assert rule in text
    quiet = text.replace(rule, rule + "    Metadata: {cfn-lint: {config: {ignore_checks: "
                                      "[ES4000]}}}\n")
    assert rules(run_lint(load_any_text(quiet, "t.yaml", kb), kb)) == ([], ["W4006"])
