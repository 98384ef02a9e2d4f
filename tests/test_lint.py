"""The lint engine and rules: metadata, the Finding record, numbers read from the KB (change the
KB, the verdict follows), messages that name the fix, and robustness on specs not written for
the rules (odd values, random specs)."""
from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.lint import Finding, lint_spec
from generator.lint.rules import all_rules
from generator.spec import spec_from_document
from generator.spec.model import Component, Connection, Location, Spec
from generator.yamlsafe import load

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(__file__).resolve().parent / "fixtures" / "lint"


def lint_text(text: str, kb, file: str = "s.yaml") -> list[Finding]:
    return lint_spec(spec_from_document(load(text, file), kb), kb)


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


def kb_with(kb, node: str, limit_id: str, value):
    """A copy of the KB whose ``node`` limit ``limit_id`` has another value."""
    other = copy.copy(kb)
    other.nodes = copy.deepcopy(kb.nodes)
    for item in other.nodes[node]["limits"]:
        if item["id"] == limit_id:
            item["value"] = value
            return other
    raise AssertionError(f"{node} has no limit {limit_id}")


# -- metadata -----------------------------------------------------------------------------------
def test_rule_metadata_is_complete_and_rests_on_the_kb(kb):
    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert re.fullmatch(r"[EWI]\d{4}", rule.id), rule.id
        assert rule.severity == {"E": "error", "W": "warning", "I": "info"}[rule.id[0]]
        assert rule.title and len(rule.description) > 60, rule.id
        assert rule.source in kb.sources, f"{rule.id}: unknown source {rule.source}"
        for node, limit_id in rule.kb_limits:
            assert isinstance(kb.limit_value(node, limit_id), (int, float)), (rule.id, limit_id)


def test_rules_cover_the_issue():
    titles = " ".join(r.title.lower() for r in all_rules())
    for words in ("triggers", "timeout", "memory", "ephemeral", "layers", "unreserved",
                  "provisioned", "visibility", "failure destination", "vpc", "recursive loop",
                  "synchronously", "runtime", "deprecated", "rust", "billing", "tracing",
                  "permissions"):
        assert words in titles, words


def test_finding_is_frozen_and_has_the_design_json_shape():
    f = Finding("W4002", "warning", "raise it", component="q",
                location=Location("s.yaml", 3, 5), source="lambda-with-sqs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.rule = "E0000"
    assert f.as_dict() == {"rule": "W4002", "severity": "warning", "message": "raise it",
                           "component": "q", "location": {"file": "s.yaml", "line": 3, "column": 5},
                           "source": "lambda-with-sqs"}
    assert "connection" not in f.as_dict()


def test_findings_are_sorted_by_location_then_rule(kb):
    text = """archkb: 1
components:
  b: {service: lambda, runtime: python3.1, memory: 20000, timeout: 2000}
  a: {service: lambda, timeout: 901}
"""
    findings = lint_text(text, kb)
    keys = [(f.location.line, f.location.column, f.rule) for f in findings]
    assert keys == sorted(keys)
    assert rules_of(findings) == ["E2501", "E2002", "E2001", "E2001"]


# -- limits come from the KB --------------------------------------------------------------------
FN = "archkb: 1\ncomponents:\n  fn: {{service: lambda, {settings}}}\n"


@pytest.mark.parametrize("settings_, node, limit_id, value, rule", [
    ("timeout: 700", "lambda", "timeout-max", 600, "E2001"),
    ("memory: 9000", "lambda", "memory-max", 8192, "E2002"),
    ("memory: 256", "lambda", "memory-min", 512, "E2002"),
    ("ephemeral_storage: 4096", "lambda", "ephemeral-storage-max", 2048, "E2003"),
    ("layers: [a, b, c]", "lambda", "layers-max", 2, "E2004"),
    ("reserved_concurrency: 850", "lambda", "unreserved-concurrency-min", 200, "E3001"),
    ("reserved_concurrency: 850", "lambda", "concurrency-regional-default", 900, "E3001"),
])
def test_function_limits_follow_the_kb(kb, settings_, node, limit_id, value, rule):
    text = FN.format(settings=settings_)
    assert rule not in rules_of(lint_text(text, kb))
    changed = kb_with(kb, node, limit_id, value)
    found = [f for f in lint_text(text, changed) if f.rule == rule]
    assert len(found) == 1 and f"{value:,}" in found[0].message


def test_queue_ratio_and_api_timeouts_follow_the_kb(kb):
    queue = """archkb: 1
components:
  q: {service: sqs, visibility_timeout: 100, dead_letter: d}
  d: {service: sqs}
  fn: {service: lambda, timeout: 20}
connections:
  - {from: q, to: fn}
"""
    assert "W4002" in rules_of(lint_text(queue, kb))  # 100 < 6 x 20
    assert "W4002" not in rules_of(lint_text(queue, kb_with(kb, "sqs", "visibility-timeout-to-function-timeout", 4)))
    api = """archkb: 1
components:
  api: {service: api-gateway, type: http}
  fn: {service: lambda, timeout: 30}
connections:
  - {from: api, to: fn}
"""
    assert "W4001" not in rules_of(lint_text(api, kb))  # HTTP APIs wait 30 s
    changed = kb_with(kb, "api-gateway", "integration-timeout-http", 20)
    found = [f for f in lint_text(api, changed) if f.rule == "W4001"]
    assert len(found) == 1 and "20 s" in found[0].message


def test_runtime_status_comes_from_the_kb(kb):
    text = FN.format(settings="runtime: python3.12")
    assert not lint_text(text, kb)
    changed = copy.copy(kb)
    changed.nodes = copy.deepcopy(kb.nodes)
    for choice in changed.nodes["lambda"]["settings"]["runtime"]["choices"]:
        if isinstance(choice, dict) and choice["value"] == "python3.12":
            choice.update(status="deprecated", deprecated_on="2030-01-01")
    found = lint_text(text, changed)
    assert rules_of(found) == ["W2502"] and "2030-01-01" in found[0].message


# -- what the findings say -------------------------------------------------------------------------
def test_trigger_error_names_what_can_trigger_instead(kb):
    text = """archkb: 1
components:
  table: {service: opensearch-serverless}
  fn: {service: lambda}
connections:
  - {from: table, to: fn, kind: triggers}
"""
    [f] = lint_text(text, kb)
    assert f.rule == "E1001" and f.connection == "table -> fn"
    assert re.search(r"async: [^;]*\bS3\b", f.message) and re.search(r"poll: [^;]*\bSQS\b", f.message)
    assert (f.location.line, f.location.column) == (6, 5)


def test_timeout_error_points_to_the_alternatives_in_the_kb(kb):
    [f] = lint_text(FN.format(settings="timeout: 3600"), kb)
    for name in ("AWS Fargate", "AWS Step Functions", "AWS Batch"):
        assert name in f.message


def test_account_concurrency_limit_overrides_the_default(kb):
    text = """archkb: 1
account: {concurrency_limit: 2000}
components:
  a: {service: lambda, reserved_concurrency: 1000}
  b: {service: lambda, reserved_concurrency: 850}
"""
    assert "E3001" not in rules_of(lint_text(text, kb))  # 2000 - 1850 = 150 >= 100
    found = lint_text(text.replace("2000", "1900"), kb)
    assert rules_of(found) == ["E3001"] and found[0].component == "b"
    assert "1,850" in found[0].message and "1,900" in found[0].message


def test_sync_callers_other_than_api_gateway(kb):
    text = """archkb: 1
components:
  users: {service: cognito}
  hook: {service: lambda, timeout: 10, tracing: active}
  a: {service: lambda, timeout: 10, tracing: active}
  b: {service: lambda, timeout: 60, tracing: active}
connections:
  - {from: users, to: hook, mode: sync}
  - {from: a, to: b}
"""
    found = {(f.rule, f.connection): f for f in lint_text(text, kb)}
    assert "5 s" in found[("W4001", "users -> hook")].message  # Cognito waits 5 s (KB)
    assert ("W4001", "a -> b") in found  # a function caller waits for its own timeout
    assert ("W4005", "a -> b") in found


def test_failure_destination_only_for_async_and_polled_functions(kb):
    text = """archkb: 1
components:
  api: {service: api-gateway}
  sync-only: {service: lambda}
  topic: {service: sns}
  listener: {service: lambda}
  listener-ok: {service: lambda, on_failure: dlq}
  dlq: {service: sqs}
connections:
  - {from: api, to: sync-only}
  - {from: topic, to: listener}
  - {from: topic, to: listener-ok}
"""
    found = [f for f in lint_text(text, kb) if f.rule == "W4003"]
    assert [f.component for f in found] == ["listener"]
    assert "on_failure" in found[0].message


def test_vpc_endpoint_covers_only_the_services_it_is_connected_to(kb):
    text = """archkb: 1
groups:
  vpc: {kind: vpc}
components:
  s3-endpoint: {service: vpc-endpoint, group: vpc}
  bucket: {service: s3}
  table: {service: dynamodb}
  fn: {service: lambda, group: vpc}
connections:
  - {from: s3-endpoint, to: bucket}
  - {from: fn, to: bucket, kind: writes}
  - {from: fn, to: table, kind: writes}
"""
    [f] = [f for f in lint_text(text, kb) if f.rule == "W5001"]
    assert "table" in f.message and "bucket" not in f.message.split("but")[0]


def test_loop_through_a_table_stream_and_a_filtered_trigger(kb):
    text = """archkb: 1
components:
  table: {service: dynamodb}
  fn: {service: lambda, on_failure: dlq}
  dlq: {service: sqs}
connections:
  - {from: table, to: fn}
  - {from: fn, to: table, kind: writes}
"""
    [f] = [f for f in lint_text(text, kb) if f.rule == "W4004"]
    assert f.connection == "fn -> table" and "fn -> table -> fn" in f.message
    filtered = text.replace("{from: table, to: fn}", "{from: table, to: fn, filters: [x]}")
    assert "W4004" not in rules_of(lint_text(filtered, kb))


# -- robustness ----------------------------------------------------------------------------------
def test_values_that_are_not_plain_numbers_are_ignored_not_crashed_on(kb):
    loc = Location("t.yaml", 1, 1)
    odd = {"timeout": {"Ref": "Timeout"}, "memory": "1024", "layers": "one-layer",
           "permissions": "*", "runtime": 12, "reserved_concurrency": True,
           "provisioned_concurrency": None, "tracing": ["active"]}
    spec = Spec("odd", "t.yaml", components={
        "fn": Component("fn", "lambda", "fn", "missing-group", odd, loc),
        "q": Component("q", "sqs", "q", None, {"visibility_timeout": "x"}, loc)},
        connections=[Connection(0, "q", "fn", "triggers", "poll", "event-source-mapping", None,
                                False, {}, loc),
                     Connection(1, "fn", "ghost", "writes", None, None, None, True, {}, loc)])
    findings = lint_spec(spec, kb)
    assert set(rules_of(findings)) <= {"W4003"}


def test_the_design_example_has_no_errors_but_real_warnings(kb):
    from generator.spec import load_spec

    findings = lint_spec(load_spec(LINT / "design-example.yaml", kb), kb)
    assert [(f.rule, f.component) for f in findings] == [
        ("I2008", "orders"),  # invoked directly by both API Gateway and S3
        ("W4003", "orders"),  # S3 notifications and the queue have nowhere to put failures
        ("W5001", "orders"),  # in a VPC subnet, writing to DynamoDB with no endpoint or NAT
        ("W4001", "orders"),  # REST API waits 29 s, the function may run 30 s
    ]


def clean_specs() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.yaml")) + sorted((LINT / "clean").glob("*.yaml"))


@pytest.mark.parametrize("path", clean_specs(), ids=lambda p: p.name)
def test_examples_lint_clean_of_errors(path, kb):
    from generator.spec import load_any

    findings = lint_spec(load_any(path, kb), kb)
    assert not [str(f) for f in findings if f.severity == "error"]
    if path.parent.name == "clean":
        assert not findings, "\n".join(str(f) for f in findings)


SERVICES = ["lambda", "lambda", "lambda", "sqs", "sns", "s3", "dynamodb", "api-gateway",
            "eventbridge", "kinesis", "nat-gateway", "vpc-endpoint", "http-endpoint", "cognito"]
LAMBDA_SETTINGS = st.fixed_dictionaries({}, optional={
    "timeout": st.integers(1, 2000), "memory": st.integers(64, 20000),
    "runtime": st.sampled_from(["python3.12", "go1.x", "rust", "nodejs99", "java21"]),
    "reserved_concurrency": st.integers(0, 900), "provisioned_concurrency": st.integers(0, 50),
    "tracing": st.sampled_from(["active", "passthrough"]),
    "layers": st.lists(st.sampled_from("abcdefg"), max_size=7),
    "internet_access": st.booleans(), "permissions": st.lists(st.sampled_from(["*", "s3:Get*", "sqs:SendMessage"]), max_size=2),
})


@st.composite
def random_specs(draw):
    n = draw(st.integers(1, 8))
    services = [draw(st.sampled_from(SERVICES)) for _ in range(n)]
    lines = ["archkb: 1", "groups:", "  v: {kind: vpc}", "components:"]
    for i, svc in enumerate(services):
        extra = {}
        if svc == "lambda":
            extra = draw(LAMBDA_SETTINGS)
        elif svc == "sqs":
            extra = draw(st.fixed_dictionaries({}, optional={"visibility_timeout": st.integers(0, 3000)}))
        if draw(st.booleans()):
            extra["group"] = "v"
        body = ", ".join(f"{k}: {v if not isinstance(v, list) else '[' + ', '.join(repr(x) for x in v) + ']'}"
                         for k, v in extra.items())
        body = body.replace("True", "true").replace("False", "false")
        lines.append(f"  c{i}: {{service: {svc}{', ' + body if body else ''}}}")
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10))
    if pairs:
        lines.append("connections:")
        lines += [f"  - {{from: c{a}, to: c{b}}}" for a, b in pairs]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=random_specs())
def test_random_specs_lint_without_crashing(kb, text):
    from generator.errors import InputError

    try:
        spec = spec_from_document(load(text, "r.yaml"), kb)
    except InputError:
        return  # the loader refused it (e.g. an explicit mistake): nothing to lint
    findings = lint_spec(spec, kb)
    assert findings == sorted(findings, key=Finding.sort_key)
    lines = text.count("\n")
    for f in findings:
        assert f.location.file == "r.yaml" and 1 <= f.location.line <= lines
        assert f.message and f.source in kb.sources


def test_settings_the_rules_read_exist_in_the_kb(kb):
    for rule in all_rules():
        for service, setting in rule.kb_settings:
            assert setting in kb.settings(service), (rule.id, service, setting)
