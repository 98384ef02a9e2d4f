"""Every lint rule against its fixtures, found by file name (serverless-rules style):

``tests/fixtures/lint/<RULE>/pass*.yaml`` must give no finding of that rule;
``tests/fixtures/lint/<RULE>/fail*.yaml`` must give exactly the findings listed, one
``RULE LINE:COLUMN`` per line, in ``fail*.expected`` beside it. A fixture may be a spec or a
CloudFormation/SAM template. A meta-test requires a pass and a fail fixture for every rule (and
no fixture folder without a rule); rules that check templates (``scope = "template"``) also need
a SAM (``fail-sam*.yaml``) and a plain CloudFormation (``fail-cfn*.yaml``) fail fixture.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.lint import lint_spec
from generator.lint.rules import all_rules
from generator.spec import load_any

LINT = Path(__file__).resolve().parent / "fixtures" / "lint"
RULE_ID = re.compile(r"^[EWI]\d{4}$")
RULES = {r.id: r for r in all_rules()}


def rule_dirs() -> list[Path]:
    return sorted(p for p in LINT.iterdir() if p.is_dir() and RULE_ID.match(p.name))


def fixtures(kind: str) -> list[Path]:
    return sorted(f for d in rule_dirs() for f in d.glob(f"{kind}*.yaml"))


def read_expected(path: Path) -> list[tuple[str, int, int]]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            rule, where = line.split()
            row, col = where.split(":")
            out.append((rule, int(row), int(col)))
    return out


def test_every_rule_has_a_pass_and_a_fail_fixture():
    missing = []
    for rule_id in RULES:
        folder = LINT / rule_id
        if not list(folder.glob("pass*.yaml")):
            missing.append(f"{rule_id}/pass.yaml")
        if not list(folder.glob("fail*.yaml")):
            missing.append(f"{rule_id}/fail.yaml")
    assert not missing, f"rules without fixtures: {missing}"


def test_template_rules_have_sam_and_cloudformation_fail_fixtures():
    missing = [f"{rule.id}/{kind}.yaml" for rule in RULES.values()
               if getattr(rule, "scope", "all") == "template"
               for kind in ("fail-sam", "fail-cfn")
               if not list((LINT / rule.id).glob(f"{kind}*.yaml"))]
    assert not missing, f"template rules without template fixtures: {missing}"


def test_every_fixture_folder_is_a_rule_and_every_fail_fixture_has_expectations():
    assert {d.name for d in rule_dirs()} <= set(RULES), "fixture folder for an unknown rule"
    for fail in fixtures("fail"):
        assert fail.with_suffix(".expected").is_file(), f"{fail} has no .expected file"
    for expected in LINT.glob("*/*.expected"):
        assert expected.with_suffix(".yaml").is_file(), f"{expected} has no fixture"


@pytest.mark.parametrize("path", fixtures("fail"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fail_fixture_gives_exactly_the_expected_findings(path, kb):
    findings = lint_spec(load_any(path, kb), kb)
    got = [(f.rule, f.location.line, f.location.column) for f in findings]
    expected = read_expected(path.with_suffix(".expected"))
    assert got == expected, "\n".join(str(f) for f in findings)
    assert path.parent.name in {rule for rule, _, _ in expected}, "must show its own rule"
    for f in findings:
        assert f.location.file == str(path)
        assert f.severity == RULES[f.rule].severity
        assert f.source and f.source in kb.sources, f"{f.rule}: unknown source {f.source!r}"


@pytest.mark.parametrize("path", fixtures("pass"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pass_fixture_has_no_finding_of_its_rule(path, kb):
    findings = lint_spec(load_any(path, kb), kb)
    own = [str(f) for f in findings if f.rule == path.parent.name]
    assert not own, "\n".join(own)
    assert not [f for f in findings if f.severity == "error"], "pass fixtures are error-free"
