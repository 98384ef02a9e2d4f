"""API Gateway integrations: REST methods, HTTP/WebSocket integrations and routes, and the
``x-amazon-apigateway-integration`` entries of OpenAPI definitions (inline, or a local file
named by ``AWS::Include`` or ``DefinitionUri``; remote locations are skipped with a warning).

The target of an integration is read from its URI (``.../functions/${Fn.Arn}/invocations``,
``...:sqs:path/${AWS::AccountId}/${Queue.QueueName}``) and, for AWS service integrations whose
URI names only an action, from the request templates and parameters that carry the table,
stream, bus or state machine.

>>> _INTEGRATION_SERVICE.search("arn:aws:apigateway:${AWS::Region}:sqs:path/123/q").group(1)
'sqs'
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ...errors import InputError
from ...spec.model import Location
from .context import ARN_SERVICE_TYPES, ImportContext
from .intrinsics import as_dict, dig, refs

_INTEGRATION_SERVICE = re.compile(
    r":apigateway:(?:\$\{[^}]*\}|[^:])*:([a-z0-9-]+):(?:path|action)/")
_TEMPLATE_NAME = re.compile(
    r'"(?:TableName|StreamName|DeliveryStreamName|QueueUrl|TopicArn|stateMachineArn|'
    r'StateMachineArn|EventBusName|Bucket)"\s*:\s*"([^"$]+)"')
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "any",
                "x-amazon-apigateway-any-method")
MAX_INCLUDE_BYTES = 5_000_000


def extract(ctx: ImportContext) -> None:
    t = ctx.t
    routes = _v2_route_keys(ctx)
    for rid, rtype in list(t.types.items()):
        props = t.props(rid)
        if rtype == "AWS::ApiGateway::Method":
            _method(ctx, rid, props)
        elif rtype == "AWS::ApiGatewayV2::Integration":
            apis = ctx.resolve(props.get("ApiId"))
            loc = t.resource_location(rid)
            targets = integration_targets(
                ctx, props.get("IntegrationUri"),
                [props.get("RequestTemplates"), props.get("RequestParameters")], loc,
                subtype=t.literal(props.get("IntegrationSubtype")))
            label = ", ".join(routes.get(rid, [])[:2]) or None
            ctx.wire_all(apis, targets, "trigger", "apigw_integration", loc, label=label)
        elif rtype in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi"):
            _openapi(ctx, rid, "DefinitionBody", props.get("DefinitionBody"))
            uri = props.get("DefinitionUri")
            if isinstance(uri, str) and "DefinitionBody" not in props:
                _openapi(ctx, rid, "DefinitionUri", {"Fn::Transform": {
                    "Name": "AWS::Include", "Parameters": {"Location": uri}}})
        elif rtype in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"):
            _openapi(ctx, rid, "Body", props.get("Body"))


def integration_targets(ctx: ImportContext, uri, extra: list, loc, subtype: str | None = None
                        ) -> list[str]:
    """Components an integration sends requests to (see the module docstring)."""
    t = ctx.t
    sig = t.signature(uri) or ""
    match = _INTEGRATION_SERVICE.search(sig)
    service_type = ARN_SERVICE_TYPES.get(match.group(1)) if match else None
    if subtype and not service_type:
        service_type = ARN_SERVICE_TYPES.get(
            {"SQS": "sqs", "EventBridge": "events", "StepFunctions": "states",
             "Kinesis": "kinesis", "AppConfig": None}.get(subtype.split("-")[0]) or "")
    found = ctx.resolve(uri, location=loc, external_type=service_type) \
        if uri is not None and not (match and ":action/" in sig) else []
    if found:
        return found
    for value in extra:
        if value is None:
            continue
        found = ctx.resolve(value, location=loc, external_type=service_type)
        if found:
            return found
        for text in _strings(value):
            for name in _TEMPLATE_NAME.findall(text):
                found += [o for o in map(ctx.owner, ctx.by_name(name)) if o and o not in found]
        if found:
            return found
    if service_type == "AWS::Events::EventBus" and \
            "eventbusname" not in json.dumps(extra, default=str).lower():
        return [ctx.default_bus(loc)]  # PutEvents without a bus name: the default bus
    return []


def invocation_mode(ctx: ImportContext, parameters) -> str | None:
    """``async`` when a Lambda integration sets ``X-Amz-Invocation-Type`` to ``'Event'``
    (API Gateway then invokes the function asynchronously), else None (the KB decides)."""
    for key, value in as_dict(parameters).items():
        if str(key).lower() == "integration.request.header.x-amz-invocation-type":
            text = (ctx.t.literal(value) or "").strip("'\" ").lower()
            if text == "event":
                return "async"
    return None


def _strings(value, depth: int = 0) -> list[str]:
    if depth > 10:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, depth + 1)]
    return []


# -- REST API methods ------------------------------------------------------------------------
def _method(ctx: ImportContext, rid: str, props: dict) -> None:
    t = ctx.t
    integration = as_dict(props.get("Integration"))
    if not integration:
        return
    loc = t.where(rid, "Integration")
    apis = ctx.resolve(props.get("RestApiId"))
    targets = integration_targets(ctx, integration.get("Uri"),
                                  [integration.get("RequestTemplates"),
                                   integration.get("RequestParameters")], loc)
    if not targets and integration.get("ConnectionId") is not None:
        targets = ctx.resolve(integration["ConnectionId"])
    method = (t.literal(props.get("HttpMethod")) or "").upper()
    label = " ".join(p for p in (method, _resource_path(ctx, props.get("ResourceId"))) if p)
    mode = invocation_mode(ctx, integration.get("RequestParameters"))
    for api in apis:
        for target in targets:
            ctx.wire(api, target, "trigger", "apigw_integration", loc, label=label or None,
                     mode=mode)


def _resource_path(ctx: ImportContext, resource, depth: int = 0) -> str:
    t = ctx.t
    names = refs(resource)
    if not names or depth > 30:
        return ""
    rid = names[0]
    if t.types.get(rid) != "AWS::ApiGateway::Resource":
        return "/"
    props = t.props(rid)
    parent = _resource_path(ctx, props.get("ParentId"), depth + 1).rstrip("/")
    part = t.literal(props.get("PathPart")) or "{?}"
    return f"{parent}/{part}"


def _v2_route_keys(ctx: ImportContext) -> dict[str, list[str]]:
    routes: dict[str, list[str]] = {}
    for rid in ctx.t.of_type("AWS::ApiGatewayV2::Route"):
        props = ctx.t.props(rid)
        key = ctx.t.literal(props.get("RouteKey"))
        for integ in refs(props.get("Target")):
            if key and ctx.t.types.get(integ) == "AWS::ApiGatewayV2::Integration":
                routes.setdefault(integ, []).append(key)
    return routes


# -- OpenAPI definitions ---------------------------------------------------------------------
def _openapi(ctx: ImportContext, rid: str, key: str, body) -> None:
    if body is None:
        return
    t = ctx.t
    base_path = t.path(rid, key)
    doc_file = None
    location = dig(body, "Fn::Transform", "Parameters", "Location")
    if dig(body, "Fn::Transform", "Name") == "AWS::Include" or location is not None:
        loaded = _include(ctx, rid, key, location)
        if loaded is None:
            return
        body, doc_file = loaded.data, loaded
    paths = as_dict(as_dict(body).get("paths"))
    for path, operations in paths.items():
        for method, operation in as_dict(operations).items():
            if str(method).lower() not in HTTP_METHODS:
                continue
            integration = as_dict(as_dict(operation).get("x-amazon-apigateway-integration"))
            if not integration:
                continue
            keys = ("paths", path, method, "x-amazon-apigateway-integration")
            if doc_file is not None:
                mark = doc_file.mark(keys)
                loc = t.location(base_path) if mark is None else \
                    Location(doc_file.file, mark[0], mark[1])
            else:
                loc = t.location(base_path + keys)
            targets = integration_targets(
                ctx, integration.get("uri"),
                [integration.get("requestTemplates"), integration.get("requestParameters")],
                loc, subtype=t.literal(integration.get("integrationSubtype")))
            if not targets and integration.get("connectionId") is not None:
                targets = ctx.resolve(integration["connectionId"])
            verb = str(method).upper().replace("X-AMAZON-APIGATEWAY-ANY-METHOD", "ANY")
            mode = invocation_mode(ctx, integration.get("requestParameters"))
            for target in targets:
                if target != rid:
                    ctx.wire(rid, target, "trigger", "openapi_integration", loc,
                             label=f"{verb} {path}", mode=mode)


def _include(ctx: ImportContext, rid: str, key: str, location):
    """Load a local OpenAPI file named by AWS::Include or DefinitionUri, else warn."""
    from .reader import read_template

    t = ctx.t
    text = t.literal(location)
    where = t.where(rid, key)
    if not text or "://" in text or text.startswith("s3:"):
        t.warnings.append(InputError(f"{rid}: OpenAPI definition at {text or 'a computed location'}"
                                     " is not a local file; its integrations are not imported",
                                     where.file, where.line, where.column))
        return None
    from ...confine import resolve

    try:
        path, display = resolve(Path(t.file).parent, text)
    except ValueError as exc:
        t.warnings.append(InputError(f"{rid}: OpenAPI definition {text} is not read: {exc}",
                                     where.file, where.line, where.column))
        return None
    try:
        if not path.is_file() or path.stat().st_size > MAX_INCLUDE_BYTES:
            raise OSError
        included = read_template(path, display, allow_duplicate_keys=t.doc.duplicates == "last")
        t.warnings.extend(included.warnings)
        return included
    except OSError:
        t.warnings.append(InputError(f"{rid}: OpenAPI definition {text} not found; its "
                                     "integrations are not imported",
                                     where.file, where.line, where.column))
    except InputError as exc:
        t.warnings.append(exc)
    return None
