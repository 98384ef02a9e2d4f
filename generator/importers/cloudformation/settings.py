"""Component settings carried over from resource properties (memory, timeout, runtime, queue
visibility timeout...), under the setting names of the KB service they belong to.

Each reader returns ``(value, property path)``; values the template leaves to a condition or a
runtime lookup are skipped (a parameter's default counts as the value). The KB decides which
settings a service has and their types: a value that does not fit is dropped, not guessed.

>>> from generator.importers.cloudformation.reader import load_template
>>> t = Template(load_template("Resources:\\n  Q: {Type: AWS::SQS::Queue, Properties: "
...                            "{VisibilityTimeout: 90, FifoQueue: 'true'}}\\n", "t.yaml"))
>>> {k: v for k, (v, _) in read_settings(t, "Q", "sqs").items()}
{'visibility_timeout': 90, 'fifo': True}
"""
from __future__ import annotations

from typing import Any, Callable

from .intrinsics import as_dict, as_list, dig, is_intrinsic, ref_target
from .template import Template

Reader = Callable[[Template, str], "tuple[Any, tuple] | None"]


def _num(*keys) -> Reader:
    def read(t: Template, rid: str):
        value = t.number(dig(t.props(rid), *keys))
        return (value, keys) if value is not None else None
    return read


def _text(*keys, lower: bool = False) -> Reader:
    def read(t: Template, rid: str):
        raw = dig(t.props(rid), *keys)
        if isinstance(raw, list):
            raw = raw[0] if raw else None
            keys_ = keys + (0,)
        else:
            keys_ = keys
        value = t.literal(raw) if raw is not None else None
        if value is None or "${" in value:
            return None
        return (value.lower() if lower else value, keys_)
    return read


def _flag(*keys) -> Reader:
    def read(t: Template, rid: str):
        value = t.boolean(dig(t.props(rid), *keys))
        return (value, keys) if value is not None else None
    return read


def _mapped(keys: tuple, table: dict) -> Reader:
    def read(t: Template, rid: str):
        raw = dig(t.props(rid), *keys)
        text = t.literal(raw) if raw is not None else None
        if text is None:
            return None
        value = table.get(text.strip().upper())
        return (value, keys) if value is not None else None
    return read


def _layers(t: Template, rid: str):
    layers = t.props(rid).get("Layers")
    if not isinstance(layers, list) or not layers:
        return None
    names = []
    for item in layers:
        target = ref_target(item)
        if target is not None:
            names.append(target)
        else:
            text = t.literal(item) or t.signature(item)
            if text is None:
                return None
            names.append(text)
    return names, ("Layers",)


def _tracing(t: Template, rid: str):
    for keys in (("Tracing",), ("TracingConfig", "Mode")):
        raw = dig(t.props(rid), *keys)
        text = t.literal(raw) if raw is not None else None
        if text:
            mode = text.strip().lower()
            return ("active" if mode == "active" else "passthrough"), keys
    return None


def _snapstart(t: Template, rid: str):
    raw = dig(t.props(rid), "SnapStart", "ApplyOn")
    text = t.literal(raw) if raw is not None else None
    if text is None:
        return None
    return text.strip().lower() == "publishedversions", ("SnapStart", "ApplyOn")


def _durable(t: Template, rid: str):
    """``DurableConfig`` (SAM and ``AWS::Lambda::Function``) makes a durable function; a
    configuration left to a condition or a parameter is not read."""
    props = t.props(rid)
    if "DurableConfig" not in props:
        return None
    config = props["DurableConfig"]
    if not isinstance(config, dict) or is_intrinsic(config):
        return None
    return True, ("DurableConfig",)


def _package_type(t: Template, rid: str):
    props = t.props(rid)
    text = t.literal(props.get("PackageType")) if "PackageType" in props else None
    if text:
        return text.strip().lower(), ("PackageType",)
    if "ImageUri" in props or "ImageUri" in as_dict(props.get("Code")):
        return "image", ("ImageUri",) if "ImageUri" in props else ("Code", "ImageUri")
    return None


def redrive_policy(t: Template, rid: str) -> dict:
    """An SQS queue's RedrivePolicy as a mapping (CloudFormation also accepts a JSON string,
    and a ``!Sub`` JSON string)."""
    from .failures import json_policy

    return json_policy(t, t.props(rid).get("RedrivePolicy"))


def _max_receive(t: Template, rid: str):
    value = t.number(redrive_policy(t, rid).get("maxReceiveCount"))
    return (value, ("RedrivePolicy", "maxReceiveCount")) if value is not None else None


def _billing_mode(t: Template, rid: str):
    props = t.props(rid)
    if "BillingMode" in props:
        text = (t.literal(props["BillingMode"]) or "").upper()
        mode = {"PAY_PER_REQUEST": "on-demand", "PROVISIONED": "provisioned"}.get(text)
        return (mode, ("BillingMode",)) if mode else None
    if "ProvisionedThroughput" in props:
        return "provisioned", ("ProvisionedThroughput",)
    if t.types[rid] == "AWS::Serverless::SimpleTable":
        return "on-demand", ()
    return None


def _stream(t: Template, rid: str):
    spec = t.props(rid).get("StreamSpecification")
    if spec is None:
        return None
    return bool(as_dict(spec).get("StreamViewType")), ("StreamSpecification",)


def _api_type(t: Template, rid: str):
    rtype = t.types[rid]
    if rtype in ("AWS::ApiGateway::RestApi", "AWS::Serverless::Api"):
        return "rest", ()
    if rtype == "AWS::Serverless::HttpApi":
        return "http", ()
    text = (t.literal(t.props(rid).get("ProtocolType")) or "").lower()
    return (text, ("ProtocolType",)) if text in ("http", "websocket") else None


def _api_endpoint(t: Template, rid: str):
    config = t.props(rid).get("EndpointConfiguration")
    keys: tuple = ("EndpointConfiguration",)
    if isinstance(config, dict):
        if "Types" in config:
            config, keys = as_list(config["Types"])[:1], keys + ("Types",)
            config = config[0] if config else None
        else:
            config, keys = config.get("Type"), keys + ("Type",)
    text = t.literal(config) if config is not None else None
    return (text.lower(), keys) if text else None


def _s3_versioning(t: Template, rid: str):
    status = t.literal(dig(t.props(rid), "VersioningConfiguration", "Status"))
    if status is None:
        return None
    return status.lower() == "enabled", ("VersioningConfiguration", "Status")


def _ecs_capacity(t: Template, rid: str):
    props = t.props(rid)
    strategy = dig(props, "CapacityProviderStrategy", 0, "CapacityProvider")
    text = t.literal(strategy) if strategy is not None else t.literal(props.get("LaunchType"))
    table = {"FARGATE": "fargate", "FARGATE_SPOT": "fargate-spot"}
    value = table.get((text or "").upper())
    if value is None:
        return None
    return value, ("CapacityProviderStrategy",) if strategy is not None else ("LaunchType",)


READERS: dict[str, dict[str, Reader]] = {
    "lambda": {
        "memory": _num("MemorySize"), "timeout": _num("Timeout"),
        "runtime": _text("Runtime"), "architecture": _text("Architectures"),
        "package_type": _package_type,
        "reserved_concurrency": _num("ReservedConcurrentExecutions"),
        "provisioned_concurrency": _num("ProvisionedConcurrencyConfig",
                                        "ProvisionedConcurrentExecutions"),
        "ephemeral_storage": _num("EphemeralStorage", "Size"),
        "layers": _layers, "tracing": _tracing, "snapstart": _snapstart,
        "durable": _durable,
    },
    "sqs": {
        "visibility_timeout": _num("VisibilityTimeout"), "fifo": _flag("FifoQueue"),
        "retention": _num("MessageRetentionPeriod"), "max_receive_count": _max_receive,
    },
    "sns": {"fifo": _flag("FifoTopic")},
    "dynamodb": {"billing_mode": _billing_mode, "stream": _stream,
                 "stream_view_type": _text("StreamSpecification", "StreamViewType")},
    "kinesis": {"mode": _mapped(("StreamModeDetails", "StreamMode"),
                                {"ON_DEMAND": "on-demand", "PROVISIONED": "provisioned"}),
                "shards": _num("ShardCount"), "retention_hours": _num("RetentionPeriodHours")},
    "step-functions": {"type": _mapped(("Type",), {"STANDARD": "standard",
                                                   "EXPRESS": "express"})},
    "api-gateway": {"type": _api_type, "endpoint": _api_endpoint},
    "s3": {"versioning": _s3_versioning},
    "alb": {"internal": _mapped(("Scheme",), {"INTERNAL": True, "INTERNET-FACING": False})},
    "aurora-serverless": {
        "engine": _text("Engine"),
        "min_capacity": _num("ServerlessV2ScalingConfiguration", "MinCapacity"),
        "max_capacity": _num("ServerlessV2ScalingConfiguration", "MaxCapacity"),
        "data_api": _flag("EnableHttpEndpoint")},
    "rds": {"engine": _text("Engine", lower=True)},
    "ec2": {"instance_type": _text("InstanceType")},
    "opensearch-serverless": {"collection_type": _text("Type")},
    "ecs": {"capacity_provider": _ecs_capacity},
}
"""KB service -> setting name -> how to read it from the resource."""

STATE_MACHINE_TYPE_KEYS = {"AWS::StepFunctions::StateMachine": "StateMachineType"}


def read_settings(t: Template, rid: str, service: str) -> dict[str, tuple[Any, tuple]]:
    """Settings of resource ``rid`` drawn as ``service``: name -> (value, property path)."""
    out: dict[str, tuple[Any, tuple]] = {}
    readers = dict(READERS.get(service, {}))
    if service == "step-functions" and t.types[rid] in STATE_MACHINE_TYPE_KEYS:
        readers["type"] = _mapped((STATE_MACHINE_TYPE_KEYS[t.types[rid]],),
                                  {"STANDARD": "standard", "EXPRESS": "express"})
    for name, reader in readers.items():
        try:
            found = reader(t, rid)
        except (TypeError, ValueError, AttributeError):  # odd shapes never stop an import
            found = None
        if found is not None and found[0] is not None:
            out[name] = found
    return out
