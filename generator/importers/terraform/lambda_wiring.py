"""Connections around Lambda functions in Terraform: ``aws_lambda_event_source_mapping``,
``aws_lambda_permission``, ``aws_lambda_function_event_invoke_config`` destinations, a
function's dead-letter target and environment references, and provisioned concurrency.
"""
from __future__ import annotations

import json
from typing import Any

from .context import TerraformContext
from .values import is_known
from .module import Body

FUNCTION = ("aws_lambda_function",)

ESM_SETTINGS = {
    "batch_size": ("batch_size", "number"),
    "maximum_batching_window_in_seconds": ("batching_window", "number"),
    "parallelization_factor": ("parallelization_factor", "number"),
    "starting_position": ("starting_position", "upper"),
    "maximum_retry_attempts": ("maximum_retry_attempts", "number"),
    "maximum_record_age_in_seconds": ("maximum_record_age", "number"),
    "bisect_batch_on_function_error": ("bisect_batch_on_error", "flag"),
    "enabled": ("enabled", "flag"),
}
"""``aws_lambda_event_source_mapping`` (and pipe source parameter) arguments -> the spec's
connection settings."""


def extract(ctx: TerraformContext) -> None:
    for r in ctx.of_type("aws_lambda_event_source_mapping"):
        for body in r.instances():
            _event_source_mapping(ctx, body)
    for r in ctx.of_type("aws_lambda_permission"):
        for body in r.instances():
            _permission(ctx, body)
    for r in ctx.of_type("aws_lambda_function_event_invoke_config"):
        for body in r.instances():
            fns = ctx.resolve(body.get("function_name"), expect=FUNCTION)
            for fn in fns:
                _destinations(ctx, fn, body)
    for r in ctx.of_type("aws_lambda_provisioned_concurrency_config"):
        body = r.body()
        value = body.get("provisioned_concurrent_executions")
        for fn in ctx.resolve(body.get("function_name"), expect=FUNCTION):
            if isinstance(value, int) and not isinstance(value, bool) and fn in ctx.nodes:
                node = ctx.nodes[fn]
                node.settings["provisioned_concurrency"] = \
                    node.settings.get("provisioned_concurrency", 0) + value
                node.setting_locations.setdefault(
                    "provisioned_concurrency", body.where("provisioned_concurrent_executions"))
    for r in ctx.of_type(*FUNCTION):
        if r.address in ctx.nodes:
            for body in r.instances():
                _function(ctx, r.address, body)
    _log_retention(ctx)


def esm_settings(body: Body) -> dict:
    """Connection settings of an event source mapping (or a pipe's source parameters)."""
    out: dict[str, Any] = {}
    for arg, (name, kind) in ESM_SETTINGS.items():
        value = body.get(arg)
        if value is None or not is_known(value):
            continue
        if kind == "upper" and isinstance(value, str):
            out[name] = value.upper()
        elif kind == "flag" and isinstance(value, bool):
            out[name] = value
        elif kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = value
    for scaling in body.blocks("scaling_config"):
        value = scaling.get("maximum_concurrency")
        if isinstance(value, int) and not isinstance(value, bool):
            out["max_concurrency"] = value
    types = body.get("function_response_types")
    if isinstance(types, list) and "ReportBatchItemFailures" in types:
        out["report_batch_item_failures"] = True
    filters = criteria_filters(body)
    if filters:
        out["filters"] = filters
    return out


def criteria_filters(body: Body) -> list[str]:
    """The patterns of a ``filter_criteria`` block (JSON text each)."""
    out = []
    for criteria in body.blocks("filter_criteria"):
        for f in criteria.blocks("filter"):
            pattern = f.get("pattern")
            if isinstance(pattern, str) and is_known(pattern):
                out.append(pattern)
    return out


def _event_source_mapping(ctx: TerraformContext, body: Body) -> None:
    loc = body.where()
    fns = ctx.resolve(body.get("function_name"), expect=FUNCTION,
                      external_type="aws_lambda_function", location=body.where("function_name"))
    source_value = body.get("event_source_arn")
    if source_value is not None:
        where = body.where("event_source_arn")
        sources = ctx.resolve(source_value, location=where,
                              external_type=ctx.arn_type(source_value))
        loc = where
    elif body.has("self_managed_event_source"):
        sources = [ctx.implicit(f"{body.block.labels[-1]}_kafka", "self-managed Kafka", loc,
                                "self-managed Kafka")] if "kafka" in ctx.kb.nodes else []
        if sources:
            ctx.nodes[sources[0]].service = "kafka"
    else:
        sources = []
    settings = esm_settings(body)
    for config in body.blocks("destination_config"):
        for failure in config.blocks("on_failure"):
            where = failure.where("destination_arn")
            targets = ctx.resolve(failure.get("destination_arn"), location=where)
            if targets:
                settings["on_failure"] = targets[0]
                ctx.wire_all(fns, targets[:1], "invoke", "event_source_on_failure", where,
                             label="on failure")
    ctx.wire_all(sources, fns, "trigger", "event_source_mapping", loc, settings=settings)


def _permission(ctx: TerraformContext, body: Body) -> None:
    """A permission with a ``source_arn``: that resource invokes the function (weak
    evidence: used only when nothing else connects the two)."""
    source = body.get("source_arn")
    if source is None:
        return
    fns = ctx.resolve(body.get("function_name"), expect=FUNCTION)
    sources = ctx.resolve(source, promote=True)
    ctx.wire_all(sources, fns, "trigger", "lambda_permission", body.where("source_arn"))


def _destinations(ctx: TerraformContext, fn: str, body: Body) -> None:
    for config in body.blocks("destination_config"):
        for when, label in (("on_failure", "on failure"), ("on_success", "on success")):
            for dest in config.blocks(when):
                where = dest.where("destination")
                value = dest.get("destination")
                targets = ctx.resolve(value, location=where, external_type=ctx.arn_type(value))
                for target in targets[:1]:
                    mode = "async" if ctx.nodes[target].service == "lambda" else None
                    ctx.wire(fn, target, "invoke", "lambda_destination", where, label=label,
                             mode=mode)
                if targets and when == "on_failure":
                    _set_failure(ctx, fn, targets[0], where)


def _set_failure(ctx: TerraformContext, fn: str, target: str, where) -> None:
    node = ctx.nodes.get(fn)
    if node is not None and "on_failure" not in node.settings:
        node.settings["on_failure"] = target
        node.setting_locations["on_failure"] = where


def _function(ctx: TerraformContext, fn: str, body: Body) -> None:
    for dlq in body.blocks("dead_letter_config"):
        where = dlq.where("target_arn")
        value = dlq.get("target_arn")
        targets = ctx.resolve(value, location=where, external_type=ctx.arn_type(value))
        if targets:
            ctx.wire(fn, targets[0], "invoke", "lambda_dead_letter", where, label="dead letters")
            _set_failure(ctx, fn, targets[0], where)
    for env in body.blocks("environment"):
        variables = env.get("variables")
        if isinstance(variables, str) and variables.lstrip().startswith("{"):
            try:
                variables = json.loads(variables)
            except ValueError:
                variables = None
        if not isinstance(variables, dict):
            variables = {"": variables} if variables is not None else {}
        where = env.where("variables")
        for value in variables.values():
            targets = [t for t in ctx.resolve(value, location=where, report=False)
                       if t != fn]
            ctx.wire_all([fn], targets, "access", "environment", where)
    for fs in body.blocks("file_system_config"):
        ctx.wire_all([fn], ctx.resolve(fs.get("arn")), "access", "lambda_file_system",
                     fs.where("arn"))


def _log_retention(ctx: TerraformContext) -> None:
    """A function's log group (``/aws/lambda/<function name>``, or the one its
    ``logging_config`` names) sets its ``log_retention`` from ``retention_in_days``."""
    for group in ctx.of_type("aws_cloudwatch_log_group"):
        body = group.body()
        days = body.get("retention_in_days")
        if not isinstance(days, int) or isinstance(days, bool):
            continue
        name = body.get("name")
        for fn in ctx.of_type(*FUNCTION):
            node = ctx.nodes.get(fn.address)
            if node is None or "log_retention" in node.settings:
                continue
            fn_body = fn.body()
            named = fn_body.get("function_name")
            by_name = isinstance(name, str) and isinstance(named, str) and (
                name == f"/aws/lambda/{named}" or
                name == "/aws/lambda/${%s.function_name}" % fn.address)
            by_config = any(group.address in ctx.addresses(cfg.get("log_group"))
                            for cfg in fn_body.blocks("logging_config"))
            if by_name or by_config:
                node.settings["log_retention"] = days
                node.setting_locations["log_retention"] = body.where("retention_in_days")
