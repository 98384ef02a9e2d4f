"""Connections around functions written as CloudFormation resources or function properties:
event source mappings, permissions, destinations and dead-letter queues, custom resources,
file systems, SAM connectors, and the resources a function's environment names.

>>> _custom("Custom::SeedData"), _custom("AWS::SQS::Queue")
(True, False)
"""
from __future__ import annotations

from .context import ImportContext
from .events import esm_settings
from .intrinsics import as_dict, as_list, dig

FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
CALLED_TYPES_PREFIXES = ("AWS::Lambda::", "AWS::Serverless::Function", "AWS::SQS::", "AWS::SNS::",
                         "AWS::Events::", "AWS::StepFunctions::", "AWS::Serverless::StateMachine",
                         "AWS::Kinesis::", "AWS::KinesisFirehose::")
"""Destinations that receive invocations or messages (a write to them is a call)."""


def extract(ctx: ImportContext) -> None:
    for rid, rtype in list(ctx.t.types.items()):
        if rtype == "AWS::Lambda::EventSourceMapping":
            _event_source_mapping(ctx, rid)
        elif rtype == "AWS::Lambda::Permission":
            _permission(ctx, rid)
        elif rtype == "AWS::Lambda::EventInvokeConfig":
            fns = ctx.resolve(ctx.t.props(rid).get("FunctionName"))
            for fn in fns:
                _destinations(ctx, fn, rid, ("DestinationConfig",))
        elif rtype == "AWS::Serverless::Connector":
            props = ctx.t.props(rid)
            _connector(ctx, props.get("Source"), props, ctx.t.where(rid, "Destination"))
        elif rtype.startswith("Custom::") or rtype == "AWS::CloudFormation::CustomResource":
            fns = ctx.resolve(ctx.t.props(rid).get("ServiceToken"))
            ctx.wire_all([rid], fns, "trigger", "custom_resource", ctx.t.where(rid, "ServiceToken"))
        if rtype in FUNCTION_TYPES:
            _function(ctx, rid)
        connectors = ctx.t.attr(rid, "Connectors")
        if isinstance(connectors, dict) and rid in ctx.nodes:
            for name, body in connectors.items():
                loc = ctx.t.location(("Resources", rid, "Connectors", name))
                _connector(ctx, {"Id": rid}, as_dict(as_dict(body).get("Properties")), loc)


def _event_source_mapping(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    loc = t.resource_location(rid)
    fns = ctx.resolve(props.get("FunctionName"), expect=FUNCTION_TYPES)
    if props.get("EventSourceArn") is not None:
        sources = ctx.resolve(props["EventSourceArn"], location=loc)
        if not sources:
            ctx.unresolved(props["EventSourceArn"], t.where(rid, "EventSourceArn"),
                           "event source")
    elif props.get("SelfManagedEventSource") is not None:
        sources = [ctx.implicit(rid, "self-managed Kafka", loc, label="self-managed Kafka",
                                service="kafka")]
    else:
        sources = []
    settings = esm_settings(ctx, props)
    failure = ctx.resolve(dig(props, "DestinationConfig", "OnFailure", "Destination"),
                          location=loc)
    if failure:
        settings["on_failure"] = failure[0]
        ctx.wire_all(fns, failure[:1], "invoke", "event_source_on_failure", loc, label="on failure")
    ctx.wire_all(sources, fns, "trigger", "event_source_mapping", loc, settings=settings)


def _permission(ctx: ImportContext, rid: str) -> None:
    """``AWS::Lambda::Permission`` with a ``SourceArn``: that resource invokes the function
    (weak evidence: used only when nothing else connects the two)."""
    t = ctx.t
    props = t.props(rid)
    if props.get("SourceArn") is None:
        return
    fns = ctx.resolve(props.get("FunctionName"), expect=FUNCTION_TYPES)
    sources = ctx.resolve(props["SourceArn"], promote=True)
    ctx.wire_all(sources, fns, "trigger", "lambda_permission", t.where(rid, "SourceArn"))


def _function(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    if rid not in ctx.nodes:
        return
    if "EventInvokeConfig" in props:
        _destinations(ctx, rid, rid, ("EventInvokeConfig", "DestinationConfig"))
    for keys in (("DeadLetterQueue", "TargetArn"), ("DeadLetterConfig", "TargetArn")):
        value = dig(props, *keys)
        if value is None:
            continue
        loc = t.where(rid, *keys)
        dlq = ctx.resolve(value, location=loc, external_type=ctx.arn_type(value) or _dlq_type(
            t.literal(dig(props, "DeadLetterQueue", "Type"))))
        if dlq:
            ctx.wire(rid, dlq[0], "invoke", "lambda_dead_letter", loc, label="dead letters")
            _set_failure(ctx, rid, dlq[0], t.path(rid, *keys))
        else:
            ctx.unresolved(value, loc, "dead-letter queue")
    for i, config in enumerate(as_list(props.get("FileSystemConfigs"))):
        loc = t.where(rid, "FileSystemConfigs", i)
        ctx.wire_all([rid], ctx.resolve(as_dict(config).get("Arn")), "access",
                     "lambda_file_system", loc)
    variables = dig(props, "Environment", "Variables")
    if isinstance(variables, dict):
        for name, value in variables.items():
            loc = t.where(rid, "Environment", "Variables", name)
            targets = [x for x in ctx.resolve(value) if not _custom(ctx.nodes[x].cfn_type)]
            ctx.wire_all([rid], targets, "access", "environment", loc)


def _custom(cfn_type: str) -> bool:
    """A custom resource: its attributes are values computed at deploy time, not a service
    the function calls."""
    return cfn_type.startswith("Custom::") or cfn_type == "AWS::CloudFormation::CustomResource"


def _dlq_type(kind: str | None) -> str | None:
    return {"SQS": "AWS::SQS::Queue", "SNS": "AWS::SNS::Topic"}.get((kind or "").upper())


SAM_CREATED = {"SQS": ("DestinationQueue", "AWS::SQS::Queue"),
               "SNS": ("DestinationTopic", "AWS::SNS::Topic")}
"""SAM ``OnFailure``/``OnSuccess`` types whose resource SAM creates when no Destination is
given (referenced as ``<function>.DestinationQueue`` / ``.DestinationTopic``)."""


def _destinations(ctx: ImportContext, fn: str, rid: str, keys: tuple) -> None:
    t = ctx.t
    config = as_dict(dig(t.props(rid), *keys))
    for when in ("OnFailure", "OnSuccess"):
        value = dig(config, when, "Destination")
        kind = (t.literal(dig(config, when, "Type")) or "").upper()
        if value is None and keys[0] == "EventInvokeConfig" and kind in SAM_CREATED:
            # SAM creates the queue or topic when no Destination is given
            loc = t.where(rid, *keys, when)
            suffix, cfn_type = SAM_CREATED[kind]
            targets = [ctx.implicit(f"{fn}{suffix}", cfn_type, loc,
                                    label=f"{fn}.{suffix} (created by SAM)")]
        elif value is None:
            continue
        else:
            loc = t.where(rid, *keys, when, "Destination")
            targets = ctx.resolve(value, location=loc)
            if not targets:
                ctx.unresolved(value, loc, f"{when} destination")
        label = "on failure" if when == "OnFailure" else "on success"
        for target in targets[:1]:
            # Lambda delivers to a destination function asynchronously
            mode = "async" if ctx.nodes[target].service == "lambda" else None
            ctx.wire(fn, target, "invoke", "lambda_destination", loc, label=label, mode=mode)
        if targets and when == "OnFailure":
            _set_failure(ctx, fn, targets[0], t.path(rid, *keys, when, "Destination")
                         if value is not None else t.path(rid, *keys, when))


def _set_failure(ctx: ImportContext, fn: str, target: str, path: tuple) -> None:
    node = ctx.nodes.get(fn)
    if node is not None and "on_failure" not in node.settings:
        node.settings["on_failure"] = target
        node.setting_locations["on_failure"] = ctx.t.location(path)


def _connector(ctx: ImportContext, source, props: dict, loc) -> None:
    """A SAM connector: ``Read`` and ``Write`` permissions from a source to destinations."""
    source_ids = _connector_end(ctx, source)
    permissions = {str(p).lower() for p in as_list(props.get("Permissions")) if isinstance(p, str)}
    for dest in as_list(props.get("Destination")):
        for target in _connector_end(ctx, dest):
            ttype = ctx.nodes[target].cfn_type if target in ctx.nodes else ""
            if "write" in permissions:
                nature = "invoke" if ttype.startswith(CALLED_TYPES_PREFIXES) else "writes"
            elif "read" in permissions:
                nature = "reads"
            else:
                continue
            ctx.wire_all(source_ids, [target], nature, "sam_connector", loc)


def _connector_end(ctx: ImportContext, end) -> list[str]:
    end = as_dict(end)
    if "Id" in end:
        ident = end["Id"]
        return ctx.resolve({"Ref": ident} if isinstance(ident, str) else ident)
    if "Arn" in end:
        return ctx.resolve(end["Arn"])
    return []
