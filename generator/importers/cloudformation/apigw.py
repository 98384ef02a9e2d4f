"""API Gateway in CloudFormation: REST methods (labelled with their method and path),
HTTP/WebSocket integrations (labelled with their routes; an HTTP API's quick-create
``Target``), and the ``x-amazon-apigateway-integration`` entries of OpenAPI definitions
(inline, or a local file named by ``AWS::Include`` or ``DefinitionUri``; remote locations are
skipped with a warning). What an integration reaches is read as :mod:`..apigw_common` says,
alike for Terraform.
"""
from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...spec.model import Location
from ..apigw_common import (ROOT, Dialect, Integration, openapi_operations, resource_path,
                            route_labels, wire_integration)
from .context import ARN_SERVICE_TYPES, ImportContext
from .intrinsics import as_dict, dig, refs

MAX_INCLUDE_BYTES = 5_000_000


def extract(ctx: ImportContext) -> None:
    t = ctx.t
    dialect = Dialect(t.signature, t.literal, ARN_SERVICE_TYPES,
                      lambda text: {"Fn::Sub": text} if "${" in text else text)
    routes = route_labels(_routes(t))
    for rid, rtype in list(t.types.items()):
        props = t.props(rid)
        if rtype == "AWS::ApiGateway::Method":
            _method(ctx, dialect, rid, props)
        elif rtype == "AWS::ApiGatewayV2::Integration":
            integration = Integration(props.get("IntegrationUri"), props.get("RequestTemplates"),
                                      props.get("RequestParameters"),
                                      props.get("IntegrationSubtype"), props.get("ConnectionId"))
            wire_integration(ctx, dialect, ctx.resolve(props.get("ApiId")), integration,
                             t.resource_location(rid), "apigw_integration", routes.get(rid))
        elif rtype in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi"):
            _openapi(ctx, dialect, rid, "DefinitionBody", props.get("DefinitionBody"))
            uri = props.get("DefinitionUri")
            if isinstance(uri, str) and "DefinitionBody" not in props:
                _openapi(ctx, dialect, rid, "DefinitionUri", {"Fn::Transform": {
                    "Name": "AWS::Include", "Parameters": {"Location": uri}}})
        elif rtype in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"):
            _openapi(ctx, dialect, rid, "Body", props.get("Body"))
            if rtype == "AWS::ApiGatewayV2::Api" and props.get("Target") is not None:
                # quick create: the API's one integration, a function ARN or a URL
                wire_integration(ctx, dialect, [rid], Integration(props["Target"]),
                                 t.where(rid, "Target"), "apigw_integration", None)


def _routes(t) -> list[tuple[str, list[str]]]:
    """Each HTTP/WebSocket route's key and the integrations its ``Target`` names."""
    found = []
    for rid in t.of_type("AWS::ApiGatewayV2::Route"):
        props = t.props(rid)
        key = t.literal(props.get("RouteKey"))
        if key:
            found.append((key, [i for i in refs(props.get("Target"))
                                if t.types.get(i) == "AWS::ApiGatewayV2::Integration"]))
    return found


# -- REST API methods ------------------------------------------------------------------------
def _method(ctx: ImportContext, dialect: Dialect, rid: str, props: dict) -> None:
    t = ctx.t
    integration = as_dict(props.get("Integration"))
    if not integration:
        return
    method = (t.literal(props.get("HttpMethod")) or "").upper()
    path = resource_path(props.get("ResourceId"), lambda value: _resource_step(ctx, value))
    label = " ".join(p for p in (method, path) if p) or None
    wire_integration(ctx, dialect, ctx.resolve(props.get("RestApiId")), Integration(
        integration.get("Uri"), integration.get("RequestTemplates"),
        integration.get("RequestParameters"), connection=integration.get("ConnectionId")),
        t.where(rid, "Integration"), "apigw_integration", label)


def _resource_step(ctx: ImportContext, resource):
    """A method's ``ResourceId``: an ``AWS::ApiGateway::Resource`` (its parent and path
    part), else the API's root resource (``!GetAtt Api.RootResourceId``)."""
    names = refs(resource)
    if not names:
        return None
    if ctx.t.types.get(names[0]) != "AWS::ApiGateway::Resource":
        return ROOT
    props = ctx.t.props(names[0])
    return props.get("ParentId"), ctx.t.literal(props.get("PathPart"))


# -- OpenAPI definitions ---------------------------------------------------------------------
def _openapi(ctx: ImportContext, dialect: Dialect, rid: str, key: str, body) -> None:
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
    for path, method, label, integration in openapi_operations(body):
        keys = ("paths", path, method, "x-amazon-apigateway-integration")
        if doc_file is not None:
            mark = doc_file.mark(keys)
            loc = t.location(base_path) if mark is None else \
                Location(doc_file.file, mark[0], mark[1])
        else:
            loc = t.location(base_path + keys)
        wire_integration(ctx, dialect, [rid], Integration.openapi(integration), loc,
                         "openapi_integration", label)


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
