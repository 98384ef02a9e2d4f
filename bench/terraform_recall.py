"""Measure the Terraform importer on the corpus of real Terraform patterns against its
reference extraction (``serverless-patterns-terraform-edges.jsonl``), normalized as
:mod:`bench.corpus_recall` does for CloudFormation, with Terraform's types:

* **Components expected**: resources of the significant types in :data:`SIGNIFICANT_TYPES`,
  plus every end of a normalized reference connection.
* **Connections expected**: resolved reference edges, with wiring resources (rules, target
  groups, listeners, roles, log groups) collapsed. An EventBridge rule's implicit bus
  ``default`` is the importer's ``default_event_bus``; a scheduled rule is where its events
  start (as for CloudFormation), and a Lambda permission of a rule stands for the rule's bus
  (or the scheduled rule); a ``dead_letter`` edge of a schedule is read as the schedule
  delivering to its dead-letter queue (what a spec draws), not as the target's. An implicit
  resource (the default bus) is expected only when an edge uses it.
* Each root module of a pattern is imported on its own; when a pattern has several, the
  resources of one in a subfolder carry the folder as prefix (``vpc-rds-setup/aws_vpc.x``),
  as in the reference.

>>> exp = expected_tf({"resources": {"aws_sqs_queue.q": "aws_sqs_queue",
...                                  "aws_lambda_function.f": "aws_lambda_function"},
...                    "edges": [{"source_id": "aws_sqs_queue.q", "target_id":
...                               "aws_lambda_function.f", "kind": "event_source_mapping",
...                               "resolved": True}]})
>>> sorted(exp.components), exp.connections[""]
(['aws_lambda_function.f', 'aws_sqs_queue.q'], {('aws_sqs_queue.q', 'aws_lambda_function.f')})
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from bench.corpus_recall import (Expected, Measure, PatternResult, _score,  # noqa: E402
                                 expected, read_reference)
from generator.errors import InputError  # noqa: E402

SIGNIFICANT_TYPES = frozenset({
    "aws_lambda_function", "aws_sqs_queue", "aws_sns_topic", "aws_s3_bucket",
    "aws_dynamodb_table", "aws_dynamodb_global_table", "aws_kinesis_stream",
    "aws_sfn_state_machine", "aws_api_gateway_rest_api", "aws_apigatewayv2_api",
    "aws_appsync_graphql_api", "aws_cloudwatch_event_bus", "aws_mq_broker", "aws_msk_cluster",
    "aws_msk_serverless_cluster", "aws_kinesis_firehose_delivery_stream",
    "aws_cognito_user_pool", "aws_lb", "aws_alb", "aws_ecs_service", "aws_rds_cluster",
    "aws_docdb_cluster", "aws_dsql_cluster", "aws_qldb_ledger", "aws_neptune_cluster",
    "aws_memorydb_cluster", "aws_opensearchserverless_collection", "aws_pipes_pipe",
    "aws_scheduler_schedule", "aws_cloudwatch_event_api_destination",
    "aws_cloudfront_distribution", "aws_iot_topic_rule", "aws_instance",
})
"""The Terraform types of :data:`bench.corpus_recall.SIGNIFICANT_TYPES`."""

WIRING_TYPES = frozenset({
    "aws_cloudwatch_event_rule", "aws_lb_target_group", "aws_alb_target_group",
    "aws_lb_listener", "aws_alb_listener", "aws_iam_role", "aws_cloudwatch_log_group",
    "aws_apigatewayv2_stage", "aws_cloudwatch_event_connection", "aws_lambda_permission",
    "aws_sns_topic_subscription", "aws_scheduler_schedule_group",
})
DEFAULT_BUS = "default_event_bus"
PERMISSION_KINDS = ("iam_statement",)


def expected_tf(record: dict) -> Expected:
    """What the specs of this pattern should hold (see the module docstring)."""
    record = dict(record)
    resources = record.get("resources", {})
    rule_source: dict[str, str] = {}  # rule -> where its events start
    for e in record.get("edges", []):
        detail = e.get("detail") or {}
        if e.get("kind") == "eventbridge_rule_target" and detail.get("rule") in resources:
            rule_source[detail["rule"]] = detail["rule"] if detail.get("schedule") \
                else e["source_id"]
    edges = []
    for e in record.get("edges", []):
        detail = e.get("detail") or {}
        schedule = detail.get("schedule")
        if e.get("kind") == "dead_letter" and isinstance(schedule, str) and \
                schedule in resources:
            e = {**e, "source_id": schedule}
        elif e.get("kind") == "eventbridge_rule_target" and detail.get("rule") in rule_source:
            e = {**e, "source_id": rule_source[detail["rule"]]}
        elif e.get("kind") == "lambda_permission" and e["source_id"] in rule_source:
            e = {**e, "source_id": rule_source[e["source_id"]]}
        edges.append(e)
    record["edges"] = edges
    used = {x for e in edges for x in (e["source_id"], e["target_id"])}
    record["implicit_resources"] = {k: v for k, v in record.get("implicit_resources", {}).items()
                                    if k in used}
    return expected(record, SIGNIFICANT_TYPES, WIRING_TYPES, {"default": DEFAULT_BUS},
                    PERMISSION_KINDS)


def root_modules(pattern_dir: Path, record: dict) -> list[str]:
    """The pattern's root modules (folders relative to the pattern), from the reference."""
    roots = record.get("root_modules") or ["."]
    return [r for r in roots if (pattern_dir / r).is_dir()]


def measure_tf(corpus: Path, reference_path: Path, kb) -> tuple[Measure, dict]:
    """Import every root module of every pattern and compare with the reference. Returns the
    measure and timings: ``import`` (seconds importing), ``files`` (Terraform files read),
    ``modules`` (root modules imported)."""
    from generator.importers.terraform import import_path

    reference = read_reference(reference_path)
    result = Measure()
    timings = {"import": 0.0, "modules": 0, "crashes": []}
    for name, record in sorted(reference.items()):
        pr = PatternResult(name, expected_tf(record))
        pattern_dir = corpus / name
        pr.connections[""] = set()
        roots = root_modules(pattern_dir, record)
        for root in roots:
            prefix = "" if root == "." or len(roots) == 1 else f"{root}/"
            result.templates += 1
            start = time.perf_counter()
            try:
                imported = import_path(pattern_dir / root, kb, display=f"{name}/{root}")
            except InputError as exc:
                result.failed.append(str(exc))
                pr.errors.append(str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - a crash is what the bench counts
                timings["crashes"].append(f"{name}/{root}: {type(exc).__name__}: {exc}")
                continue
            finally:
                timings["import"] += time.perf_counter() - start
                timings["modules"] += 1
            result.imported += 1
            result.warnings += len(imported.warnings)
            spec = imported.spec
            pr.components |= {prefix + c for c in spec.components}
            pr.connections[""] |= {(prefix + c.source, prefix + c.target)
                                   for c in spec.connections}
        _score(pr, result)
        result.patterns.append(pr)
    result.seconds = timings["import"]
    return result, timings


def parse_seconds(corpus: Path) -> tuple[float, int]:
    """Seconds python-hcl2 alone takes to load every ``.tf`` file of the corpus
    (``hcl2.loads``; heredoc closing markers with trailing blanks trimmed first, as the
    importer does, so every file parses), and the number of files."""
    import re

    import hcl2

    files = sorted(corpus.rglob("*.tf"))
    texts = [re.sub(r"(?m)^([ \t]*[A-Za-z][A-Za-z0-9._-]*)[ \t]+$", r"\1",
                    p.read_text(encoding="utf-8")) for p in files]
    start = time.perf_counter()
    for text in texts:
        hcl2.loads(text)
    return time.perf_counter() - start, len(files)
