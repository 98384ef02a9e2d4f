"""API Gateway integrations as CloudFormation and Terraform both describe them: the target an
integration reaches, how it is invoked, the label of a REST method (its path) or of an HTTP
API integration (its routes), and the operations of an OpenAPI body.

The target of an integration is read from its URI (only the part that names it, so that a
region passed in is never taken for the target: the function ARN in
``.../functions/<ARN>/invocations``, the queue in ``...:sqs:path/<account>/<queue name>``; an
HTTP API's Lambda ARN) and, for AWS service integrations whose URI or subtype names only an
action, from the request templates and parameters that carry the table, stream, bus or state
machine; PutEvents without a bus name reaches the account's default bus.

What differs by format is a :class:`Dialect` (how a value reads as text and back, the
format's resource type for an ARN namespace); references are resolved by the format's import
context, which both formats give the same methods (``resolve``, ``by_name``, ``owner``,
``default_bus``, ``arn_type``, ``wire``).

>>> service_of("arn:aws:apigateway:${AWS::Region}:sqs:path/123/q")
('sqs', 'path')
>>> service_of("https://example.com"), service_of(None, "EventBridge-PutEvents")
((None, None), ('events', None))
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

_INTEGRATION_SERVICE = re.compile(
    r":apigateway:(?:\$\{[^}]*\}|[^:])*:([a-z0-9-]+):(path|action)/")
_TEMPLATE_NAME = re.compile(
    r'"(?:TableName|StreamName|DeliveryStreamName|QueueUrl|TopicArn|stateMachineArn|'
    r'StateMachineArn|EventBusName|Bucket)"\s*:\s*"([^"$]+)"')
_SUBTYPE_SERVICE = {"SQS": "sqs", "EventBridge": "events", "StepFunctions": "states",
                    "Kinesis": "kinesis"}
"""HTTP API integration subtype (``SQS-SendMessage``) -> the ARN namespace of its target."""
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "any",
                "x-amazon-apigateway-any-method")
ROOT = "/"
"""What a format's resource step gives for an API's root resource (see :func:`resource_path`)."""


@dataclass(frozen=True)
class Dialect:
    """How one source format writes values: ``text`` gives a value as text with ``${...}``
    where it is computed (None when it is no string), ``literal`` the string when the source
    alone fixes it, ``arn_types`` the format's resource type for an ARN service namespace,
    ``value`` turns such a text back into a value (a CloudFormation ``!Sub``)."""

    text: Callable[[Any], str | None]
    literal: Callable[[Any], str | None]
    arn_types: Mapping[str, str | None]
    value: Callable[[str], Any]


@dataclass
class Integration:
    """One integration as the source writes it: its URI, the request templates and request
    parameters (in that order, where an action's target is named), the HTTP API subtype and
    the VPC link it goes through."""

    uri: Any
    templates: Any = None
    parameters: Any = None
    subtype: Any = None
    connection: Any = None

    @classmethod
    def openapi(cls, integration: dict) -> Integration:
        """An ``x-amazon-apigateway-integration`` object, the same in both formats."""
        return cls(integration.get("uri"), integration.get("requestTemplates"),
                   integration.get("requestParameters"), integration.get("integrationSubtype"),
                   integration.get("connectionId"))


def service_of(text: str | None, subtype: str | None = None) -> tuple[str | None, str | None]:
    """The ARN namespace of the service an integration URI or subtype calls, and whether the
    URI names a ``path`` (the target is in it) or an ``action`` (the target is in the
    request); ``(None, None)`` for any other URI (a Lambda ARN, an outside URL)."""
    match = _INTEGRATION_SERVICE.search(text or "")
    if match:
        return match.group(1), match.group(2)
    if subtype:
        return _SUBTYPE_SERVICE.get(subtype.split("-")[0]), None
    return None, None


_PATH_TARGETS = (
    re.compile(r":lambda:path/[^/]+/functions/(.+?)/(?:response-streaming-)?invocations$"),
    re.compile(r"^arn:((?:\$\{[^}]*\}|[^:$])+):apigateway:((?:\$\{[^}]*\}|[^:$])*):sqs:path/"
               r"([^/]+)/([^/?]+)/?$"),
)


def path_target(uri: str) -> str | None:
    """The part of a ``path`` integration URI that names its target: the function's ARN, or
    the queue's ARN (from the URI's partition, region, account and queue name); None for
    other services.

    >>> path_target("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
    ...             "arn:aws:lambda:eu-west-1:123:function:resize/invocations")
    'arn:aws:lambda:eu-west-1:123:function:resize'
    >>> path_target("arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/orders")
    'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders'
    """
    match = _PATH_TARGETS[0].search(uri)
    if match:
        return match.group(1)
    match = _PATH_TARGETS[1].search(uri)
    if match:
        return "arn:{}:sqs:{}:{}:{}".format(*match.groups())
    return None


def integration_targets(ctx, dialect: Dialect, integration: Integration, where) -> list[str]:
    """Components an integration sends requests to (see the module docstring).

    >>> class Context:  # what an import context offers; here a template with one queue
    ...     def resolve(self, value, **kw): return ["Jobs"] if "jobs" in str(value) else []
    ...     def arn_type(self, value): return None
    ...     def default_bus(self, where): return "DefaultEventBus"
    >>> as_text = Dialect(lambda v: v if isinstance(v, str) else None, lambda v: v,
    ...                   {"sqs": "AWS::SQS::Queue"}, lambda text: text)
    >>> integration_targets(Context(), as_text, Integration(
    ...     "arn:aws:apigateway:${Region}:sqs:path/${AccountId}/jobs"), None)
    ['Jobs']
    >>> integration_targets(Context(), as_text, Integration(
    ...     None, parameters={"Detail": "$request.body"}, subtype="EventBridge-PutEvents"), None)
    ['DefaultEventBus']
    """
    uri, text = integration.uri, dialect.text(integration.uri)
    service, kind = service_of(text, dialect.literal(integration.subtype))
    external = dialect.arn_types.get(service or "") or ctx.arn_type(uri)
    named = path_target(text or "") if kind == "path" else None
    if named is not None:
        uri = dialect.value(named)  # only the part that names the target, not the region
    found = ctx.resolve(uri, location=where, external_type=external) \
        if uri is not None and kind != "action" else []
    if found:
        return found
    requests = [integration.templates, integration.parameters]
    for value in requests:
        if value is None:
            continue
        found = ctx.resolve(value, location=where, external_type=external)
        if found:
            return found
        for text in strings(value):
            for name in _TEMPLATE_NAME.findall(text):
                found += [o for o in map(ctx.owner, ctx.by_name(name)) if o and o not in found]
        if found:
            return found
    if service == "events" and "eventbusname" not in json.dumps(requests, default=str).lower():
        return [ctx.default_bus(where)]  # PutEvents without a bus name: the default bus
    return []


def invocation_mode(parameters: Any, literal: Callable[[Any], str | None]) -> str | None:
    """``async`` when a Lambda integration sets ``X-Amz-Invocation-Type`` to ``'Event'``
    (API Gateway then invokes the function asynchronously), else None (the KB decides).

    >>> key = "integration.request.header.X-Amz-Invocation-Type"
    >>> invocation_mode({key: "'Event'"}, str), invocation_mode({key: "method.x"}, str)
    ('async', None)
    """
    if not isinstance(parameters, dict):
        return None
    for key, value in parameters.items():
        if str(key).lower() == "integration.request.header.x-amz-invocation-type":
            if (literal(value) or "").strip("'\" ").lower() == "event":
                return "async"
    return None


def wire_integration(ctx, dialect: Dialect, apis: list[str], integration: Integration, where,
                     evidence: str, label: str | None) -> None:
    """Connect each API to what the integration reaches (through its VPC link when nothing
    else names the target); an integration that calls its own API is no connection."""
    targets = integration_targets(ctx, dialect, integration, where)
    if not targets and integration.connection is not None:
        targets = ctx.resolve(integration.connection)
    mode = invocation_mode(integration.parameters, dialect.literal)
    for api in apis:
        for target in targets:
            if target != api:
                ctx.wire(api, target, "trigger", evidence, where, label=label, mode=mode)


def resource_path(resource: Any, step: Callable[[Any], Any], depth: int = 0) -> str:
    """The path of a REST API resource: ``step(resource)`` gives ``(parent, path part)``,
    :data:`ROOT` for the API's root resource, or None when the resource is unknown.

    >>> tree = {"item": ("items", "{id}"), "items": ("root", "items"), "root": ROOT}
    >>> resource_path("item", tree.get), resource_path("root", tree.get)
    ('/items/{id}', '/')
    """
    found = step(resource) if depth <= 30 else None
    if found is None:
        return ""
    if found == ROOT:
        return ROOT
    parent, part = found
    return f"{resource_path(parent, step, depth + 1).rstrip('/')}/{part or '{?}'}"


def route_labels(routes: list[tuple[str, list[str]]]) -> dict[str, str]:
    """The label of each HTTP/WebSocket integration: the first two route keys that target
    it, from ``(route key, integrations it targets)`` pairs.

    >>> route_labels([("POST /a", ["i"]), ("GET /b", ["i", "j"]), ("GET /c", ["i"])])
    {'i': 'POST /a, GET /b', 'j': 'GET /b'}
    """
    keys: dict[str, list[str]] = {}
    for key, integrations in routes:
        for integration in integrations:
            keys.setdefault(integration, []).append(key)
    return {integration: ", ".join(found[:2]) for integration, found in keys.items()}


def openapi_operations(document: Any) -> Iterator[tuple[str, str, str, dict]]:
    """``(path, method as written, label, integration)`` for each operation of an OpenAPI
    document that has an ``x-amazon-apigateway-integration``.

    >>> doc = {"paths": {"/x": {"x-amazon-apigateway-any-method": {
    ...     "x-amazon-apigateway-integration": {"type": "mock"}}, "parameters": []}}}
    >>> [label for _, _, label, _ in openapi_operations(doc)]
    ['ANY /x']
    """
    paths = document.get("paths") if isinstance(document, dict) else None
    for path, operations in (paths.items() if isinstance(paths, dict) else ()):
        for method, operation in (operations.items() if isinstance(operations, dict) else ()):
            if str(method).lower() not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            integration = operation.get("x-amazon-apigateway-integration")
            if isinstance(integration, dict) and integration:
                verb = str(method).upper().replace("X-AMAZON-APIGATEWAY-ANY-METHOD", "ANY")
                yield path, method, f"{verb} {path}", integration


def strings(value: Any, depth: int = 0) -> list[str]:
    """The strings inside a value (where a request template names its target).

    >>> strings({"a": ["x", {"b": "y"}], "c": 1})
    ['x', 'y']
    """
    if depth > 10:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v, depth + 1)]
    return []
