"""EventBridge deliveries: rule targets (from the rule's bus, or the rule itself when it runs on
a schedule), pipes (source, enrichment, target) and Scheduler schedules, with the dead-letter
queues each may keep failures in; and CloudWatch Logs subscriptions (a function's own log
group stands for the function).
"""
from __future__ import annotations

from .context import ImportContext
from .events import criteria_filters, pattern_filters, pattern_label
from .failures import dead_letter
from .intrinsics import as_dict, as_list, dig, refs


def _rule(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    source = ctx.rule_source(rid)
    label = pattern_label(ctx, props.get("EventPattern"))
    filters = pattern_filters(ctx, props.get("EventPattern"))
    for i, target in enumerate(as_list(props.get("Targets"))):
        target = as_dict(target)
        loc = t.where(rid, "Targets", i)
        found = ctx.resolve(target.get("Arn"), location=loc, promote=True)
        if not found:
            ctx.unresolved(target.get("Arn"), loc, "rule target")
        settings = {"filters": filters} if filters else {}
        settings.update(dead_letter(ctx, dig(target, "DeadLetterConfig", "Arn"),
                                    [source] if source else [],
                                    t.where(rid, "Targets", i, "DeadLetterConfig")))
        ctx.wire_all([source] if source else [], found, "trigger", "eventbridge_rule_target",
                     loc, label=label, settings=settings)


def _pipe(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    src_loc = t.where(rid, "Source")
    sources = ctx.resolve(props.get("Source"), location=src_loc)
    if not sources:
        ctx.unresolved(props.get("Source"), src_loc, "pipe source")
    ctx.wire_all(sources, [rid], "trigger", "pipe_source", src_loc,
                 settings=_pipe_source_settings(ctx, props))
    if props.get("Enrichment") is not None:
        loc = t.where(rid, "Enrichment")
        ctx.wire_all([rid], ctx.resolve(props["Enrichment"], location=loc), "trigger",
                     "pipe_enrichment", loc, label="enrichment")
    loc = t.where(rid, "Target")
    settings = {}
    for key, value in as_dict(props.get("SourceParameters")).items():
        if isinstance(value, dict) and dig(value, "DeadLetterConfig", "Arn") is not None:
            settings = dead_letter(ctx, value["DeadLetterConfig"]["Arn"], [rid],
                                   t.where(rid, "SourceParameters", key, "DeadLetterConfig"))
    targets = ctx.resolve(props.get("Target"), location=loc, promote=True)
    if not targets:
        ctx.unresolved(props.get("Target"), loc, "pipe target")
    ctx.wire_all([rid], targets, "trigger", "pipe_target", loc, settings=settings)


def _pipe_source_settings(ctx: ImportContext, props: dict) -> dict:
    from .events import esm_settings

    params = as_dict(props.get("SourceParameters"))
    out: dict = {}
    for value in params.values():
        if isinstance(value, dict) and "BatchSize" in value:
            out = {k: v for k, v in esm_settings(ctx, value).items()
                   if k in ("batch_size", "batching_window", "starting_position")}
    filters = criteria_filters(ctx, params.get("FilterCriteria"))
    if filters:
        out["filters"] = filters
    return out


def _schedule(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    loc = t.where(rid, "Target", "Arn")
    settings = dead_letter(ctx, dig(t.props(rid), "Target", "DeadLetterConfig", "Arn"), [rid],
                           t.where(rid, "Target", "DeadLetterConfig"))
    targets = ctx.resolve(dig(t.props(rid), "Target", "Arn"), location=loc)
    if not targets:
        ctx.unresolved(dig(t.props(rid), "Target", "Arn"), loc, "schedule target")
    ctx.wire_all([rid], targets, "trigger", "scheduler_target", loc, settings=settings)


def _log_subscription(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    loc = t.resource_location(rid)
    groups = ctx.resolve(props.get("LogGroupName"), expect=("AWS::Logs::LogGroup",),
                         promote=True)
    groups = [_log_owner(ctx, g) for g in groups]
    ctx.wire_all(groups, ctx.resolve(props.get("DestinationArn"), location=loc), "trigger",
                 "logs_subscription_filter", loc)


def _log_owner(ctx: ImportContext, group: str) -> str:
    """The function whose log group ``group`` is (``/aws/lambda/${Fn}``), else the group: a
    subscription on a function's logs streams what that function writes."""
    if ctx.t.types.get(group) != "AWS::Logs::LogGroup":
        return group
    name = ctx.t.props(group).get("LogGroupName")
    if not (ctx.t.signature(name) or "").startswith("/aws/lambda/"):
        return group
    fns = [n for n in refs(name) if ctx.t.types.get(n) in (
        "AWS::Serverless::Function", "AWS::Lambda::Function") and n in ctx.nodes]
    return fns[0] if fns else group


HANDLERS = {"AWS::Events::Rule": _rule, "AWS::Pipes::Pipe": _pipe,
            "AWS::Scheduler::Schedule": _schedule,
            "AWS::Logs::SubscriptionFilter": _log_subscription}
"""Resource type -> extractor; :func:`generator.importers.service_wiring.extract` runs them in
template order with its own."""
