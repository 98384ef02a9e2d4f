"""API Gateway in Terraform: REST integrations (``aws_api_gateway_integration``, labelled with
their method and path), HTTP/WebSocket integrations (``aws_apigatewayv2_integration``,
labelled with their routes), and the ``x-amazon-apigateway-integration`` entries of an
OpenAPI ``body`` (``jsonencode``, ``file`` or ``templatefile``).

The target is read from the integration URI (a function's ``invoke_arn``, an AWS service
path naming a queue) and, when the URI names only an action, from the request parameters and
templates (a table or bus written literally).
"""
from __future__ import annotations

import json
import re
from typing import Any

from .context import ARN_TF_TYPES, TerraformContext, texts
from .values import is_known
from .module import Body

_INTEGRATION_SERVICE = re.compile(
    r":apigateway:(?:\$\{[^}]*\}|[^:])*:([a-z0-9-]+):(?:path|action)/")
_TEMPLATE_NAME = re.compile(
    r'"(?:TableName|StreamName|DeliveryStreamName|QueueUrl|TopicArn|stateMachineArn|'
    r'StateMachineArn|EventBusName|Bucket)"\s*:\s*"([^"$]+)"')
_SUBTYPE_SERVICE = {"SQS": "sqs", "EventBridge": "events", "StepFunctions": "states",
                    "Kinesis": "kinesis"}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "any",
                "x-amazon-apigateway-any-method")


def extract(ctx: TerraformContext) -> None:
    routes = _route_keys(ctx)
    for r in ctx.of_type("aws_api_gateway_integration"):
        for body in r.instances():
            _rest_integration(ctx, body)
    for r in ctx.of_type("aws_apigatewayv2_integration"):
        for body in r.instances():
            where = body.where("integration_uri")
            apis = ctx.resolve(body.get("api_id"))
            targets = integration_targets(
                ctx, body.get("integration_uri"),
                [body.get("request_parameters"), body.get("request_templates")], where,
                subtype=body.get("integration_subtype"))
            label = ", ".join(routes.get(r.address, [])[:2]) or None
            ctx.wire_all(apis, targets, "trigger", "apigw_integration", where, label=label)
    for r in ctx.of_type("aws_api_gateway_rest_api", "aws_apigatewayv2_api"):
        if r.address in ctx.nodes:
            body = r.body()
            _openapi(ctx, r.address, body.get("body"), body.where("body"))
            if r.type == "aws_apigatewayv2_api" and body.get("target") is not None:
                where = body.where("target")
                ctx.wire_all([r.address], ctx.resolve(body.get("target"), location=where),
                             "trigger", "apigw_integration", where)


def integration_targets(ctx: TerraformContext, uri: Any, extra: list, where,
                        subtype: Any = None) -> list[str]:
    """Components an integration sends requests to."""
    text = uri if isinstance(uri, str) else ""
    match = _INTEGRATION_SERVICE.search(text)
    service = match.group(1) if match else None
    if not service and isinstance(subtype, str):
        service = _SUBTYPE_SERVICE.get(subtype.split("-")[0])
    external = ARN_TF_TYPES.get(service or "") or ctx.arn_type(uri)
    found = ctx.resolve(uri, location=where, external_type=external) \
        if uri is not None and not (match and ":action/" in text) else []
    if found:
        return found
    for value in extra:
        if value is None:
            continue
        found = ctx.resolve(value, location=where, external_type=external)
        if found:
            return found
        for text in texts(value):
            for name in _TEMPLATE_NAME.findall(text):
                found += [o for o in map(ctx.owner, ctx.by_name(name)) if o and o not in found]
        if found:
            return found
    if service == "events" and not any(_has_bus(v) for v in extra):
        return [ctx.default_bus(where)]  # PutEvents without a bus name: the default bus
    return []


def _has_bus(value: Any) -> bool:
    return "eventbusname" in json.dumps(value, default=str).lower()


def invocation_mode(parameters: Any) -> str | None:
    """``async`` when a Lambda integration sets ``X-Amz-Invocation-Type`` to ``'Event'``."""
    if not isinstance(parameters, dict):
        return None
    for key, value in parameters.items():
        if str(key).lower() == "integration.request.header.x-amz-invocation-type" and \
                isinstance(value, str) and value.strip("'\" ").lower() == "event":
            return "async"
    return None


def _rest_integration(ctx: TerraformContext, body: Body) -> None:
    where = body.where("uri")
    apis = ctx.resolve(body.get("rest_api_id"))
    targets = integration_targets(ctx, body.get("uri"),
                                  [body.get("request_parameters"), body.get("request_templates")],
                                  where)
    if not targets and body.get("connection_id") is not None:
        targets = ctx.resolve(body.get("connection_id"))
    method = body.get("http_method")
    method = method.upper() if isinstance(method, str) and is_known(method) else None
    if method is None:
        method = _method_of(ctx, body.get("http_method"))
    path = _resource_path(ctx, body.get("resource_id"))
    label = " ".join(p for p in (method, path) if p) or None
    mode = invocation_mode(body.get("request_parameters"))
    for api in apis:
        for target in targets:
            ctx.wire(api, target, "trigger", "apigw_integration", where, label=label, mode=mode)


def _method_of(ctx: TerraformContext, value: Any) -> str | None:
    """``http_method = aws_api_gateway_method.m.http_method``: the method's own value."""
    from .values import references

    for ref in references(value):
        address = ctx.address_of(ref)
        r = ctx.resources.get(address or "")
        if r is not None and r.type == "aws_api_gateway_method":
            text = r.body().get("http_method")
            if isinstance(text, str) and is_known(text):
                return text.upper()
    return None


def _resource_path(ctx: TerraformContext, value: Any, depth: int = 0) -> str:
    from .values import references

    if depth > 30:
        return ""
    for ref in references(value):
        address = ctx.address_of(ref)
        r = ctx.resources.get(address or "")
        if r is None:
            continue
        if r.type == "aws_api_gateway_rest_api":
            return "/"
        if r.type == "aws_api_gateway_resource":
            body = r.body()
            parent = _resource_path(ctx, body.get("parent_id"), depth + 1).rstrip("/")
            part = body.get("path_part")
            part = part if isinstance(part, str) and is_known(part) else "{?}"
            return f"{parent}/{part}"
    return ""


def _route_keys(ctx: TerraformContext) -> dict[str, list[str]]:
    from .values import references

    routes: dict[str, list[str]] = {}
    for r in ctx.of_type("aws_apigatewayv2_route"):
        body = r.body()
        key = body.get("route_key")
        for ref in references(body.get("target")):
            address = ctx.address_of(ref)
            if address and isinstance(key, str) and is_known(key):
                routes.setdefault(address, []).append(key)
    return routes


def _openapi(ctx: TerraformContext, api: str, document: Any, where) -> None:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            try:
                import yaml

                document = yaml.safe_load(document)
            except Exception:  # noqa: BLE001 - any YAML error: the body is not read
                return
    if not isinstance(document, dict):
        return
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for path, operations in paths.items():
        if not isinstance(operations, dict):
            continue
        for method, operation in operations.items():
            if str(method).lower() not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            integration = operation.get("x-amazon-apigateway-integration")
            if not isinstance(integration, dict):
                continue
            targets = integration_targets(
                ctx, integration.get("uri"),
                [integration.get("requestTemplates"), integration.get("requestParameters")],
                where, subtype=integration.get("integrationSubtype"))
            verb = str(method).upper().replace("X-AMAZON-APIGATEWAY-ANY-METHOD", "ANY")
            mode = invocation_mode(integration.get("requestParameters"))
            for target in targets:
                if target != api:
                    ctx.wire(api, target, "trigger", "openapi_integration", where,
                             label=f"{verb} {path}", mode=mode)
