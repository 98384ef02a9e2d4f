"""SAM ``Events`` of functions and state machines: each event is a connection from its source
(a queue, a stream, an API, a schedule...) to the resource, and SAM creates some sources
itself (``ServerlessRestApi``, the rule of a ``Schedule`` event), which become components.

Event-source-mapping properties (``BatchSize``...) become connection settings; the names are
the spec format's connection settings.

>>> from generator.kb import load_kb
>>> from generator.importers.cloudformation.reader import load_template
>>> from generator.importers.cloudformation.template import Template
>>> ctx = ImportContext(Template(load_template("Resources: {}", "t.yaml")), load_kb())
>>> esm_settings(ctx, {"BatchSize": "10", "FunctionResponseTypes": ["ReportBatchItemFailures"]})
{'batch_size': 10, 'report_batch_item_failures': True}
>>> pattern_label(ctx, {"source": ["aws.s3"], "detail-type": ["Object Created"]})
'aws.s3, Object Created'
"""
from __future__ import annotations

import json
from typing import Any

from .context import ImportContext
from .failures import dead_letter, json_policy, sam_dead_letter
from .intrinsics import as_dict, as_list, dig

FUNCTION = "AWS::Serverless::Function"
STATE_MACHINE = "AWS::Serverless::StateMachine"

POLL_SOURCES = {
    "SQS": ("Queue", ("AWS::SQS::Queue",)),
    "Kinesis": ("Stream", ("AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer")),
    "DynamoDB": ("Stream", ("AWS::DynamoDB::Table",)),
    "MSK": ("Stream", ("AWS::MSK::Cluster", "AWS::MSK::ServerlessCluster")),
    "MQ": ("Broker", ("AWS::AmazonMQ::Broker",)),
    "DocumentDB": ("Cluster", ("AWS::DocDB::DBCluster",)),
}
"""Polled event types: the property naming the source, and the source's resource types."""

PUSH_SOURCES = {
    "S3": ("Bucket", ("AWS::S3::Bucket",)),
    "SNS": ("Topic", ("AWS::SNS::Topic",)),
    "Cognito": ("UserPool", ("AWS::Cognito::UserPool",)),
}

ESM_SETTINGS = {
    "BatchSize": "batch_size", "MaximumBatchingWindowInSeconds": "batching_window",
    "ParallelizationFactor": "parallelization_factor", "StartingPosition": "starting_position",
    "MaximumRetryAttempts": "maximum_retry_attempts",
    "MaximumRecordAgeInSeconds": "maximum_record_age",
    "BisectBatchOnFunctionError": "bisect_batch_on_error", "Enabled": "enabled",
}
"""Event source mapping properties (SAM events and AWS::Lambda::EventSourceMapping) -> the
spec's connection settings."""


def esm_settings(ctx: ImportContext, props: dict) -> dict:
    """Connection settings of an event source mapping (or a SAM polled event)."""
    t = ctx.t
    out: dict[str, Any] = {}
    for key, name in ESM_SETTINGS.items():
        if key not in props:
            continue
        raw = props[key]
        if name in ("starting_position",):
            value = t.literal(raw)
            value = value.upper() if value else None
        elif name in ("bisect_batch_on_error", "enabled"):
            value = t.boolean(raw)
        else:
            value = t.number(raw)
        if value is not None:
            out[name] = value
    concurrency = t.number(dig(props, "ScalingConfig", "MaximumConcurrency"))
    if concurrency is not None:
        out["max_concurrency"] = concurrency
    types = [t.literal(x) for x in as_list(props.get("FunctionResponseTypes"))]
    if "ReportBatchItemFailures" in types:
        out["report_batch_item_failures"] = True
    filters = criteria_filters(ctx, props.get("FilterCriteria"))
    if filters:
        out["filters"] = filters
    return out


def criteria_filters(ctx: ImportContext, criteria: Any) -> list[str]:
    """The patterns of an event source mapping's (or a pipe's) ``FilterCriteria``."""
    patterns = [ctx.t.literal(f.get("Pattern")) if isinstance(f, dict) else None
                for f in as_list(dig(criteria, "Filters"))]
    return patterns if patterns and all(isinstance(p, str) for p in patterns) else []


def s3_filters(ctx: ImportContext, config: Any) -> list[str]:
    """``prefix=...``/``suffix=...`` rules of an S3 notification's key filter."""
    rules = as_list(dig(config, "Filter", "S3Key", "Rules"))
    out = []
    for rule in rules:
        name, value = ctx.t.literal(dig(rule, "Name")), ctx.t.literal(dig(rule, "Value"))
        if name and value is not None:
            out.append(f"{name.lower()}={value}")
    return out


def pattern_filters(ctx: ImportContext, pattern: Any) -> list[str]:
    """An event pattern or filter policy as one JSON text (the trigger fires only on
    matching events): [] when there is none."""
    if isinstance(pattern, str):
        return [pattern] if pattern.strip() else []
    if not isinstance(pattern, dict) or not pattern:
        return []
    return [json.dumps(pattern, sort_keys=True, separators=(",", ":"), default=str)]


def extract(ctx: ImportContext) -> None:
    """Connections (and implicit sources) from every function's and state machine's Events."""
    for rid in ctx.t.of_type(FUNCTION, STATE_MACHINE):
        events = ctx.t.props(rid).get("Events")
        if not isinstance(events, dict):
            continue
        for name, event in events.items():
            if isinstance(event, dict):
                _event(ctx, rid, str(name), event)


def _event(ctx: ImportContext, rid: str, name: str, event: dict) -> None:
    t = ctx.t
    etype = t.literal(event.get("Type")) or ""
    props = as_dict(event.get("Properties"))
    path = t.path(rid, "Events", name)
    loc = t.location(path)
    evidence = f"sam_event:{etype}"
    target = rid

    if etype in POLL_SOURCES:
        key, types = POLL_SOURCES[etype]
        sources = ctx.resolve(props.get(key), expect=types, external_type=types[0], location=loc)
        if not sources:
            ctx.unresolved(props.get(key), loc, f"{etype} event source")
        settings = esm_settings(ctx, props)
        failure = ctx.resolve(dig(props, "DestinationConfig", "OnFailure", "Destination"),
                              location=loc)
        if failure:
            settings["on_failure"] = failure[0]
            ctx.wire(target, failure[0], "invoke", "event_source_on_failure", loc,
                     label="on failure")
        ctx.wire_all(sources, [target], "trigger", evidence, loc, settings=settings)
    elif etype in PUSH_SOURCES:
        key, types = PUSH_SOURCES[etype]
        sources = ctx.resolve(props.get(key), expect=types, external_type=types[0], location=loc)
        label = _s3_label(ctx, props) if etype == "S3" else \
            t.literal(props.get("Trigger")) if etype == "Cognito" else None
        filters = s3_filters(ctx, props) if etype == "S3" else \
            pattern_filters(ctx, props.get("FilterPolicy")) if etype == "SNS" else []
        settings = {"filters": filters} if filters else {}
        if etype == "SNS" and props.get("RedrivePolicy") is not None:
            policy = json_policy(t, props["RedrivePolicy"])
            settings.update(dead_letter(ctx, policy.get("deadLetterTargetArn"), sources,
                                        t.location(path + ("Properties", "RedrivePolicy"))))
        if not sources and props.get(key) is not None:
            ctx.unresolved(props.get(key), loc, f"{etype} event source")
        if etype == "SNS" and props.get("SqsSubscription") not in (None, False):
            queue = _sns_queue(ctx, rid, name, props, loc)
            ctx.wire_all(sources, [queue], "trigger", evidence, loc, settings=settings)
            ctx.wire(queue, target, "trigger", evidence, loc)
        else:
            ctx.wire_all(sources, [target], "trigger", evidence, loc, label=label,
                         settings=settings)
    elif etype in ("Api", "HttpApi"):
        _api_event(ctx, target, name, etype, props, loc)
    elif etype in ("Schedule", "ScheduleV2"):
        rtype = "AWS::Events::Rule" if etype == "Schedule" else "AWS::Scheduler::Schedule"
        rule = ctx.implicit(f"{rid}{name}", rtype, loc,
                            label=_schedule_label(ctx, props, f"{rid}{name}"))
        dlq = sam_dead_letter(ctx, props.get("DeadLetterConfig"), [rule],
                              t.location(path + ("Properties", "DeadLetterConfig")),
                              f"{rid}{name}Queue")
        ctx.wire(rule, target, "trigger", evidence, loc, settings=dlq)
    elif etype in ("CloudWatchEvent", "EventBridgeRule"):
        bus = props.get("EventBusName")
        if bus is None or t.literal(bus) == "default":
            sources = [ctx.default_bus(loc)]
        else:
            sources = ctx.resolve(bus, expect=("AWS::Events::EventBus",),
                                  external_type="AWS::Events::EventBus", location=loc)
        filters = pattern_filters(ctx, props.get("Pattern"))
        settings = {"filters": filters} if filters else {}
        settings.update(sam_dead_letter(ctx, props.get("DeadLetterConfig"), sources,
                                        t.location(path + ("Properties", "DeadLetterConfig")),
                                        f"{rid}{name}Queue"))
        ctx.wire_all(sources, [target], "trigger", evidence, loc,
                     label=pattern_label(ctx, props.get("Pattern")), settings=settings)
    elif etype == "CloudWatchLogs":
        sources = ctx.resolve(props.get("LogGroupName"), expect=("AWS::Logs::LogGroup",),
                              location=loc, promote=True)
        ctx.wire_all(sources, [target], "trigger", evidence, loc)
    elif etype == "IoTRule":
        rule = ctx.implicit(f"{rid}{name}", "AWS::IoT::TopicRule", loc)
        ctx.wire(rule, target, "trigger", evidence, loc)
    elif etype == "AlexaSkill":
        skill = ctx.implicit(f"{rid}{name}", "Alexa::ASK::Skill", loc)
        ctx.wire(skill, target, "trigger", evidence, loc)
    elif etype == "SelfManagedKafka":
        kafka = ctx.implicit(f"{rid}{name}", "self-managed Kafka", loc,
                             label="self-managed Kafka", service="kafka")
        ctx.wire(kafka, target, "trigger", evidence, loc, settings=esm_settings(ctx, props))


def _api_event(ctx: ImportContext, target: str, name: str, etype: str, props: dict, loc) -> None:
    t = ctx.t
    if etype == "Api":
        key, implicit, rtype = "RestApiId", "ServerlessRestApi", "AWS::Serverless::Api"
        types = ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi")
    else:
        key, implicit, rtype = "ApiId", "ServerlessHttpApi", "AWS::Serverless::HttpApi"
        types = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api")
    if props.get(key) is not None:
        apis = ctx.resolve(props.get(key), expect=types, external_type=rtype, location=loc)
    else:
        apis = [ctx.implicit(implicit, rtype, loc)]
        ctx.nodes[apis[0]].settings.setdefault("type", "rest" if etype == "Api" else "http")
    method, path = t.literal(props.get("Method")), t.literal(props.get("Path"))
    label = " ".join(p for p in ((method or "").upper(), path or "") if p) or None
    ctx.wire_all(apis, [target], "trigger", f"sam_event:{etype}", loc, label=label)


def _sns_queue(ctx: ImportContext, rid: str, name: str, props: dict, loc) -> str:
    given = dig(props, "SqsSubscription", "QueueArn")
    if given is not None:
        found = ctx.resolve(given, expect=("AWS::SQS::Queue",), external_type="AWS::SQS::Queue",
                            location=loc)
        if found:
            return found[0]
    return ctx.implicit(f"{rid}{name}Queue", "AWS::SQS::Queue", loc)


def _s3_label(ctx: ImportContext, props: dict) -> str | None:
    names = [ctx.t.literal(e) for e in as_list(props.get("Events"))]
    names = [n for n in names if n]
    return ", ".join(names) or None


def _schedule_label(ctx: ImportContext, props: dict, default: str) -> str:
    expr = ctx.t.literal(props.get("Schedule") or props.get("ScheduleExpression"))
    return f"{default}: {expr}" if expr else default


def pattern_label(ctx: ImportContext, pattern: Any) -> str | None:
    """A short label for an event pattern: its ``source`` and ``detail-type`` values."""
    pattern = as_dict(pattern)
    parts = []
    for key in ("source", "detail-type"):
        values = [ctx.t.literal(v) for v in as_list(pattern.get(key)) if not isinstance(v, dict)]
        parts += [v for v in values if v]
    if not parts:
        return None
    text = ", ".join(parts[:3]) + (" ..." if len(parts) > 3 else "")
    return text
