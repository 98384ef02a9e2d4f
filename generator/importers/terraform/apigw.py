"""API Gateway in Terraform: REST integrations (``aws_api_gateway_integration``, labelled with
their method and path), HTTP/WebSocket integrations (``aws_apigatewayv2_integration``,
labelled with their routes; an HTTP API's quick-create ``target``), and the
``x-amazon-apigateway-integration`` entries of an OpenAPI ``body`` (``jsonencode``, ``file``
or ``templatefile``). What an integration reaches is read as :mod:`..apigw_common` says,
alike for CloudFormation.
"""
from __future__ import annotations

import json
from typing import Any

from ..apigw_common import (ROOT, Dialect, Integration, openapi_operations, resource_path,
                            route_labels, wire_integration)
from .context import ARN_TF_TYPES, TerraformContext
from .values import is_known, references
from .module import Body

DIALECT = Dialect(lambda value: value if isinstance(value, str) else None,
                  lambda value: value if isinstance(value, str) and is_known(value) else None,
                  ARN_TF_TYPES, lambda text: text)


def extract(ctx: TerraformContext) -> None:
    routes = route_labels(_routes(ctx))
    for r in ctx.of_type("aws_api_gateway_integration"):
        for body in r.instances():
            _rest_integration(ctx, body)
    for r in ctx.of_type("aws_apigatewayv2_integration"):
        for body in r.instances():
            integration = Integration(body.get("integration_uri"), body.get("request_templates"),
                                      body.get("request_parameters"),
                                      body.get("integration_subtype"), body.get("connection_id"))
            wire_integration(ctx, DIALECT, ctx.resolve(body.get("api_id")), integration,
                             body.where("integration_uri"), "apigw_integration",
                             routes.get(r.address))
    for r in ctx.of_type("aws_api_gateway_rest_api", "aws_apigatewayv2_api"):
        if r.address in ctx.nodes:
            body = r.body()
            _openapi(ctx, r.address, body.get("body"), body.where("body"))
            if r.type == "aws_apigatewayv2_api" and body.get("target") is not None:
                wire_integration(ctx, DIALECT, [r.address], Integration(body.get("target")),
                                 body.where("target"), "apigw_integration", None)


def _rest_integration(ctx: TerraformContext, body: Body) -> None:
    method = body.get("http_method")
    method = method.upper() if isinstance(method, str) and is_known(method) else None
    if method is None:
        method = _method_of(ctx, body.get("http_method"))
    path = resource_path(body.get("resource_id"), lambda value: _resource_step(ctx, value))
    label = " ".join(p for p in (method, path) if p) or None
    integration = Integration(body.get("uri"), body.get("request_templates"),
                              body.get("request_parameters"),
                              connection=body.get("connection_id"))
    wire_integration(ctx, DIALECT, ctx.resolve(body.get("rest_api_id")), integration,
                     body.where("uri"), "apigw_integration", label)


def _method_of(ctx: TerraformContext, value: Any) -> str | None:
    """``http_method = aws_api_gateway_method.m.http_method``: the method's own value."""
    for ref in references(value):
        address = ctx.address_of(ref)
        r = ctx.resources.get(address or "")
        if r is not None and r.type == "aws_api_gateway_method":
            text = r.body().get("http_method")
            if isinstance(text, str) and is_known(text):
                return text.upper()
    return None


def _resource_step(ctx: TerraformContext, value: Any):
    """A ``resource_id``: an ``aws_api_gateway_resource`` (its parent and path part), the
    API's ``root_resource_id``, or None."""
    for ref in references(value):
        r = ctx.resources.get(ctx.address_of(ref) or "")
        if r is None:
            continue
        if r.type == "aws_api_gateway_rest_api":
            return ROOT
        if r.type == "aws_api_gateway_resource":
            body = r.body()
            part = body.get("path_part")
            return body.get("parent_id"), part if isinstance(part, str) and is_known(part) \
                else None
    return None


def _routes(ctx: TerraformContext) -> list[tuple[str, list[str]]]:
    """Each HTTP/WebSocket route's key and the integrations its ``target`` names."""
    found = []
    for r in ctx.of_type("aws_apigatewayv2_route"):
        body = r.body()
        key = body.get("route_key")
        if isinstance(key, str) and is_known(key):
            found.append((key, ctx.addresses(body.get("target"))))
    return found


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
    for _path, _method, label, integration in openapi_operations(document):
        wire_integration(ctx, DIALECT, [api], Integration.openapi(integration), where,
                         "openapi_integration", label)
