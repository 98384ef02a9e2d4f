"""Regression tests for issue 13's import fidelity: what templates used to lose silently (literal
and !Sub ARNs, SAM-created destinations, !Sub JSON redrive policies, dead-letter queues of
rule targets) and what the import now reports when it cannot use a value."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.lint import lint_spec
from generator.spec import load_any

FIDELITY = Path(__file__).resolve().parent / "fixtures" / "import_fidelity"


@pytest.fixture(scope="module")
def arns(kb):
    return load_any(FIDELITY / "literal-arns.yaml", kb)


def conns(spec) -> dict:
    return {(c.source, c.target): c for c in spec.connections}


def test_sam_onfailure_sqs_without_destination_is_a_queue_sam_creates(kb):
    spec = load_any(FIDELITY / "sam-onfailure-created.yaml", kb)
    fn = spec.components["Thumbnail"]
    assert fn.settings["on_failure"] == "ThumbnailDestinationQueue"
    assert spec.components["ThumbnailDestinationQueue"].service == "sqs"
    assert "W4003" not in [f.rule for f in lint_spec(spec, kb)]  # was a false positive


def test_a_literal_topic_arn_keeps_the_sns_trigger_as_an_external_topic(arns):
    topic = arns.components["ops-alarms"]
    assert topic.service == "sns" and topic.label == "ops-alarms (existing)"
    assert "ops-alarms" in arns.external
    conn = conns(arns)[("ops-alarms", "Alerts")]
    assert (conn.kind, conn.mode) == ("triggers", "async")


def test_a_sub_arn_failure_destination_counts(arns, kb):
    assert arns.components["Alerts"].settings["on_failure"] == "alerts-failed"
    assert arns.components["alerts-failed"].service == "sqs"
    assert not [f for f in lint_spec(arns, kb) if f.rule == "W4003"]


def test_redrive_policies_by_literal_arn_and_as_sub_json_are_read(arns, kb):
    assert arns.components["Work"].settings["dead_letter"] == "work-dlq"
    assert arns.components["Jobs"].settings == {"dead_letter": "JobsDlq", "max_receive_count": 3}
    assert conns(arns)[("Jobs", "JobsDlq")].label == "dead letters"
    rules = {(f.rule, f.component) for f in lint_spec(arns, kb)}
    assert not {("W4007", q) for q in ("Work", "Jobs", "JobsDlq", "work-dlq")} & rules


def test_a_rule_target_dead_letter_queue_is_read_and_drawn(arns):
    c = conns(arns)
    assert c[("Nightly", "Alerts")].settings["dead_letter"] == "JobsDlq"
    assert c[("Nightly", "JobsDlq")].label == "dead letters"
    assert c[("Nightly", "JobsDlq")].kind == "fails_to"  # a failure path, not a trigger


def test_what_the_import_cannot_use_is_a_warning_with_its_line(arns):
    [warning] = [w for w in arns.warnings if "rule target" in w.message]
    assert (warning.line, warning.column) == (43, 11)
    assert "FindInMap" in warning.message


def test_strict_turns_those_warnings_into_a_load_failure(invoke):
    result = invoke("lint", "--strict", FIDELITY / "literal-arns.yaml")
    assert result.exit_code == 2
    assert "literal-arns.yaml:43:11: rule target" in result.stderr
    assert "[--strict]" in result.stderr
    assert invoke("lint", FIDELITY / "literal-arns.yaml").exit_code == 0


def test_arns_of_integrations_are_not_taken_for_resources(kb):
    text = ("Resources:\n  Api: {Type: AWS::ApiGateway::RestApi}\n  M:\n    Type: "
            "AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n"
            "      Integration: {Type: AWS, Uri: !Sub "
            "'arn:aws:apigateway:${AWS::Region}:dynamodb:action/PutItem'}\n")
    from generator.spec import load_any_text

    spec = load_any_text(text, "t.yaml", kb)
    assert sorted(spec.components) == ["Api"]


@pytest.fixture(scope="module")
def wiring(kb):
    return conns(load_any(FIDELITY / "missing-wiring.yaml", kb))


@pytest.mark.parametrize("pair, label", [
    (("Api", "AuthFn"), "authorizer"),            # SAM Auth.Authorizers (REST)
    (("HttpApi", "AuthFn"), "authorizer"),        # SAM Auth.Authorizers (HTTP)
    (("ClassicApi", "AuthFn"), "authorizer"),     # AWS::ApiGateway::Authorizer
    (("Gateway", "Users"), "authorizer"),         # AgentCore JWT authorizer (Cognito)
    (("Gateway", "Interceptor"), "interceptor"),  # AgentCore interceptor function
    (("Pipe", "ChangesDlq"), "dead letters"),     # a pipe's dead-letter queue
    (("Db", "DbSecret"), "credentials"),          # database credentials
    (("Proxy", "DbSecret"), "credentials"),       # RDS Proxy auth
    (("Broker", "BrokerSecret"), "credentials"),  # Amazon MQ basic auth
    (("Build", "Artifacts"), "artifacts"),        # CodeBuild -> S3
    (("Crawler", "Lake"), "crawls"),              # Glue crawler -> S3 (by s3:// path)
    (("Ledger", "Changes"), "journal"),           # QLDB stream -> Kinesis
    (("Orders", "Changes"), None),                # a function's log subscription
])
def test_missing_wiring_is_drawn(wiring, pair, label):
    assert pair in wiring
    assert wiring[pair].label == label


def test_authorizers_are_synchronous_triggers(wiring):
    conn = wiring[("Api", "AuthFn")]
    assert (conn.kind, conn.mode) == ("triggers", "sync")


def test_a_gateway_target_name_is_not_a_reference(wiring):
    assert not [pair for pair in wiring if pair[0] == "Orders" and pair[1] in (
        "Gateway", "WeatherTarget")]


def test_external_components_are_drawn_as_existing_resources(arns, kb):
    from generator.render import to_dot, to_mermaid

    dot = to_dot(arns, kb)
    line = next(l for l in dot.splitlines() if l.strip().startswith('"ops-alarms" ['))
    assert 'style="dashed,rounded"' in line and "(existing)" in line
    inside = next(l for l in dot.splitlines() if l.strip().startswith("\"Alerts\" ["))
    assert "dashed" not in inside
    assert "style ops_alarms stroke:#8A96A3,stroke-dasharray:5 5" in to_mermaid(arns, kb)


def test_imports_and_parameters_are_external_components_too(kb):
    from generator.spec import load_any_text

    text = ("Transform: AWS::Serverless-2016-10-31\n"
            "Parameters: {TopicArn: {Type: String}}\n"
            "Resources:\n"
            "  Worker:\n"
            "    Type: AWS::Serverless::Function\n"
            "    Properties:\n"
            "      Runtime: python3.12\n      Handler: a.h\n      CodeUri: src/\n"
            "      Events:\n"
            "        Jobs: {Type: SQS, Properties: {Queue: !ImportValue shared-jobs-arn}}\n"
            "        Note: {Type: SNS, Properties: {Topic: !Ref TopicArn}}\n")
    spec = load_any_text(text, "t.yaml", kb)
    assert spec.components["shared-jobs-arn"].service == "sqs"
    assert spec.components["TopicArn"].service == "sns"
    assert spec.external == {"shared-jobs-arn", "TopicArn"}
    assert {(c.source, c.target) for c in spec.connections} == {
        ("shared-jobs-arn", "Worker"), ("TopicArn", "Worker")}


@pytest.mark.parametrize("name", ["literal-arns.yaml", "missing-wiring.yaml",
                                  "sam-onfailure-created.yaml"])
def test_the_written_spec_loads_back_without_errors(kb, name):
    from generator.importers import template_to_spec_yaml
    from generator.importers import read_template
    from generator.spec import load_any_text

    text = template_to_spec_yaml(read_template(FIDELITY / name), kb)
    spec = load_any_text(text, "spec.yaml", kb)
    assert not [str(f) for f in lint_spec(spec, kb) if f.severity == "error"]
