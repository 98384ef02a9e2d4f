"""IAM permissions in Terraform: what a function or state machine may call, read or write,
from the Allow statements of the policies on its role: ``aws_iam_role_policy``,
``aws_iam_policy`` attached with ``aws_iam_role_policy_attachment`` /
``aws_iam_policy_attachment`` / ``managed_policy_arns``, ``inline_policy`` blocks, written as
JSON, ``jsonencode`` or a ``data "aws_iam_policy_document"``.

The access a statement grants (invoke, writes, reads) is classified as for CloudFormation.
"""
from __future__ import annotations

import json
from typing import Any

from ..cloudformation.policies import access  # noqa: F401 - also used by .registry
from .context import ARN_TF_TYPES, TerraformContext
from .values import is_known, references

PRINCIPALS = {"aws_lambda_function": "role", "aws_sfn_state_machine": "role_arn",
              "aws_pipes_pipe": "role_arn"}
"""Resource types whose role's permissions are drawn, and the argument naming the role."""

_NAMESPACES = {
    "aws_sfn_state_machine": "states", "aws_api_gateway_rest_api": "execute-api",
    "aws_apigatewayv2_api": "execute-api", "aws_kinesis_firehose_delivery_stream": "firehose",
    "aws_cloudwatch_event_bus": "events", "aws_cognito_user_pool": "cognito-idp",
    "aws_opensearchserverless_collection": "aoss", "aws_cloudwatch_log_group": "logs",
    "aws_rds_cluster": "rds", "aws_msk_cluster": "kafka", "aws_mq_broker": "mq",
    "aws_secretsmanager_secret": "secretsmanager", "aws_ecs_cluster": "ecs",
    "aws_ecs_task_definition": "ecs", "aws_ecs_service": "ecs", "aws_glue_job": "glue",
    "aws_scheduler_schedule": "scheduler", "aws_qldb_ledger": "qldb",
    "aws_bedrockagent_agent": "bedrock", "aws_emrserverless_application": "emr-serverless",
}
_ACTION_TYPES = {ns: t for ns, t in ARN_TF_TYPES.items() if ns in (
    "sqs", "sns", "dynamodb", "s3", "kinesis", "lambda", "states", "events", "secretsmanager",
    "firehose")}


def namespace(tf_type: str) -> str:
    """The IAM action namespace of a Terraform resource type.

    >>> namespace("aws_sqs_queue"), namespace("aws_sfn_state_machine")
    ('sqs', 'states')
    """
    if tf_type in _NAMESPACES:
        return _NAMESPACES[tf_type]
    parts = tf_type.split("_")
    return parts[1] if len(parts) > 2 else ""


def extract(ctx: TerraformContext) -> None:
    statements = _role_statements(ctx)
    users: dict[str, list[str]] = {}
    principals: list[tuple[str, str]] = []
    for r in ctx.resources.values():
        arg = PRINCIPALS.get(r.type)
        if arg is None or r.address not in ctx.nodes:
            continue
        for role in _role_addresses(ctx, r.body().get(arg)):
            users.setdefault(role, []).append(r.address)
            principals.append((r.address, role))
    for principal, role in principals:
        shared = len(users.get(role, [])) > 1
        for doc, where in statements.get(role, []):
            _statements(ctx, principal, doc, where, shared)


def _role_addresses(ctx: TerraformContext, value: Any) -> list[str]:
    out = []
    for ref in references(value):
        address = ctx.address_of(ref)
        if address and ctx.resources[address].type == "aws_iam_role":
            out.append(address)
    if not out and isinstance(value, str) and is_known(value):
        out = [a for a in ctx.by_name(value.rsplit("/", 1)[-1], ("aws_iam_role",))]
    return out


def _role_statements(ctx: TerraformContext) -> dict[str, list[tuple[Any, Any]]]:
    """Role address -> [(policy document value, location)]."""
    docs: dict[str, list[tuple[Any, Any]]] = {}
    policies = {r.address: r for r in ctx.of_type("aws_iam_policy")}

    def add(roles: list[str], document: Any, where) -> None:
        for role in roles:
            docs.setdefault(role, []).append((document, where))

    for r in ctx.of_type("aws_iam_role"):
        body = r.body()
        for inline in body.blocks("inline_policy"):
            add([r.address], inline.get("policy"), inline.where("policy"))
        for ref in references(body.get("managed_policy_arns")):
            address = ctx.address_of(ref)
            if address in policies:
                p = policies[address].body()
                add([r.address], p.get("policy"), p.where("policy"))
    for r in ctx.of_type("aws_iam_role_policy"):
        for body in r.instances():
            add(_role_addresses(ctx, body.get("role")), body.get("policy"),
                body.where("policy"))
    for r in ctx.of_type("aws_iam_role_policy_attachment", "aws_iam_policy_attachment"):
        for body in r.instances():
            roles = _role_addresses(ctx, body.get("role") if "role" in body.block.attrs
                                    else body.get("roles"))
            for ref in references(body.get("policy_arn")):
                address = ctx.address_of(ref)
                if address in policies:
                    p = policies[address].body()
                    add(roles, p.get("policy"), p.where("policy"))
    return docs


def document_statements(ctx: TerraformContext, document: Any) -> list[dict]:
    """The statements of a policy document: JSON text, or a reference to a
    ``data "aws_iam_policy_document"`` (its ``statement`` blocks)."""
    if isinstance(document, str) and document.lstrip().startswith("{"):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    if isinstance(document, dict):
        statements = document.get("Statement")
        if isinstance(statements, dict):
            return [statements]
        return [s for s in statements if isinstance(s, dict)] if isinstance(statements, list) \
            else []
    out = []
    for ref in references(document):
        parts = ref.split(".")
        if "data" not in parts:
            continue
        i = parts.index("data")
        d = ctx.data.get(".".join(parts[:i + 3]))
        if d is None or d.type != "aws_iam_policy_document":
            continue
        for st in d.body().blocks("statement"):
            out.append({"Effect": st.get("effect") or "Allow", "Action": st.get("actions"),
                        "Resource": st.get("resources"), "_where": st.where("resources")})
    return out


def _statements(ctx: TerraformContext, principal: str, document: Any, where,
                shared: bool) -> None:
    for statement in document_statements(ctx, document):
        if statement.get("Effect", "Allow") != "Allow":
            continue
        actions = statement.get("Action")
        actions = [actions] if isinstance(actions, str) else actions
        actions = [a for a in actions or [] if isinstance(a, str) and is_known(a)]
        if not actions:
            continue
        loc = statement.get("_where", where)
        prefixes = {a.split(":", 1)[0].lower() for a in actions if ":" in a}
        external = _ACTION_TYPES.get(next(iter(prefixes))) if len(prefixes) == 1 else None
        resources = statement.get("Resource")
        resources = resources if isinstance(resources, list) else [resources]
        targets = [x for res in resources if res is not None
                   for x in ctx.resolve(res, location=loc, external_type=external)]
        if shared and principal in targets:
            continue  # a shared role's statement naming this principal is for its callers
        for target in dict.fromkeys(targets):
            node = ctx.nodes.get(target)
            ns = namespace(node.cfn_type) if node else ""
            mine = [a for a in actions if a.split(":", 1)[0].lower() == ns] or actions
            ctx.wire(principal, target, access(mine), "iam_statement", loc)
