"""`archkb services`, service suggestions, and the breadth of the KB (issue 12)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import InputError
from generator.graph import queries
from generator.graph.services import services, suggest_services
from generator.spec.loader import spec_from_document
from generator.yamlsafe import load

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "serverless-patterns"
LISTED = ["rds", "rds-proxy", "elasticache", "memorydb", "waf", "route53", "cloudfront", "acm",
          "ecr", "codebuild", "codedeploy", "glue", "athena", "sagemaker", "bedrock",
          "bedrock-agents", "bedrock-knowledge-bases", "bedrock-agentcore", "rekognition",
          "textract", "comprehend", "transcribe", "translate", "polly", "mediaconvert",
          "location", "end-user-messaging", "pinpoint", "appconfig", "ssm-parameter-store",
          "ssm-automation", "kms", "xray", "cloudtrail", "timestream", "keyspaces", "app-runner",
          "transfer-family", "qldb"]
"""The services issue 12 lists, by KB id."""


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("name", LISTED)
def test_every_listed_service_is_explained(name, kb):
    answer = queries.explain(kb, name)
    assert answer["node"]["id"] == name if "node" in answer else True
    node = kb.nodes[name]
    assert node["kind"] in ("service", "database") and node.get("diagrams")
    assert node.get("summary") and node.get("source") in kb.sources


def test_new_services_carry_terraform_types_and_a_resolvable_cloudformation_type(kb):
    for name in ("rds", "rds-proxy", "elasticache", "waf", "route53", "sagemaker",
                 "bedrock-agentcore", "appconfig", "glue", "ecr", "codebuild"):
        node = kb.nodes[name]
        assert node["tf_types"], name
        assert kb.resolve(node["cfn_types"][0]) == name


def test_qldb_and_pinpoint_are_marked_ended_with_a_date_and_a_source(kb):
    for name in ("qldb", "pinpoint"):
        node = kb.nodes[name]
        assert node["status"] == "ended" and node["status_date"]
        assert node["status_source"] in kb.sources


def _ids(answer):
    return {(r["id"], r["mode"]) for r in answer["results"]}


def test_integration_tables_answer_for_services_other_than_lambda(kb):
    sfn = _ids(queries.targets(kb, "step-functions"))
    assert {("glue", "sync"), ("athena", "sync"), ("sagemaker", "sync"),
            ("codebuild", "sync"), ("step-functions", "sync")} <= sfn
    assert ("generic", "sync") in sfn  # SDK integrations reach the rest
    assert {("eventbridge", "async"), ("step-functions", "sync"), ("eventbridge-pipes", "async")} \
        <= _ids(queries.triggers(kb, "sagemaker"))
    assert ("step-functions", "sync") in _ids(queries.targets(kb, "eventbridge-pipes"))  # enrichment
    assert ("bedrock", "sync") in _ids(queries.targets(kb, "appsync"))
    for answer in (queries.triggers(kb, "codebuild"), queries.targets(kb, "eventbridge-scheduler")):
        assert answer["results"] and all(r["sources"] for r in answer["results"])


def test_services_json_lists_ids_names_aliases_and_both_kinds_of_types():
    result = run("services", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    assert {"lambda", "rds", "generic"} <= set(rows)
    rds = rows["rds"]
    assert rds["name"] == "Amazon RDS" and "postgres" in rds["aliases"]
    assert rds["cfn_types"] == ["AWS::RDS::DBInstance"] and rds["tf_types"] == ["aws_db_instance"]
    assert rows["qldb"]["status"] == "ended"


def test_services_filters_by_category_and_rejects_an_unknown_one(kb):
    result = run("services", "--category", "database")
    assert result.exit_code == 0 and "rds-proxy" in result.stdout and "lambda " not in result.stdout
    assert {r["category"] for r in services(kb, "ai")["results"]} == {"ai"}
    bad = run("services", "--category", "databases")
    assert bad.exit_code == 2 and "unknown category 'databases'" in bad.output


@pytest.mark.parametrize("name, expected", [
    ("rdss", "rds"), ("postgresql db", "rds"), ("redis cluster", "elasticache"),
    ("cassandra db", "keyspaces"), ("sagemakr", "sagemaker"), ("cloud watch", "cloudwatch"),
    ("web firewall", "waf")])
def test_suggestions_use_names_and_aliases(kb, name, expected):
    found = suggest_services(kb, name)
    assert found and found[0] == expected, found


def test_a_short_name_is_not_matched_inside_other_words(kb):
    assert "cloudwatch" not in suggest_services(kb, "rdx")
    assert "cloudwatch" not in kb.suggest("rdx")


def test_unknown_service_error_points_to_services_and_generic(kb):
    doc = load("archkb: 1\ncomponents:\n  db: {service: postgresql db}\n", "s.yaml")
    with pytest.raises(InputError) as info:
        spec_from_document(doc, kb)
    message = str(info.value)
    assert "did you mean 'rds'" in message and "archkb services" in message
    assert "service: generic" in message and "schema" not in message
    assert (info.value.line, info.value.column) == (3, 17)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not beside the project")
def test_corpus_runtime_resources_are_typed_to_kb_services(kb):
    spec = importlib.util.spec_from_file_location("bench_coverage", ROOT / "bench" / "bench_coverage.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    typed, generic, _ = bench.cfn_coverage(CORPUS, kb)
    share = sum(typed.values()) / (sum(typed.values()) + sum(generic.values()))
    assert share >= bench.TARGET, generic.most_common(10)
    assert "AWS::RDS::DBProxy" in typed and "AWS::WAFv2::WebACL" in typed
