"""Failure paths a template declares around deliveries: dead-letter queues of EventBridge rule
targets, schedules and pipes, redrive policies of SNS subscriptions and SQS queues.

Each becomes a ``dead_letter`` setting (on the connection, or on the queue) that lint reads,
and a connection to the dead-letter queue labelled "dead letters" so the diagram shows it.
Policies may be written as a mapping, a JSON string, or a ``!Sub`` JSON string.

>>> from generator.importers.cloudformation.reader import load_template
>>> t = Template(load_template("Resources: {}", "t.yaml"))
>>> json_policy(t, {"Fn::Sub": '{"deadLetterTargetArn": "${Dlq.Arn}", "maxReceiveCount": 3}'})
{'deadLetterTargetArn': {'Fn::Sub': '${Dlq.Arn}'}, 'maxReceiveCount': 3}
"""
from __future__ import annotations

import json
from typing import Any

from .context import ImportContext
from .intrinsics import as_dict
from .template import Template

DLQ_LABEL = "dead letters"
QUEUE = "AWS::SQS::Queue"


def json_policy(t: Template, value: Any) -> dict:
    """A policy given as a mapping, a JSON string or a ``!Sub`` JSON string, as a mapping
    (strings with ``${...}`` inside a ``!Sub`` stay references: ``{"Fn::Sub": ...}``)."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        arg = value["Fn::Sub"]
        text = arg if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg and \
            isinstance(arg[0], str) else None
        variables = as_dict(arg[1]) if isinstance(arg, list) and len(arg) == 2 else {}
        parsed = _loads(text)
        return {k: ({"Fn::Sub": [v, variables] if variables else v}
                    if isinstance(v, str) and "${" in v else v) for k, v in parsed.items()}
    if isinstance(value, str):
        return _loads(value)
    return as_dict(value)


def _loads(text: str | None) -> dict:
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def dead_letter(ctx: ImportContext, target: Any, sources: list[str], loc,
                implicit_id: str | None = None) -> dict:
    """Resolve a dead-letter queue (``target``: an ARN value; None with ``implicit_id`` when
    SAM creates the queue), draw ``sources`` -> queue, and return the connection setting
    (``{"dead_letter": id}``, or {} when nothing could be resolved, with a warning)."""
    if target is None and implicit_id is None:
        return {}
    if target is not None:
        found = ctx.resolve(target, expect=(QUEUE,), external_type=QUEUE, location=loc)
        if not found:
            ctx.unresolved(target, loc, "dead-letter queue")
            return {}
        queue = found[0]
    else:
        queue = ctx.implicit(implicit_id, QUEUE, loc, label=f"{implicit_id} (created by SAM)")
    for source in sources:
        ctx.wire(source, queue, "fails", "dead_letter_config", loc, label=DLQ_LABEL)
    return {"dead_letter": queue}


def sam_dead_letter(ctx: ImportContext, config: Any, sources: list[str], loc,
                    implicit_id: str) -> dict:
    """A SAM event's ``DeadLetterConfig``: ``Arn``, or ``Type: SQS`` (SAM creates the queue,
    named by ``QueueLogicalId`` when given)."""
    config = as_dict(config)
    if not config:
        return {}
    if config.get("Arn") is not None:
        return dead_letter(ctx, config["Arn"], sources, loc)
    if (ctx.t.literal(config.get("Type")) or "").upper() == "SQS":
        name = ctx.t.literal(config.get("QueueLogicalId")) or implicit_id
        return dead_letter(ctx, None, sources, loc, implicit_id=name)
    return {}
