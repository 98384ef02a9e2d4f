"""EventBridge in Terraform: rule targets (``aws_cloudwatch_event_target``: the rule's bus, or
the scheduled rule, triggers the target; its ``dead_letter_config`` receives what could not be
delivered), EventBridge Scheduler schedules (universal targets named in their input), and
Pipes (source, enrichment, target).
"""
from __future__ import annotations

import json
from typing import Any

from .context import TerraformContext
from .lambda_wiring import criteria_filters, esm_settings
from .module import Body
from .values import is_known


def known_text(value: Any) -> str | None:
    """``value`` when it is a string the files fix (no marker), else None."""
    return value if isinstance(value, str) and is_known(value) else None


def json_from_text(value: Any) -> Any:
    """JSON text as data (its strings are names to match one by one), else the value."""
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def pattern(value: Any) -> list[str]:
    """An event pattern or filter policy as one JSON text ([] when there is none)."""
    text = known_text(value)
    if not text:
        return []
    try:
        return [json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))]
    except ValueError:
        return [text]


# -----------------------------------------------------------------------------
def rule_target(ctx: TerraformContext, rid: str, body: Body) -> None:
    """``aws_cloudwatch_event_target``: the rule's bus (or the scheduled rule) triggers the
    target; a ``dead_letter_config`` receives what could not be delivered."""
    where = body.where("arn")
    rules = [r for ref in ctx.addresses(body.get("rule")) for r in [ctx.resources.get(ref)]
             if r is not None and r.type == "aws_cloudwatch_event_rule"]
    if not rules:
        name = known_text(body.get("rule"))
        rules = [ctx.resources[a] for a in (ctx.by_name(name, ("aws_cloudwatch_event_rule",))
                                            if name else [])]
    sources: list[str] = []
    label, filters = None, []
    for rule in rules:
        source = ctx.rule_source(rule)
        if source:
            sources.append(source)
        rule_body = rule.body()
        filters += pattern(rule_body.get("event_pattern"))
        label = label or _pattern_label(rule_body.get("event_pattern"))
    if not rules and body.get("event_bus_name") is not None:
        sources = ctx.resolve(body.get("event_bus_name"), expect=("aws_cloudwatch_event_bus",))
    targets = ctx.resolve(body.get("arn"), location=where, promote=True,
                          external_type=ctx.arn_type(body.get("arn")))
    settings = dead_letter(ctx, body, sources)
    if filters:
        settings["filters"] = filters
    ctx.wire_all(sources, targets, "trigger", "eventbridge_rule_target", where, label=label,
                 settings=settings)


def dead_letter(ctx: TerraformContext, body: Body, sources: list[str]) -> dict:
    """A ``dead_letter_config`` block: ``sources`` -> its queue as a failure path (kind
    ``fails_to``), and the ``dead_letter`` setting of the delivering connection."""
    for dlq in body.blocks("dead_letter_config"):
        loc = dlq.where("arn")
        found = ctx.resolve(dlq.get("arn"), expect=("aws_sqs_queue",),
                            external_type="aws_sqs_queue", location=loc)
        ctx.wire_all(sources, found[:1], "fails", "dead_letter", loc, label="dead letters")
        if found:
            return {"dead_letter": found[0]}
    return {}


def _pattern_label(pattern: Any) -> str | None:
    text = known_text(pattern)
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    detail = data.get("detail-type") or data.get("source")
    if isinstance(detail, list) and detail and isinstance(detail[0], str):
        return detail[0][:60]
    return None


def schedule(ctx: TerraformContext, rid: str, body: Body) -> None:
    for target in body.blocks("target"):
        where = target.where("arn")
        arn = target.get("arn")
        found = ctx.resolve(arn, location=where, external_type=ctx.arn_type(arn))
        if not found and isinstance(arn, str) and ":aws-sdk:" in arn:
            # a universal target: the resource it acts on is named in its input
            found = ctx.resolve(json_from_text(target.get("input")),
                                location=target.where("input"))
        ctx.wire_all([rid], found, "trigger", "scheduler_target", where,
                     settings=dead_letter(ctx, target, [rid]))


def pipe(ctx: TerraformContext, rid: str, body: Body) -> None:
    where = body.where("source")
    settings: dict = {}
    for params in body.blocks("source_parameters"):
        for block in params.block.blocks:
            for inner in params.blocks(block.type):
                settings.update({k: v for k, v in esm_settings(inner).items()
                                 if k in ("batch_size", "batching_window", "starting_position")})
        filters = criteria_filters(params)
        if filters:
            settings["filters"] = filters
    ctx.wire_all(ctx.resolve(body.get("source"), location=where), [rid], "trigger",
                 "pipe_source", where, settings=settings)
    if body.get("enrichment") is not None:
        loc = body.where("enrichment")
        ctx.wire_all([rid], ctx.resolve(body.get("enrichment"), location=loc), "trigger",
                     "pipe_enrichment", loc, label="enrichment")
    loc = body.where("target")
    ctx.wire_all([rid], ctx.resolve(body.get("target"), location=loc, promote=True), "trigger",
                 "pipe_target", loc)


