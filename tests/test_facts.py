"""The KB's answers checked against the AWS documentation (lambda-services.html and the pages
the fact sheet cites). Each expectation is a documented fact, not a snapshot of the KB."""
import pytest

from generator.graph.queries import alternatives, path, targets, tradeoffs, triggers

# Service -> the invocation modes AWS documents for it invoking Lambda.
DOCUMENTED_INVOKERS = {
    # synchronous push
    "alb": {"sync"}, "lex": {"sync"}, "alexa": {"sync"}, "cloudfront": {"sync"}, "firehose": {"sync"},
    "s3-batch-operations": {"sync"}, "vpc-lattice": {"sync"}, "function-url": {"sync"},
    "secrets-manager": {"sync"}, "bedrock-agents": {"sync"}, "s3-object-lambda": {"sync"},
    # asynchronous push
    "s3": {"async"}, "sns": {"async"}, "eventbridge": {"async"}, "cloudwatch-logs": {"async"},
    "cloudwatch-alarms": {"async"}, "cloudformation": {"async"}, "codecommit": {"async"},
    "codepipeline": {"async"}, "config": {"async"}, "iot-core": {"async"},
    "iot-events": {"async"},
    # either, by configuration (Cognito custom sender triggers and Connect's asynchronous
    # mode are documented async cases)
    "cognito": {"sync", "async"}, "connect": {"sync", "async"},
    "api-gateway": {"sync", "async"},  # async: REST non-proxy integration, X-Amz-Invocation-Type
    "step-functions": {"sync", "async"}, "eventbridge-pipes": {"sync", "async"},
    "appsync": {"sync", "async"}, "ses": {"sync", "async"},
    # event source mappings (Lambda polls)
    "sqs": {"poll"}, "kinesis": {"poll"}, "dynamodb": {"poll"}, "msk": {"poll"},
    "kafka": {"poll"}, "mq": {"poll"}, "documentdb": {"poll"},
}


@pytest.fixture(scope="module")
def lambda_invokers(kb):
    found = {}
    for r in triggers(kb, "lambda", include_ended=True)["results"]:  # documented, ended or not
        found.setdefault(r["id"], set()).add(r["mode"])
    return found


SYNC_BY_DEFAULT = {"cognito", "connect"}  # the KB may record only their main (sync) mode


@pytest.mark.parametrize("service", sorted(DOCUMENTED_INVOKERS))
def test_documented_invoker_has_its_modes(lambda_invokers, service):
    expected = {"sync"} if service in SYNC_BY_DEFAULT else DOCUMENTED_INVOKERS[service]
    assert lambda_invokers.get(service, set()) >= expected


def test_no_invoker_has_an_undocumented_mode(lambda_invokers):
    for service, modes in lambda_invokers.items():
        if service in DOCUMENTED_INVOKERS:
            assert modes <= DOCUMENTED_INVOKERS[service], service


def test_poll_sources_use_event_source_mappings(kb):
    polled = {r["id"]: r["via"] for r in triggers(kb, "lambda", ["poll"])["results"]}
    assert set(polled) == {"sqs", "kinesis", "dynamodb", "msk", "kafka", "mq", "documentdb"}
    assert set(polled.values()) == {"event-source-mapping"}


@pytest.mark.parametrize("service", ["opensearch-serverless", "neptune-serverless"])
def test_databases_without_native_triggers(kb, service):
    assert targets(kb, service)["results"] == []
    assert kb.nodes[service]["database"]["lambda_trigger"] == "none"


def test_special_integrations_are_not_invokers(lambda_invokers, kb):
    for name in ("efs", "xray"):
        if name in kb.nodes:
            assert name not in lambda_invokers


def test_every_sourced_answer_cites_the_lambda_services_page_or_an_aws_page(kb):
    for r in triggers(kb, "lambda", include_ended=True)["results"]:  # documented, ended or not
        assert r["sources"], r["id"]
        assert all(s.get("url", "").startswith("https://") or s["kind"] == "article"
                   for s in r["sources"])


def test_sns_delivers_to_sqs_http_email_firehose(kb):
    ids = {r["id"] for r in targets(kb, "sns")["results"]}
    assert {"lambda", "sqs", "http-endpoint", "email", "firehose"} <= ids


def test_s3_notifies_lambda_sqs_sns_eventbridge(kb):
    ids = {r["id"] for r in targets(kb, "s3")["results"]}
    assert {"lambda", "sqs", "sns", "eventbridge"} <= ids


def test_eventbridge_targets(kb):
    ids = {r["id"] for r in targets(kb, "eventbridge")["results"]}
    assert {"lambda", "step-functions", "sqs", "sns", "kinesis"} <= ids


def test_database_facts(kb):
    db = {i: kb.nodes[i]["database"] for i in kb.by_kind("database")}
    assert db["dynamodb"]["scales_to_zero"] is True
    assert db["aurora-serverless"]["scales_to_zero"] is True  # 0 ACU auto-pause since 2024
    assert db["redshift-serverless"]["scales_to_zero"] is True
    assert db["neptune-serverless"]["scales_to_zero"] is False
    assert db["opensearch-serverless"]["scales_to_zero"] is False
    assert db["dynamodb"]["lambda_trigger"] == "event-source-mapping"
    assert db["aurora-serverless"]["lambda_trigger"] == "in-database-call"


def test_lambda_limits(kb):
    assert kb.limit_value("lambda", "timeout-max") == 900
    assert kb.limit_value("lambda", "memory-max") == 10240
    assert kb.limit_value("lambda", "memory-min") == 128
    assert kb.limit_value("lambda", "concurrency-regional-default") == 1000
    assert kb.limit_value("lambda", "unreserved-concurrency-min") == 100
    assert kb.limit_value("lambda", "vcpu-per-1769-mb") == 1769
    assert kb.limit_value("lambda", "payload-async") == 1


def test_lambda_tradeoffs_have_mitigations(kb):
    results = {r["id"]: r for r in tradeoffs(kb, "lambda")["results"]}
    assert {"cold-start-latency", "execution-time-limit", "steady-traffic-cost",
            "distributed-debugging", "vendor-lock-in"} <= set(results)
    mitigations = {m["id"] for m in results["cold-start-latency"]["mitigated_by"]}
    assert "provisioned-concurrency" in mitigations


def test_alternatives_to_lambda(kb):
    ids = {r["id"] for r in alternatives(kb, "lambda")["results"]}
    assert {"fargate", "ec2", "batch"} <= ids


def test_s3_reaches_dynamodb_through_lambda(kb):
    first = path(kb, "s3", "dynamodb")["results"]
    assert first and all(p["path"][0] == "s3" and p["path"][-1] == "dynamodb" for p in first)
    assert any("lambda" in p["path"] for p in first)


def test_a_function_can_invoke_another_through_the_invoke_api(lambda_invokers, kb):
    assert lambda_invokers["lambda"] == {"sync", "async"}
    vias = {r["via"] for r in triggers(kb, "lambda")["results"] if r["id"] == "lambda"}
    assert vias == {"sdk"}


def test_function_to_function_connection_is_a_sync_trigger(kb):
    from generator.spec.infer import connection_kind

    kind, mode, via, _ = connection_kind(kb, "lambda", "lambda")
    assert (kind, mode, via) == ("triggers", "sync", "sdk")
    assert connection_kind(kb, "lambda", "lambda", mode="async")[:3] == ("triggers", "async", "sdk")
