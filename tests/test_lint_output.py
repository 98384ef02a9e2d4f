"""Lint output: text lines, the JSON of DESIGN.md, SARIF 2.1.0 (validated against a schema
subset kept in the fixtures), the generated rule reference, and the ``archkb lint`` command
(formats, --fail-on, exit codes 0/1/2)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.lint import lint_spec
from generator.lint.formatters import format_json, format_sarif, format_text
from generator.lint.reference import rules_markdown
from generator.lint.rules import all_rules
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(__file__).resolve().parent / "fixtures" / "lint"
MIXED = LINT / "W4001" / "fail.yaml"        # warnings only
ERRORS = LINT / "E1001" / "fail.yaml"       # errors only
INFO = LINT / "I2503" / "fail.yaml"         # one info
CLEAN = LINT / "clean" / "orders-service.yaml"
TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): "
                       r"(?P<severity>error|warning|info) (?P<rule>[EWI]\d{4}) (?P<message>.+)$")


def expected_rules(*paths) -> list[str]:
    """The rules a fixture's ``.expected`` file lists, in order."""
    return [line.split()[0] for p in paths
            for line in p.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def findings_of(*paths, kb):
    out = []
    for p in paths:
        out += lint_spec(load_spec(p, kb), kb)
    return out


# -- formatters ----------------------------------------------------------------------------------
def test_text_format_is_one_located_line_per_finding(kb):
    findings = findings_of(ERRORS, MIXED, kb=kb)
    lines = format_text(findings).splitlines()
    assert len(lines) == len(findings) == len(expected_rules(ERRORS, MIXED))
    for line, f in zip(lines, findings):
        m = TEXT_LINE.match(line)
        assert m, line
        assert (m["file"], int(m["line"]), int(m["col"]), m["rule"]) == \
            (f.location.file, f.location.line, f.location.column, f.rule)
    assert format_text([]) == ""


def test_json_format_has_the_design_shape(kb):
    data = json.loads(format_json(findings_of(MIXED, kb=kb)))
    assert list(data) == ["findings"]
    for item in data["findings"]:
        assert {"rule", "severity", "message", "location", "source"} <= set(item)
        assert set(item) <= {"rule", "severity", "message", "component", "connection",
                             "location", "source"}
        assert set(item["location"]) == {"file", "line", "column"}
        assert item["severity"] in ("error", "warning", "info")
    assert data["findings"][0]["connection"] == "rest-api -> generate"


def sarif_validator():
    import jsonschema

    schema = json.loads((LINT / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_validates_against_the_sarif_2_1_0_schema(kb, monkeypatch):
    monkeypatch.chdir(ROOT)
    findings = findings_of(ERRORS, MIXED, INFO, kb=kb)
    log = json.loads(format_sarif(findings, kb))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, "\n".join(e.message for e in errors)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in all_rules()]
    assert all(r["shortDescription"]["text"] for r in rules)
    assert any(r.get("helpUri", "").startswith("https://docs.aws.amazon.com/") for r in rules)
    levels = {"E": "error", "W": "warning", "I": "note"}
    assert [r["level"] for r in run["results"]] == \
        [levels[r[0]] for r in expected_rules(ERRORS, MIXED, INFO)]
    for result, f in zip(run["results"], findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f.rule
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (f.location.line, f.location.column)
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == Path(f.location.file).relative_to(ROOT).as_posix()  # repo-relative


def test_sarif_schema_subset_rejects_what_sarif_rejects(kb):
    validator = sarif_validator()
    good = json.loads(format_sarif(findings_of(MIXED, kb=kb), kb))
    for breaking in (lambda d: d.update(version="2.0.0"),
                     lambda d: d["runs"][0]["results"][0].update(level="info"),
                     lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                     ["region"].update(startLine=0),
                     lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
                     lambda d: d["runs"][0]["results"][0].update(severity="warning")):
        bad = json.loads(json.dumps(good))
        breaking(bad)
        assert list(validator.iter_errors(bad)), breaking


# -- docs from data ------------------------------------------------------------------------------
def test_committed_rule_reference_is_generated_from_the_rules(kb):
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(kb), \
        "docs/rules.md is stale: run `python -m generator.lint.reference docs/rules.md`"
    for rule in all_rules():
        assert f"## {rule.id}" in committed and rule.title in committed


# -- the command ---------------------------------------------------------------------------------
def test_cli_text_output_and_exit_codes(invoke):
    result = invoke("lint", ERRORS)
    assert result.exit_code == 1
    rules = expected_rules(ERRORS)
    assert [TEXT_LINE.match(l)["rule"] for l in result.stdout.splitlines()] == rules
    assert f"{len(rules)} error(s)" in result.stderr

    result = invoke("lint", MIXED)  # warnings only: below the default --fail-on error
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2
    assert invoke("lint", MIXED, "--fail-on", "warning").exit_code == 1
    assert invoke("lint", INFO, "--fail-on", "warning").exit_code == 0
    assert invoke("lint", INFO, "--fail-on", "info").exit_code == 1
    clean = invoke("lint", CLEAN, "--fail-on", "info")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_cli_json_and_sarif_print_only_json(invoke):
    for args in (("--format", "json"), ("--json",)):
        result = invoke("lint", ERRORS, MIXED, *args)
        data = json.loads(result.stdout)
        assert [f["rule"] for f in data["findings"]] == expected_rules(ERRORS, MIXED)
        assert result.exit_code == 1
    result = invoke("lint", MIXED, "--format", "sarif")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["version"] == "2.1.0"


def test_cli_bad_input_exits_2_with_a_location(invoke, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda, memroy: 512}\n")
    result = invoke("lint", CLEAN, bad)
    assert result.exit_code == 2
    assert f"{bad}:3:" in result.stderr and "memroy" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    missing = invoke("lint", tmp_path / "nope.yaml")
    assert missing.exit_code == 2 and "nope.yaml" in missing.stderr
    assert invoke("lint", CLEAN, "--format", "xml").exit_code == 2
    assert invoke("lint").exit_code == 2


def test_cli_lints_a_sam_template(invoke):
    template = LINT / "templates" / "sam-long-timeout.yaml"
    result = invoke("lint", template, "--json")
    assert result.exit_code == 1, result.stderr
    found = [(f["rule"], f["location"]["file"], f["location"]["line"])
             for f in json.loads(result.stdout)["findings"]]
    assert ("E2001", str(template), 16) in found  # the template's `Timeout: 1200` line
