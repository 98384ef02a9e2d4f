"""What the KB says about invocations is what an expert would sign: modes that depend on the
target's settings, failure paths that are not triggers, mitigations that fit the trade-off,
lifecycle, and one row per (service, mode, via)."""
from __future__ import annotations

import json
import textwrap
from collections import Counter

import pytest

from generator.graph import queries
from generator.kb import load_kb
from generator.kb.check import check_relations, feature_of
from generator.render.model import build
from generator.spec import load_spec


def _spec(tmp_path, body: str):
    path = tmp_path / "spec.yaml"
    path.write_text("archkb: 1\nname: t\n" + textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("source", ["api-gateway", "eventbridge-pipes"])
def test_standard_workflow_is_started_async_and_express_sync(tmp_path, kb, source):
    spec = load_spec(_spec(tmp_path, f"""\
        components:
          src: {{service: {source}}}
          standard: {{service: step-functions, type: standard}}
          default: {{service: step-functions}}
          express: {{service: step-functions, type: express}}
        connections:
          - {{from: src, to: standard}}
          - {{from: src, to: default}}
          - {{from: src, to: express}}
        """), kb)
    modes = [(c.target, c.kind, c.mode) for c in spec.connections]
    assert modes == [("standard", "triggers", "async"), ("default", "triggers", "async"),
                     ("express", "triggers", "sync")]
    styles = [e.style for e in build(spec, kb).edges]
    assert styles == ["async", "async", "sync"]


def test_sync_start_of_a_standard_workflow_is_reported(tmp_path, kb):
    from generator.lint import lint_spec

    spec = load_spec(_spec(tmp_path, """\
        components:
          api: {service: api-gateway}
          flow: {service: step-functions}
        connections:
          - {from: api, to: flow, mode: sync}
        """), kb)
    messages = [f.message for f in lint_spec(spec, kb) if f.rule == "E1001"]
    assert len(messages) == 1 and "type: express" in messages[0]


def test_redrive_is_a_failure_path_not_a_trigger(tmp_path, kb):
    assert "sqs" not in [r["id"] for r in queries.targets(kb, "sqs")["results"]]
    assert "sqs" not in [r["id"] for r in queries.triggers(kb, "sqs")["results"]]
    assert [d["via"] for _, _, d in kb.relations(src="sqs", dst="sqs")] == ["redrive"]
    spec = load_spec(_spec(tmp_path, """\
        components:
          queue: {service: sqs, dead_letter: dlq}
          dlq: {service: sqs}
        connections:
          - {from: queue, to: dlq}
        """), kb)
    (conn,) = spec.connections
    assert (conn.kind, conn.mode, conn.via) == ("fails_to", None, "redrive")
    model = build(spec, kb)
    assert [e.style for e in model.edges] == ["fails_to"]
    assert [entry.style for entry in model.legend] == ["fails_to"]


def test_no_failure_path_is_listed_as_an_invocation(kb):
    for node in ("lambda", "sqs", "sns", "eventbridge", "s3"):
        for verb in (queries.triggers, queries.targets):
            rows = verb(kb, node, include_ended=True)["results"]
            assert all(r["relation"] != "fails_to" for r in rows)
            assert all(r["via"] not in ("redrive", "dead-letter-queue") for r in rows)


def test_aurora_has_no_lambda_mitigations(kb):
    rows = queries.tradeoffs(kb, "aurora-serverless")["results"]
    assert "cold-start-latency" not in [r["id"] for r in rows]
    mitigations = {m["id"] for r in rows for m in r["mitigated_by"]}
    assert mitigations, "the resume delay has its own mitigation"
    assert not [m for m in mitigations if "lambda" in feature_of(kb, m)]
    assert "database-minimum-capacity" in mitigations


def test_kb_check_rejects_a_lambda_feature_mitigating_a_database_tradeoff(tmp_path):
    (tmp_path / "tradeoffs").mkdir()
    (tmp_path / "tradeoffs" / "cold-start-latency.yaml").write_text(textwrap.dedent("""\
        id: cold-start-latency
        kind: tradeoff
        extend: true
        relations:
          - {type: affects, to: dynamodb, source: article}
        """), encoding="utf-8")
    errors = [str(e) for e in check_relations(load_kb([tmp_path], use_cache=False))]
    assert errors and all("also affects dynamodb" in e for e in errors)
    assert any(e.startswith("kb/concepts/snapstart.yaml:") for e in errors)


def test_kb_check_rejects_relations_between_the_wrong_kinds(tmp_path, invoke):
    (tmp_path / "concepts").mkdir()
    (tmp_path / "concepts" / "snapstart.yaml").write_text(textwrap.dedent("""\
        id: snapstart
        kind: concept
        extend: true
        relations:
          - {type: mitigates, to: lambda, source: article}
        """), encoding="utf-8")
    result = invoke("kb", "check", "--kb", tmp_path, "--json")
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert "mitigates cannot end at a service (lambda)" in error["message"]
    assert error["file"].endswith("snapstart.yaml") and error["line"] == 5


def test_ended_integrations_are_left_out_unless_asked(kb, invoke):
    ids = [r["id"] for r in queries.triggers(kb, "lambda")["results"]]
    assert "iot-events" not in ids
    flagged = [r for r in queries.triggers(kb, "lambda", include_ended=True)["results"]
               if r["id"] == "iot-events"]
    assert [(r["status"], r["status_date"]) for r in flagged] == [("ended", "2026-05-20")]
    plain = invoke("triggers", "lambda")
    assert "IoT Events" not in plain.stdout and "--all shows them" in plain.stdout
    shown = invoke("triggers", "lambda", "--all")
    (line,) = [x for x in shown.stdout.splitlines() if "AWS IoT Events" in x]
    assert "[ENDED" in shown.stdout and "2026-05-20]" in shown.stdout and "--all" not in shown.stdout


@pytest.mark.parametrize("verb", ["triggers", "targets"])
def test_one_row_per_service_mode_and_via(kb, verb):
    for node in kb.by_kind("service", "database"):
        rows = getattr(queries, verb)(kb, node, include_ended=True)["results"]
        keys = Counter((r["id"], r["mode"], r["via"]) for r in rows)
        assert [k for k, n in keys.items() if n > 1] == [], node


def test_a_merged_row_carries_every_source(kb):
    (row,) = [r for r in queries.triggers(kb, "lambda")["results"]
              if r["id"] == "step-functions" and r["mode"] == "sync"]
    assert {s["id"] for s in row["sources"]} == {"sfn-lambda", "lambda-services"}
    assert sorted(row["relations"]) == ["orchestrates", "triggers"]


def test_marked_lifecycles(kb):
    status = {n: kb.nodes[n].get("status") for n in
              ("iot-events", "codecommit", "s3-object-lambda", "aurora-serverless-v1")}
    assert status == {"iot-events": "ended", "codecommit": "closed-to-new-customers",
                      "s3-object-lambda": "closed-to-new-customers",
                      "aurora-serverless-v1": "ended"}
    for node in status:
        assert kb.nodes[node].get("status_date") and kb.nodes[node].get("status_source"), node
    runtimes = {c["value"]: c for c in kb.settings("lambda")["runtime"]["choices"]
                if isinstance(c, dict)}
    assert runtimes["go1.x"]["status"] == "deprecated"
