"""Connections between services in Terraform: S3 notifications, SNS subscriptions, SQS
redrive, Step Functions definitions (EventBridge rules, Scheduler and Pipes: :mod:`.events`), Firehose, load balancers, IoT rules, Glue triggers, log
subscriptions, CloudTrail, RDS event subscriptions, S3 Object Lambda and Bedrock action
groups.
"""
from __future__ import annotations

import json
from typing import Any

from .context import TerraformContext
from .values import is_known, references
from .events import known_text, pattern, pipe, rule_target, schedule
from .module import Body

SUBSCRIBER_SERVICES = {"email": "email", "email-json": "email", "sms": "sms",
                       "application": "mobile-push", "http": "http-endpoint",
                       "https": "http-endpoint"}
PROTOCOL_TYPES = {"sqs": "aws_sqs_queue", "lambda": "aws_lambda_function",
                  "firehose": "aws_kinesis_firehose_delivery_stream"}


def extract(ctx: TerraformContext) -> None:
    handlers = {
        "aws_s3_bucket_notification": _bucket_notification,
        "aws_sns_topic_subscription": _subscription, "aws_cloudwatch_event_target": rule_target,
        "aws_scheduler_schedule": schedule, "aws_pipes_pipe": pipe,
        "aws_sqs_queue": _queue, "aws_sqs_queue_redrive_policy": _redrive_resource,
        "aws_sfn_state_machine": _state_machine,
        "aws_kinesis_firehose_delivery_stream": _firehose,
        "aws_lb_target_group_attachment": _target_attachment,
        "aws_alb_target_group_attachment": _target_attachment,
        "aws_ecs_service": _ecs_service,
        "aws_iot_topic_rule": _iot_rule, "aws_glue_trigger": _glue_trigger,
        "aws_cloudwatch_log_subscription_filter": _log_subscription,
        "aws_cloudtrail": _cloudtrail, "aws_db_event_subscription": _db_events,
        "aws_s3control_object_lambda_access_point": _object_lambda,
        "aws_bedrockagent_agent_action_group": _action_group,
        "aws_cloudfront_distribution": _distribution,
    }
    for r in list(ctx.resources.values()):
        handler = handlers.get(r.type)
        if handler is None:
            continue
        for body in r.instances():
            handler(ctx, r.address, body)


# -- storage and messaging -------------------------------------------------------------------
def _bucket_notification(ctx: TerraformContext, rid: str, body: Body) -> None:
    buckets = ctx.resolve(body.get("bucket"), expect=("aws_s3_bucket",))
    for kind, arg in (("lambda_function", "lambda_function_arn"), ("queue", "queue_arn"),
                      ("topic", "topic_arn")):
        for item in body.blocks(kind):
            where = item.where(arg)
            events = item.get("events")
            label = events[0] if isinstance(events, list) and events and \
                isinstance(events[0], str) and is_known(events[0]) else None
            filters = [f"{k}={v}" for k, v in (("prefix", item.get("filter_prefix")),
                                                ("suffix", item.get("filter_suffix")))
                       if known_text(v)]
            ctx.wire_all(buckets, ctx.resolve(item.get(arg), location=where), "trigger",
                         "s3_notification", where, label=label,
                         settings={"filters": filters} if filters else None)
    if body.get("eventbridge") is True:
        where = body.where("eventbridge")
        ctx.wire_all(buckets, [ctx.default_bus(where)], "trigger", "s3_notification", where)


def _subscription(ctx: TerraformContext, rid: str, body: Body) -> None:
    where = body.where("endpoint")
    topics = ctx.resolve(body.get("topic_arn"), expect=("aws_sns_topic",),
                         external_type="aws_sns_topic", location=body.where("topic_arn"))
    protocol = (known_text(body.get("protocol")) or "").lower()
    endpoint = body.get("endpoint")
    targets = ctx.resolve(endpoint, location=where, external_type=PROTOCOL_TYPES.get(protocol))
    if not targets and protocol in SUBSCRIBER_SERVICES and \
            SUBSCRIBER_SERVICES[protocol] in ctx.kb.nodes:
        node = ctx.add_node(f"{rid}_endpoint", f"SNS {protocol} endpoint", where,
                            f"{protocol} subscriber", origin="implicit")
        node.service = SUBSCRIBER_SERVICES[protocol]
        node.label = f"{protocol} subscriber"
        targets = [node.id]
    filters = pattern(body.get("filter_policy"))
    settings: dict = {"filters": filters} if filters else {}
    dlq = _redrive_to(ctx, topics, body.get("redrive_policy"), body.where("redrive_policy"),
                      "fails")
    if dlq:
        settings["dead_letter"] = dlq[0]
    ctx.wire_all(topics, targets, "trigger", "sns_subscription", where, settings=settings)


def _redrive_to(ctx: TerraformContext, sources: list[str], policy: Any, where,
                nature: str = "trigger") -> list[str]:
    """The dead-letter queue a redrive policy names, drawn from ``sources`` (a queue's
    redrive is a trigger, as for CloudFormation; a subscription's is a failure path)."""
    if isinstance(policy, str) and policy.lstrip().startswith("{"):
        try:
            policy = json.loads(policy)
        except ValueError:
            return []
    if isinstance(policy, str) and references(policy):
        policy = {"deadLetterTargetArn": policy}  # a plan: only the references are known
    if not isinstance(policy, dict) or "deadLetterTargetArn" not in policy:
        return []
    dlq = ctx.resolve(policy["deadLetterTargetArn"], expect=("aws_sqs_queue",),
                      external_type="aws_sqs_queue", location=where)
    ctx.wire_all(sources, dlq[:1], nature, "dead_letter", where, label="dead letters")
    return dlq


def _queue(ctx: TerraformContext, rid: str, body: Body) -> None:
    where = body.where("redrive_policy")
    dlq = _redrive_to(ctx, [rid] if rid in ctx.nodes else [], body.get("redrive_policy"), where)
    if dlq and rid in ctx.nodes:
        _mark_dead_letter(ctx, rid, dlq[0], where)


def _redrive_resource(ctx: TerraformContext, rid: str, body: Body) -> None:
    queues = ctx.resolve(body.get("queue_url"), expect=("aws_sqs_queue",))
    where = body.where("redrive_policy")
    dlq = _redrive_to(ctx, queues, body.get("redrive_policy"), where)
    for q in queues:
        if dlq:
            _mark_dead_letter(ctx, q, dlq[0], where)


def _mark_dead_letter(ctx: TerraformContext, queue: str, dlq: str, where) -> None:
    node = ctx.nodes[queue]
    node.settings.setdefault("dead_letter", dlq)
    node.setting_locations.setdefault("dead_letter", where)


# -- Step Functions --------------------------------------------------------------------------
_ASL_SKIP = frozenset({"Type", "Comment", "Next", "StartAt", "End", "ResultPath",
                       "OutputPath", "InputPath", "Variable", "QueryLanguage", "Version"})


def _state_machine(ctx: TerraformContext, rid: str, body: Body) -> None:
    """Resources the definition calls: every value of its states that names a resource (a
    task's ``Resource`` ARN, ``Parameters.FunctionName``, ``QueueUrl``, ``TableName``...)."""
    if rid in ctx.nodes:
        state_machine_targets(ctx, rid, body.get("definition"), body.where("definition"))


def state_machine_targets(ctx: TerraformContext, rid: str, definition: Any, where) -> None:
    """Wires from a state machine to what its definition (JSON text or data) calls."""
    if isinstance(definition, str):
        try:
            definition = json.loads(definition)
        except ValueError:
            definition = {"": definition}  # not JSON: its references still count
    seen: set[str] = set()
    for value in _asl_values(definition):
        for target in ctx.resolve(value, location=where):
            if target != rid and target not in seen:
                seen.add(target)
                ctx.wire(rid, target, "invoke", "sfn_task", where)


def _asl_values(value: Any, depth: int = 0):
    if depth > 40:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _ASL_SKIP:
                yield from _asl_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _asl_values(item, depth + 1)
    elif isinstance(value, str) and (":" in value or "${" in value):
        yield value


# -- streaming, load balancers and the rest --------------------------------------------------
_FIREHOSE_DESTINATIONS = ("extended_s3_configuration", "s3_configuration",
                          "redshift_configuration", "opensearch_configuration",
                          "elasticsearch_configuration", "http_endpoint_configuration",
                          "splunk_configuration", "opensearchserverless_configuration",
                          "iceberg_configuration", "snowflake_configuration")


def _firehose(ctx: TerraformContext, rid: str, body: Body) -> None:
    for source in body.blocks("kinesis_source_configuration"):
        where = source.where("kinesis_stream_arn")
        ctx.wire_all(ctx.resolve(source.get("kinesis_stream_arn"), location=where), [rid],
                     "trigger", "firehose_source", where)
    for key in _FIREHOSE_DESTINATIONS:
        for config in body.blocks(key):
            for arg in ("bucket_arn", "domain_arn", "collection_endpoint", "url", "cluster_jdbcurl"):
                if config.get(arg) is not None:
                    where = config.where(arg)
                    ctx.wire_all([rid], ctx.resolve(config.get(arg), location=where), "invoke",
                                 "firehose_destination", where)
            for processing in config.blocks("processing_configuration"):
                for proc in processing.blocks("processors"):
                    for param in proc.blocks("parameters"):
                        value = param.get("parameter_value")
                        if param.get("parameter_name") == "LambdaArn":
                            where = param.where("parameter_value")
                            ctx.wire_all([rid], ctx.resolve(value, location=where), "trigger",
                                         "firehose_transformation", where, label="transform")


def _target_attachment(ctx: TerraformContext, rid: str, body: Body) -> None:
    """A target group attachment: the load balancers forwarding to the group reach the
    target (a function, an instance)."""
    where = body.where("target_id")
    targets = ctx.resolve(body.get("target_id"), location=where)
    group = ctx.addresses(body.get("target_group_arn"))
    balancers = _balancers_of(ctx, group)
    ctx.wire_all(balancers, targets, "trigger", "alb_target_group", where)


def _ecs_service(ctx: TerraformContext, rid: str, body: Body) -> None:
    """An ECS service registers its tasks in the target groups of its ``load_balancer``
    blocks: the load balancers forwarding to those groups reach the service."""
    for lb in body.blocks("load_balancer"):
        where = lb.where("target_group_arn")
        balancers = _balancers_of(ctx, ctx.addresses(lb.get("target_group_arn")))
        ctx.wire_all(balancers, [rid] if rid in ctx.nodes else [], "trigger", "alb_target_group",
                     where)


def _balancers_of(ctx: TerraformContext, groups: list[str]) -> list[str]:
    out: list[str] = []
    for r in ctx.of_type("aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule",
                         "aws_alb_listener_rule"):
        body = r.body()
        forwarded = [g for action in body.blocks("default_action") + body.blocks("action")
                     for g in ctx.addresses(action.get("target_group_arn")) +
                     [x for fwd in action.blocks("forward") for tg in fwd.blocks("target_group")
                      for x in ctx.addresses(tg.get("arn"))]]
        if not set(forwarded) & set(groups):
            continue
        lb_value = body.get("load_balancer_arn") if "load_balancer_arn" in body.block.attrs \
            else body.get("listener_arn")
        for lb in ctx.resolve(lb_value):
            if lb not in out:
                out.append(lb)
    return out


def _iot_rule(ctx: TerraformContext, rid: str, body: Body) -> None:
    sources = [rid] if rid in ctx.nodes else []
    for action, arg in (("lambda", "function_arn"), ("sns", "target_arn"), ("sqs", "queue_url"),
                        ("kinesis", "stream_name"), ("firehose", "delivery_stream_name"),
                        ("dynamodb", "table_name"), ("dynamodbv2", "table_name"),
                        ("step_functions", "state_machine_name"), ("s3", "bucket_name"),
                        ("cloudwatch_logs", "log_group_name")):
        for block in body.blocks(action):
            value = block.get(arg)
            if action == "dynamodbv2":
                value = [p.get("table_name") for p in block.blocks("put_item")]
            where = block.where(arg)
            ctx.wire_all(sources, ctx.resolve(value, location=where, promote=True), "trigger",
                         "iot_rule_action", where)


def _glue_trigger(ctx: TerraformContext, rid: str, body: Body) -> None:
    """A Glue trigger (drawn: it is how a workflow starts) starts jobs and crawlers."""
    for action in body.blocks("actions"):
        for arg in ("job_name", "crawler_name"):
            if action.get(arg) is not None:
                where = action.where(arg)
                ctx.wire_all([rid], ctx.resolve(action.get(arg), location=where), "trigger",
                             "glue_trigger", where)


def _log_subscription(ctx: TerraformContext, rid: str, body: Body) -> None:
    where = body.where("destination_arn")
    groups = ctx.resolve(body.get("log_group_name"), expect=("aws_cloudwatch_log_group",),
                         promote=True)
    ctx.wire_all(groups, ctx.resolve(body.get("destination_arn"), location=where), "trigger",
                 "logs_subscription_filter", where)


def _cloudtrail(ctx: TerraformContext, rid: str, body: Body) -> None:
    for arg in ("s3_bucket_name", "cloud_watch_logs_group_arn", "sns_topic_name"):
        if body.get(arg) is not None:
            where = body.where(arg)
            ctx.wire_all([rid], ctx.resolve(body.get(arg), location=where, promote=True),
                         "invoke", "cloudtrail_delivery", where)


def _db_events(ctx: TerraformContext, rid: str, body: Body) -> None:
    where = body.where("sns_topic")
    sources = ctx.resolve(body.get("source_ids"))
    ctx.wire_all(sources, ctx.resolve(body.get("sns_topic"), location=where), "trigger",
                 "rds_event_subscription", where)


def _object_lambda(ctx: TerraformContext, rid: str, body: Body) -> None:
    for config in body.blocks("configuration"):
        supporting = ctx.resolve(config.get("supporting_access_point"))
        for transformation in config.blocks("transformation_configuration"):
            for ctl in transformation.blocks("content_transformation"):
                for aws_lambda in ctl.blocks("aws_lambda"):
                    where = aws_lambda.where("function_arn")
                    value = aws_lambda.get("function_arn")
                    ctx.wire_all([rid] if rid in ctx.nodes else supporting,
                                 ctx.resolve(value, location=where,
                                             external_type="aws_lambda_function"),
                                 "trigger", "object_lambda", where)


def _action_group(ctx: TerraformContext, rid: str, body: Body) -> None:
    agents = ctx.resolve(body.get("agent_id"), expect=("aws_bedrockagent_agent",))
    for executor in body.blocks("action_group_executor"):
        where = executor.where("lambda")
        ctx.wire_all(agents, ctx.resolve(executor.get("lambda"), location=where), "trigger",
                     "bedrock_action_group", where)


def _distribution(ctx: TerraformContext, rid: str, body: Body) -> None:
    if rid not in ctx.nodes:
        return
    for origin in body.blocks("origin"):
        where = origin.where("domain_name")
        ctx.wire_all([rid], ctx.resolve(origin.get("domain_name"), location=where), "invoke",
                     "cloudfront_origin", where)
