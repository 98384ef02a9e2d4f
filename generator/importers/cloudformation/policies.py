"""What a function or state machine may do, from its policies: IAM statements (inline, in SAM
``Policies``, or on the execution role) and SAM policy templates. Each resource a statement or
template names becomes a connection from the principal: ``reads``, ``writes``, or ``invoke``
(sending to a queue, topic, bus or stream; invoking a function or state machine). The actions
of a function's statements also become its ``permissions`` setting (lint flags ``*``).

>>> access(["dynamodb:GetItem", "dynamodb:Query"]), access(["dynamodb:PutItem"])
('reads', 'writes')
>>> access(["sqs:SendMessage"]), access(["s3:*"])
('invoke', 'writes')
>>> access(["sqs:ReceiveMessage", "sqs:DeleteMessage"])  # a consumer's permissions
'reads'
>>> access(["bedrock:InvokeAgent"]), access(["bedrock-agentcore:InvokeAgentRuntime"])
('invoke', 'invoke')
>>> access(["dynamodb:GetItem", "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect"])
'reads'

"""
from __future__ import annotations

import re

from .context import ARN_SERVICE_TYPES, ImportContext
from .intrinsics import as_dict, as_list, ref_target, refs

PRINCIPAL_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function",
                   "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")

INVOKE_ACTIONS = frozenset({
    "lambda:invokefunction", "lambda:invokeasync", "lambda:invokefunctionurl",
    "states:startexecution", "states:startsyncexecution", "sqs:sendmessage",
    "sqs:sendmessagebatch", "sns:publish", "sns:publishbatch", "events:putevents",
    "kinesis:putrecord", "kinesis:putrecords", "firehose:putrecord", "firehose:putrecordbatch",
    "execute-api:invoke", "execute-api:manageconnections", "iot:publish", "batch:submitjob",
    "ecs:runtask", "glue:startjobrun", "ses:sendemail", "ses:sendrawemail",
    "ses:sendtemplatedemail", "ses:sendbulktemplatedemail", "appsync:graphql",
    "scheduler:createschedule", "states:sendtasksuccess", "states:sendtaskfailure",
    "bedrock:converse", "bedrock:conversestream", "bedrock:retrieveandgenerate",
})
"""Actions that call or send to the resource rather than read or change stored data; so is
every ``Invoke*`` action (a model, an agent, an endpoint, a function)."""

CONSUME_ACTIONS = frozenset({
    "sqs:deletemessage", "sqs:deletemessagebatch", "sqs:changemessagevisibility",
    "sqs:changemessagevisibilitybatch",
})
"""Actions a consumer needs to take messages off a queue: consuming, not writing to it."""

_READ_VERBS = re.compile(r"^(get|list|describe|query|scan|batchget|receive|read|select|search|"
                         r"lookup|retrieve|head|download|view|check|filter|export|poll|"
                         r"subscribe|connect|decrypt|validate|conditioncheck|partiqlselect)",
                         re.IGNORECASE)

SAM_POLICY_TEMPLATES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "SQSPollerPolicy": ("QueueName", ("AWS::SQS::Queue",), "reads"),
    "SQSSendMessagePolicy": ("QueueName", ("AWS::SQS::Queue",), "invoke"),
    "SNSPublishMessagePolicy": ("TopicName", ("AWS::SNS::Topic",), "invoke"),
    "SNSCrudPolicy": ("TopicName", ("AWS::SNS::Topic",), "invoke"),
    "LambdaInvokePolicy": ("FunctionName", ("AWS::Serverless::Function",
                                            "AWS::Lambda::Function"), "invoke"),
    "DynamoDBCrudPolicy": ("TableName", ("AWS::DynamoDB::Table",
                                         "AWS::Serverless::SimpleTable"), "writes"),
    "DynamoDBWritePolicy": ("TableName", ("AWS::DynamoDB::Table",
                                          "AWS::Serverless::SimpleTable"), "writes"),
    "DynamoDBReadPolicy": ("TableName", ("AWS::DynamoDB::Table",
                                         "AWS::Serverless::SimpleTable"), "reads"),
    "DynamoDBStreamReadPolicy": ("TableName", ("AWS::DynamoDB::Table",), "reads"),
    "DynamoDBReconfigurePolicy": ("TableName", ("AWS::DynamoDB::Table",
                                                "AWS::Serverless::SimpleTable"), "writes"),
    "DynamoDBBackupFullAccessPolicy": ("TableName", ("AWS::DynamoDB::Table",), "writes"),
    "DynamoDBRestoreFromBackupPolicy": ("TableName", ("AWS::DynamoDB::Table",), "writes"),
    "S3ReadPolicy": ("BucketName", ("AWS::S3::Bucket",), "reads"),
    "S3WritePolicy": ("BucketName", ("AWS::S3::Bucket",), "writes"),
    "S3CrudPolicy": ("BucketName", ("AWS::S3::Bucket",), "writes"),
    "S3FullAccessPolicy": ("BucketName", ("AWS::S3::Bucket",), "writes"),
    "KinesisStreamReadPolicy": ("StreamName", ("AWS::Kinesis::Stream",), "reads"),
    "KinesisCrudPolicy": ("StreamName", ("AWS::Kinesis::Stream",), "invoke"),
    "FirehoseWritePolicy": ("DeliveryStreamName", ("AWS::KinesisFirehose::DeliveryStream",),
                            "invoke"),
    "FirehoseCrudPolicy": ("DeliveryStreamName", ("AWS::KinesisFirehose::DeliveryStream",),
                           "invoke"),
    "StepFunctionsExecutionPolicy": ("StateMachineName", ("AWS::Serverless::StateMachine",
                                                          "AWS::StepFunctions::StateMachine"),
                                     "invoke"),
    "StepFunctionsCallbackPolicy": ("StateMachineName", ("AWS::Serverless::StateMachine",
                                                         "AWS::StepFunctions::StateMachine"),
                                    "invoke"),
    "EventBridgePutEventsPolicy": ("EventBusName", ("AWS::Events::EventBus",), "invoke"),
    "SESCrudPolicy": ("IdentityName", ("AWS::SES::EmailIdentity",), "invoke"),
    "SESSendBouncePolicy": ("IdentityName", ("AWS::SES::EmailIdentity",), "invoke"),
    "SESBulkTemplatedCrudPolicy": ("IdentityName", ("AWS::SES::EmailIdentity",), "invoke"),
    "SESBulkTemplatedCrudPolicy_v2": ("IdentityName", ("AWS::SES::EmailIdentity",), "invoke"),
    "SSMParameterReadPolicy": ("ParameterName", ("AWS::SSM::Parameter",), "reads"),
    "SSMParameterWithSlashPrefixReadPolicy": ("ParameterName", ("AWS::SSM::Parameter",),
                                              "reads"),
    "AWSSecretsManagerGetSecretValuePolicy": ("SecretArn", ("AWS::SecretsManager::Secret",),
                                              "reads"),
    "EFSWriteAccessPolicy": ("FileSystem", ("AWS::EFS::FileSystem",), "writes"),
    "ElasticsearchHttpPostPolicy": ("DomainName", ("AWS::Elasticsearch::Domain",
                                                   "AWS::OpenSearchService::Domain"), "writes"),
    "EcsRunTaskPolicy": ("TaskDefinition", ("AWS::ECS::TaskDefinition",), "invoke"),
    "AthenaQueryPolicy": ("WorkGroupName", ("AWS::Athena::WorkGroup",), "reads"),
}
"""SAM policy template -> (parameter naming the resource, its types, access)."""

_NAMESPACE_OVERRIDES = {
    "AWS::Serverless::Function": "lambda", "AWS::Serverless::StateMachine": "states",
    "AWS::StepFunctions::StateMachine": "states", "AWS::Serverless::SimpleTable": "dynamodb",
    "AWS::Serverless::Api": "execute-api", "AWS::ApiGateway::RestApi": "execute-api",
    "AWS::ApiGatewayV2::Api": "execute-api", "AWS::Serverless::HttpApi": "execute-api",
    "AWS::KinesisFirehose::DeliveryStream": "firehose", "AWS::Cognito::UserPool": "cognito-idp",
    "AWS::EFS::FileSystem": "elasticfilesystem", "AWS::OpenSearchServerless::Collection": "aoss",
    "AWS::Serverless::GraphQLApi": "appsync", "AWS::DocDB::DBCluster": "rds",
    "AWS::Events::EventBus": "events", "AWS::Scheduler::Schedule": "scheduler",
}
_ACTION_TYPES = {ns: ARN_SERVICE_TYPES[ns] for ns in (
    "sqs", "sns", "dynamodb", "s3", "kinesis", "lambda", "states", "events", "secretsmanager",
    "ssm", "firehose")}
"""Action namespace -> the type of an existing resource a parameter names in that statement."""

RANK = {"invoke": 0, "writes": 1, "reads": 2}


def access(actions: list[str]) -> str:
    """``invoke``, ``writes`` or ``reads``: the strongest access a list of actions grants."""
    best = "reads"
    for action in actions:
        act = action.lower()
        verb = act.split(":", 1)[1] if ":" in act else act
        if act in INVOKE_ACTIONS or verb.startswith("invoke"):
            return "invoke"
        if act in CONSUME_ACTIONS:
            continue
        if not _READ_VERBS.match(verb):
            best = "writes"
    return best


def namespace(cfn_type: str) -> str:
    """The IAM action namespace of a resource type (``AWS::SQS::Queue`` -> ``sqs``)."""
    if cfn_type in _NAMESPACE_OVERRIDES:
        return _NAMESPACE_OVERRIDES[cfn_type]
    parts = cfn_type.split("::")
    return parts[1].lower() if len(parts) == 3 else ""


def extract(ctx: ImportContext) -> None:
    t = ctx.t
    role_policies = _role_statements(ctx)
    users: dict[str, list[str]] = {}
    for rid in t.of_type(*PRINCIPAL_TYPES):
        for role in _roles(t, rid):
            users.setdefault(role, []).append(rid)
    for rid in t.of_type(*PRINCIPAL_TYPES):
        if rid not in ctx.nodes:
            continue
        actions: list[str] = []
        props = t.props(rid)
        policies = props.get("Policies")
        items = policies if isinstance(policies, list) else [policies]
        for i, item in enumerate(items):
            path = ("Policies", i) if isinstance(policies, list) else ("Policies",)
            if isinstance(item, dict) and "Statement" in item:
                actions += _statements(ctx, rid, item["Statement"], t.path(rid, *path))
            elif isinstance(item, dict):
                for name, params in item.items():
                    _policy_template(ctx, rid, str(name), params, t.path(rid, *path, name))
        for role in _roles(t, rid) + [f"{rid}Role"]:  # f"{rid}Role": SAM's generated role
            peers = [p for p in users.get(role, []) if p != rid]
            for statement, path in role_policies.get(role, []):
                actions += _statements(ctx, rid, statement, path, skip=peers)
        node = ctx.nodes[rid]
        if actions and node.service == "lambda" and "permissions" not in node.settings:
            node.settings["permissions"] = list(dict.fromkeys(actions))
            node.setting_locations["permissions"] = t.where(rid, "Policies") \
                if "Policies" in props else t.where(rid, "Role")


API_TYPES = ("AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi",
             "AWS::ApiGatewayV2::Api")


def api_role_wires(ctx: ImportContext) -> None:
    """A role that API Gateway assumes says what the API calls (the ``credentials`` of its
    integrations). Used when the template has one API, as weak evidence: it only matters
    when the API's definition is in a file the import cannot read."""
    t = ctx.t
    apis = [rid for rid in t.of_type(*API_TYPES) if rid in ctx.nodes]
    apis += [n.id for n in ctx.nodes.values() if n.origin == "implicit"
             and n.cfn_type in API_TYPES]
    if len(apis) != 1:
        return
    for rid in t.of_type("AWS::IAM::Role"):
        trust = as_dict(t.props(rid).get("AssumeRolePolicyDocument"))
        principals = [as_dict(s).get("Principal") for s in as_list(trust.get("Statement"))]
        services = [x for p in principals for x in as_list(as_dict(p).get("Service"))]
        if "apigateway.amazonaws.com" not in [t.literal(x) for x in services]:
            continue
        for i, policy in enumerate(as_list(t.props(rid).get("Policies"))):
            doc = as_dict(as_dict(policy).get("PolicyDocument"))
            path = t.path(rid, "Policies", i, "PolicyDocument")
            for j, statement in enumerate(as_list(doc.get("Statement"))):
                statement = as_dict(statement)
                actions = [a for a in (t.literal(x) for x in as_list(statement.get("Action")))
                           if a]
                if not actions or (t.literal(statement.get("Effect")) or "Allow") != "Allow":
                    continue
                loc = t.location(path + ("Statement", j))
                for resource in as_list(statement.get("Resource")):
                    for target in ctx.resolve(resource, location=loc):
                        ctx.wire(apis[0], target, "trigger", "apigw_service_role", loc)


def _roles(t, rid: str) -> list[str]:
    props = t.props(rid)
    return [r for key in ("Role", "RoleArn") for r in refs(props.get(key)) if t.is_resource(r)]


def _role_statements(ctx: ImportContext) -> dict[str, list[tuple]]:
    """Role logical id -> its statements (inline policies and policies attached to it)."""
    t = ctx.t
    out: dict[str, list[tuple]] = {}
    for rid, rtype in t.types.items():
        props = t.props(rid)
        if rtype == "AWS::IAM::Role":
            for i, policy in enumerate(as_list(props.get("Policies"))):
                doc = as_dict(policy).get("PolicyDocument")
                out.setdefault(rid, []).append(
                    (as_dict(doc).get("Statement"), t.path(rid, "Policies", i, "PolicyDocument")))
            for arn in as_list(props.get("ManagedPolicyArns")):
                target = ref_target(arn)
                if t.types.get(target) == "AWS::IAM::ManagedPolicy":
                    doc = as_dict(t.props(target).get("PolicyDocument"))
                    out.setdefault(rid, []).append(
                        (doc.get("Statement"), t.path(target, "PolicyDocument")))
        elif rtype in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"):
            doc = as_dict(props.get("PolicyDocument"))
            roles = refs(props.get("Roles")) + refs(props.get("RoleName"))
            for role in roles:
                out.setdefault(role, []).append((doc.get("Statement"),
                                                 t.path(rid, "PolicyDocument")))
            for role in as_list(props.get("Roles")) + [props.get("RoleName")]:
                name = t.literal(role) if isinstance(role, str) else None
                if name and name not in roles:  # SAM's "<Function>Role" written as a name
                    out.setdefault(name, []).append((doc.get("Statement"),
                                                     t.path(rid, "PolicyDocument")))
    return out


def _statements(ctx: ImportContext, principal: str, statements, path: tuple,
                skip: list[str] = ()) -> list[str]:
    """Wires from the principal to what each Allow statement names. ``skip``: the other users
    of a shared role; a statement of such a role that names the principal itself is what the
    others need (the orchestrator invokes the workers; the workers do not invoke one
    another), so the principal does not get it."""
    t = ctx.t
    all_actions: list[str] = []
    for i, statement in enumerate(as_list(statements)):
        statement = as_dict(statement)
        if (t.literal(statement.get("Effect")) or "Allow") != "Allow":
            continue
        actions = [a for a in (t.literal(x) for x in as_list(statement.get("Action"))) if a]
        all_actions += actions
        if not actions:
            continue
        loc = t.location(path + ("Statement", i)) if path else t.location(())
        prefixes = {a.split(":", 1)[0].lower() for a in actions if ":" in a}
        external = _ACTION_TYPES.get(next(iter(prefixes))) if len(prefixes) == 1 else None
        targets = [x for r in as_list(statement.get("Resource"))
                   for x in ctx.resolve(r, location=loc, external_type=external)]
        if skip and principal in targets:
            continue  # a shared role's statement that names this principal is for its callers
        for target in targets:
            node = ctx.nodes.get(target)
            ns = namespace(node.cfn_type) if node else ""
            mine = [a for a in actions if a.split(":", 1)[0].lower() == ns] or actions
            ctx.wire(principal, target, access(mine), "iam_statement", loc)
    return all_actions


def _policy_template(ctx: ImportContext, principal: str, name: str, params, path: tuple) -> None:
    spec = SAM_POLICY_TEMPLATES.get(name)
    if spec is None:
        return
    key, types, nature = spec
    loc = ctx.t.location(path)
    value = as_dict(params).get(key)
    if value is None:
        return
    targets = ctx.resolve(value, expect=types, external_type=types[0], location=loc)
    for target in targets:
        ctx.wire(principal, target, nature, "sam_policy_template", loc, label=None)
