"""Wiring written as inputs of public registry modules (their code is not in the folder, so
the resources they create are drawn as one component per call; see
:data:`.catalog.REGISTRY_MODULES`):

- ``terraform-aws-modules/lambda/aws``: ``event_source_mapping``, ``allowed_triggers``,
  ``environment_variables``, ``policy_statements``, ``destination_on_failure`` /
  ``destination_on_success``;
- ``terraform-aws-modules/step-functions/aws``: ``definition`` and ``service_integrations``;
- ``terraform-aws-modules/eventbridge/aws``: ``targets`` of its rules;
- ``terraform-aws-modules/apigateway-v2/aws``: ``integrations`` (``lambda_arn``) and
  ``routes`` (``integration.uri``).

These are the modules' documented inputs, not AWS facts.
"""
from __future__ import annotations

from typing import Any

from . import catalog
from .context import TerraformContext
from .module import Body


def extract(ctx: TerraformContext) -> None:
    for mod in ctx.modules:
        for name, call in mod.calls.items():
            address = f"{mod.prefix}module.{name}"
            if address not in ctx.remote_calls:
                continue
            tf_type = catalog.registry_type(call.source)
            handler = HANDLERS.get(tf_type or "")
            if handler is None:
                continue
            node = ctx.add_node(address, tf_type, call.block.location,
                                f"{name} (registry module)", origin="module")
            handler(ctx, node.id, Body(mod, call.block, {}))


def _items(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, dict)]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _lambda(ctx: TerraformContext, fn: str, body: Body) -> None:
    from .policies import access

    where = body.where("event_source_mapping")
    for esm in _items(body.get("event_source_mapping")):
        value = esm.get("event_source_arn")
        sources = ctx.resolve(value, location=where, external_type=ctx.arn_type(value))
        settings = {"batch_size": esm["batch_size"]} if isinstance(esm.get("batch_size"), int) \
            else {}
        ctx.wire_all(sources, [fn], "trigger", "event_source_mapping", where, settings=settings)
    where = body.where("allowed_triggers")
    for trigger in _items(body.get("allowed_triggers")):
        ctx.wire_all(ctx.resolve(trigger.get("source_arn"), promote=True), [fn], "trigger",
                     "lambda_permission", where)
    where = body.where("environment_variables")
    variables = body.get("environment_variables")
    for value in (variables.values() if isinstance(variables, dict) else []):
        ctx.wire_all([fn], [t for t in ctx.resolve(value, location=where, report=False)
                            if t != fn],
                     "access", "environment", where)
    where = body.where("policy_statements")
    for st in _items(body.get("policy_statements")):
        if str(st.get("effect", "Allow")).lower() != "allow":
            continue
        actions = st.get("actions") or []
        actions = [a for a in ([actions] if isinstance(actions, str) else actions)
                   if isinstance(a, str)]
        resources = st.get("resources") or []
        for target in ctx.resolve(resources, location=where):
            if target != fn and actions:
                ctx.wire(fn, target, access(actions), "iam_statement", where)
    for arg, label in (("destination_on_failure", "on failure"),
                       ("destination_on_success", "on success")):
        if body.get(arg) is not None:
            where = body.where(arg)
            ctx.wire_all([fn], ctx.resolve(body.get(arg), location=where)[:1], "invoke",
                         "lambda_destination", where, label=label)


def _state_machine(ctx: TerraformContext, sm: str, body: Body) -> None:
    from .service_wiring import state_machine_targets

    state_machine_targets(ctx, sm, body.get("definition"), body.where("definition"))
    where = body.where("service_integrations")
    integrations = body.get("service_integrations")
    for service in (integrations.values() if isinstance(integrations, dict) else []):
        if isinstance(service, dict):
            for value in service.values():
                if not isinstance(value, bool):
                    ctx.wire_all([sm], [t for t in ctx.resolve(value, location=where)
                                        if t != sm], "invoke", "sfn_task", where)


def _event_bus(ctx: TerraformContext, bus: str, body: Body) -> None:
    where = body.where("targets")
    targets = body.get("targets")
    for rule_targets in (targets.values() if isinstance(targets, dict) else []):
        for target in _items(rule_targets):
            ctx.wire_all([bus], ctx.resolve(target.get("arn"), location=where, promote=True),
                         "trigger", "eventbridge_rule_target", where)


def _http_api(ctx: TerraformContext, api: str, body: Body) -> None:
    for arg in ("integrations", "routes"):
        where = body.where(arg)
        routes = body.get(arg)
        for key, route in (routes.items() if isinstance(routes, dict) else []):
            if not isinstance(route, dict):
                continue
            value = route.get("lambda_arn") or (route.get("integration") or {}).get("uri") \
                if isinstance(route.get("integration") or {}, dict) else route.get("lambda_arn")
            label = key if isinstance(key, str) and " " in key else None
            ctx.wire_all([api], ctx.resolve(value, location=where), "trigger",
                         "apigw_integration", where, label=label)


HANDLERS = {"aws_lambda_function": _lambda, "aws_sfn_state_machine": _state_machine,
            "aws_cloudwatch_event_bus": _event_bus, "aws_apigatewayv2_api": _http_api}
"""The resource type a registry module is built around -> how its inputs wire it."""
