"""Every query command through click, human and JSON output, and exit codes."""
import json

import pytest


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_triggers_json_shape(invoke):
    data = as_json(invoke("triggers", "lambda", "--json"))
    assert data["query"] == "triggers lambda"
    for r in data["results"]:
        assert {"id", "name", "mode", "via", "sources"} <= set(r)
        assert r["mode"] in ("sync", "async", "poll")
    modes = [r["mode"] for r in data["results"]]
    assert modes == sorted(modes, key=["sync", "async", "poll"].index)


def test_triggers_mode_filter(invoke):
    data = as_json(invoke("triggers", "Lambda", "--mode", "poll", "--json"))
    assert data["results"] and {r["mode"] for r in data["results"]} == {"poll"}


def test_triggers_human_table(invoke):
    result = invoke("triggers", "lambda")
    assert result.exit_code == 0
    assert "MODE" in result.output and "Sources:" in result.output
    assert "Amazon SQS (sqs)" in result.output and "https://docs.aws.amazon.com" in result.output


def test_targets(invoke):
    data = as_json(invoke("targets", "AWS::SNS::Topic", "--json"))
    assert data["node"]["id"] == "sns"
    assert "sqs" in {r["id"] for r in data["results"]}


def test_path(invoke):
    data = as_json(invoke("path", "s3", "dynamodb", "--json"))
    assert data["results"][0]["path"][0] == "s3"
    hops = [r["hops"] for r in data["results"]]
    assert hops == sorted(hops)
    assert "s3 ->" in invoke("path", "s3", "dynamodb").output


def test_explain(invoke):
    data = as_json(invoke("explain", "lambda", "--json"))
    node = data["results"][0]
    assert node["id"] == "lambda" and node["sources"]
    assert any(l["id"] == "timeout-max" for l in node["limits"])
    text = invoke("explain", "lambda").output
    assert "Where the article is out of date" in text and "Limits:" in text


@pytest.mark.parametrize("question,intent,subject", [
    ("what triggers lambda", "triggers", "lambda"),
    ("What can trigger Lambda?", "triggers", "lambda"),
    ("what can sns trigger", "targets", "sns"),
    ("what does SNS deliver to?", "targets", "sns"),
    ("trade-offs of lambda", "tradeoffs", "lambda"),
    ("alternatives to lambda", "alternatives", "lambda"),
    ("what is provisioned concurrency", "explain", "provisioned-concurrency"),
    ("what triggers step functions", "triggers", "step-functions"),  # "functions" is the name
    ("what can trigger Lambda functions?", "triggers", "lambda"),
    ("what can an S3 bucket trigger", "targets", "s3"),
])
def test_query_phrasings(invoke, question, intent, subject):
    data = as_json(invoke("query", question, "--json"))
    assert data["intent"] == intent and data["query"] == question
    got = data.get("node", {}).get("id") or data["results"][0]["id"]
    assert got == subject


def test_query_path_phrasing(invoke):
    data = as_json(invoke("query", "how does S3 connect to DynamoDB", "--json"))
    assert data["intent"] == "path" and data["results"][0]["path"][-1] == "dynamodb"


def test_query_with_mode_word(invoke):
    data = as_json(invoke("query", "what triggers lambda asynchronously", "--json"))
    assert {r["mode"] for r in data["results"]} == {"async"}


def test_unknown_name_exits_2_with_suggestion(invoke):
    result = invoke("triggers", "lamda")
    assert result.exit_code == 2
    assert "did you mean 'lambda'" in result.stderr and result.stdout == ""


def test_unanswerable_question_exits_1_with_commands(invoke):
    result = invoke("query", "sing me a song")
    assert result.exit_code == 1
    assert "archkb query '" in result.stdout
    data = json.loads(invoke("query", "sing me a song", "--json").stdout)
    assert data["intent"] == "unanswered" and data["suggestions"]
    assert all(s.startswith("archkb ") for s in data["suggestions"])


def test_empty_question_is_a_usage_error(invoke):
    assert invoke("query", " ").exit_code == 2


def test_kb_export_formats(invoke, tmp_path):
    data = as_json(invoke("kb", "export", "--format", "json"))
    assert any(n["id"] == "lambda" for n in data["nodes"])
    assert invoke("kb", "export", "--format", "dot").stdout.startswith("digraph archkb {")
    out = tmp_path / "g.graphml"
    assert invoke("kb", "export", "--format", "graphml", "-o", out).exit_code == 0
    assert "<graphml" in out.read_text()


def test_doctor_json(invoke):
    data = as_json(invoke("doctor", "--json"))
    assert {c["name"] for c in data["checks"]} >= {"graphviz", "kb"}


def test_kb_option_overlay(invoke, tmp_path):
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "my-bus.yaml").write_text(
        "id: my-bus\nkind: service\nname: My Bus\ncategory: messaging\nsummary: A bus.\n"
        "source: article\ndiagrams: diagrams.aws.integration.Eventbridge\nrelations:\n"
        "  - {type: triggers, to: lambda, mode: async, via: rule-target, source: article}\n")
    data = as_json(invoke("--kb", tmp_path, "triggers", "lambda", "--json"))
    assert "my-bus" in {r["id"] for r in data["results"]}
    data = as_json(invoke("triggers", "lambda", "--kb", tmp_path, "--json"))
    assert "my-bus" in {r["id"] for r in data["results"]}


def test_query_compare_phrasing(invoke):
    data = as_json(invoke("query", "Lambda or Fargate for this job?", "--json"))
    assert data["intent"] == "compare"
    assert [r["id"] for r in data["results"]] == ["lambda", "fargate"]
    assert any(r["relation"] == "alternative_to" for r in data["relations"])
    lambda_tradeoffs = {t["id"] for t in data["results"][0]["tradeoffs"]}
    assert "execution-time-limit" in lambda_tradeoffs
    assert "archkb recommend" in invoke("query", "lambda vs fargate").output


def test_human_tables_fit_and_wrap(invoke):
    text = invoke("explain", "lambda").output
    assert "10,240 MB" in text
    assert max(len(line) for line in text.splitlines() if not line.startswith("[")) <= 120


@pytest.mark.parametrize("question", ["what is out of date in the article?",
                                      "what changed since the article"])
def test_query_corrections(invoke, question):
    data = as_json(invoke("query", question, "--json"))
    assert data["intent"] == "corrections"
    topics = {(r["id"], r["topic"]) for r in data["results"]}
    assert ("lambda", "Rust support") in topics and \
        ("aurora-serverless", "Aurora Serverless scaling") in topics
    for r in data["results"]:
        kinds = [s["kind"] for s in r["sources"]]
        assert kinds[0] == "article" and kinds[-1] != "article"
        assert r["section"] == r["sources"][0]["section"]
    assert 'in "Serverless Databases":' in invoke("query", question).output
