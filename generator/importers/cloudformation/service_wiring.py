"""Connections that services declare between themselves: S3 notifications, SNS subscriptions,
SQS redrive, Firehose sources and destinations, AppSync data sources, Cognito and IoT
triggers, CloudFront origins, load balancer targets, Step Functions definitions, RDS proxies,
SES receipt rules, VPC Lattice (EventBridge rules, pipes, schedules and log subscriptions:
:mod:`generator.importers.eventbridge_wiring`).

>>> _strip({"BucketARN": {"Ref": "B"}, "RoleARN": {"Ref": "R"}})  # the role is not a target
{'BucketARN': {'Ref': 'B'}}
"""
from __future__ import annotations

from . import eventbridge_wiring
from .context import ImportContext
from .events import pattern_filters, s3_filters
from .failures import dead_letter, json_policy
from .intrinsics import as_dict, as_list, dig, ref_target, refs
from .settings import redrive_policy

SUBSCRIBER_SERVICES = {"email": "email", "email-json": "email", "sms": "sms",
                       "http": "http-endpoint", "https": "http-endpoint",
                       "application": "mobile-push"}
"""SNS protocols whose endpoint lies outside the template, and the KB service drawn for it."""

_EXCLUDED_KEYS = frozenset({"RoleARN", "RoleArn", "CloudWatchLoggingOptions", "KMSEncryptionConfig",
                            "EncryptionConfiguration", "ProcessingConfiguration", "RetryOptions",
                            "BufferingHints", "S3BackupConfiguration", "S3BackupMode",
                            "DocumentIdOptions", "SecretsManagerConfiguration",
                            "VpcConfiguration", "ServiceRoleArn", "DeadLetterConfig",
                            "RetryPolicy", "InputTransformer", "Input", "InputPath"})
"""Keys whose values are configuration around a target, not the target itself."""


def _strip(value, depth: int = 0):
    """``value`` without the excluded keys (roles, logging...), for target resolution."""
    if depth > 20:
        return None
    if isinstance(value, dict):
        return {k: _strip(v, depth + 1) for k, v in value.items() if k not in _EXCLUDED_KEYS}
    if isinstance(value, list):
        return [_strip(v, depth + 1) for v in value]
    return value


def extract(ctx: ImportContext) -> None:
    handlers = {
        "AWS::S3::Bucket": _bucket, "AWS::SNS::Topic": _topic,
        "AWS::SNS::Subscription": _subscription, "AWS::SQS::Queue": _queue, "AWS::KinesisFirehose::DeliveryStream": _firehose,
        "AWS::AppSync::DataSource": _appsync_data_source,
        "AWS::Serverless::GraphQLApi": _sam_graphql, "AWS::Cognito::UserPool": _user_pool,
        "AWS::IoT::TopicRule": _iot_rule, "AWS::CloudFront::Distribution": _distribution,
        "AWS::DynamoDB::Table": _table, "AWS::ElasticLoadBalancingV2::TargetGroup": _target_group,
        "AWS::RDS::DBProxyTargetGroup": _proxy_targets, "AWS::SES::ReceiptRule": _receipt_rule,
        "AWS::VpcLattice::TargetGroup": _lattice_targets,
        "AWS::WAFv2::WebACLAssociation": _waf_association,
        "AWS::StepFunctions::StateMachine": _state_machine,
        "AWS::Serverless::StateMachine": _state_machine,
    }
    handlers.update(eventbridge_wiring.HANDLERS)
    for rid, rtype in list(ctx.t.types.items()):
        handler = handlers.get(rtype)
        if handler is not None:
            handler(ctx, rid)


# -- storage and messaging -------------------------------------------------------------------
def _bucket(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    config = as_dict(t.props(rid).get("NotificationConfiguration"))
    for key, prop in (("LambdaConfigurations", "Function"), ("QueueConfigurations", "Queue"),
                      ("TopicConfigurations", "Topic")):
        for i, item in enumerate(as_list(config.get(key))):
            item = as_dict(item)
            loc = t.where(rid, "NotificationConfiguration", key, i)
            label = t.literal(item.get("Event"))
            filters = s3_filters(ctx, item)
            ctx.wire_all([rid], ctx.resolve(item.get(prop), location=loc), "trigger",
                         "s3_notification", loc, label=label,
                         settings={"filters": filters} if filters else None)
    enabled = dig(config, "EventBridgeConfiguration", "EventBridgeEnabled")
    if t.boolean(enabled) or isinstance(config.get("EventBridgeConfiguration"), dict) \
            and enabled is None:
        loc = t.where(rid, "NotificationConfiguration", "EventBridgeConfiguration")
        ctx.wire(rid, ctx.default_bus(loc), "trigger", "s3_notification", loc)


def _subscribe(ctx: ImportContext, topics: list[str], protocol: str | None, endpoint, loc,
               endpoint_id: str, settings: dict | None = None) -> None:
    protocol = (protocol or "").lower()
    targets = ctx.resolve(endpoint, location=loc,
                          external_type={"sqs": "AWS::SQS::Queue", "lambda": "AWS::Lambda::Function",
                                         "firehose": "AWS::KinesisFirehose::DeliveryStream"
                                         }.get(protocol))
    if not targets and protocol in SUBSCRIBER_SERVICES:
        service = SUBSCRIBER_SERVICES[protocol]
        if service in ctx.kb.nodes:
            label = f"{protocol} subscriber"
            targets = [ctx.implicit(endpoint_id, f"SNS {protocol} endpoint", loc, label=label,
                                   service=service)]
    ctx.wire_all(topics, targets, "trigger", "sns_subscription", loc, settings=settings)


def _topic(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    for i, sub in enumerate(as_list(t.props(rid).get("Subscription"))):
        sub = as_dict(sub)
        protocol = t.literal(sub.get("Protocol"))
        loc = t.where(rid, "Subscription", i)
        _subscribe(ctx, [rid], protocol, sub.get("Endpoint"), loc,
                   f"{rid}{(protocol or 'Endpoint').replace('-', '').title()}Subscriber")


def _subscription(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    topics = ctx.resolve(props.get("TopicArn"), expect=("AWS::SNS::Topic",),
                         external_type="AWS::SNS::Topic", location=t.resource_location(rid))
    filters = pattern_filters(ctx, props.get("FilterPolicy"))
    settings = {"filters": filters} if filters else {}
    policy = json_policy(t, props.get("RedrivePolicy"))
    settings.update(dead_letter(ctx, policy.get("deadLetterTargetArn"), topics,
                                t.where(rid, "RedrivePolicy")))
    if not topics:
        ctx.unresolved(props.get("TopicArn"), t.where(rid, "TopicArn"), "subscription topic")
    _subscribe(ctx, topics, t.literal(props.get("Protocol")), props.get("Endpoint"),
               t.resource_location(rid), rid, settings=settings)


def _queue(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    policy = redrive_policy(t, rid)
    if "deadLetterTargetArn" not in policy:
        return
    loc = t.where(rid, "RedrivePolicy", "deadLetterTargetArn")
    dlq = ctx.resolve(policy["deadLetterTargetArn"], expect=("AWS::SQS::Queue",),
                      external_type="AWS::SQS::Queue", location=loc)
    if dlq and rid in ctx.nodes:
        ctx.wire(rid, dlq[0], "trigger", "sqs_redrive_dlq", loc, label="dead letters")
        node = ctx.nodes[rid]
        node.settings.setdefault("dead_letter", dlq[0])
        node.setting_locations.setdefault("dead_letter", loc)


def _table(ctx: ImportContext, rid: str) -> None:
    stream = dig(ctx.t.props(rid), "KinesisStreamSpecification", "StreamArn")
    if stream is not None:
        loc = ctx.t.where(rid, "KinesisStreamSpecification")
        ctx.wire_all([rid], ctx.resolve(stream, location=loc), "trigger",
                     "dynamodb_kinesis_stream", loc)


# -- streaming and APIs ----------------------------------------------------------------------
def _firehose(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    for key, prop in (("KinesisStreamSourceConfiguration", "KinesisStreamARN"),
                      ("MSKSourceConfiguration", "MSKClusterARN")):
        value = dig(props, key, prop)
        if value is not None:
            loc = t.where(rid, key)
            ctx.wire_all(ctx.resolve(value, location=loc), [rid], "trigger", "firehose_source",
                         loc)
    for key, config in props.items():
        if not str(key).endswith("DestinationConfiguration") or not isinstance(config, dict):
            continue
        loc = t.where(rid, key)
        for i, processor in enumerate(as_list(dig(config, "ProcessingConfiguration",
                                                  "Processors"))):
            for param in as_list(as_dict(processor).get("Parameters")):
                param = as_dict(param)
                if t.literal(param.get("ParameterName")) == "LambdaArn":
                    ctx.wire_all([rid], ctx.resolve(param.get("ParameterValue")), "trigger",
                                 "firehose_processor", loc, label="transform")
        ctx.wire_all([rid], ctx.resolve(_strip(config), location=loc), "trigger",
                     "firehose_destination", loc)


def _appsync_data_source(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    apis = ctx.resolve(props.get("ApiId"), expect=("AWS::AppSync::GraphQLApi",))
    loc = t.resource_location(rid)
    targets: list[str] = []
    for key in ("LambdaConfig", "DynamoDBConfig", "HttpConfig", "EventBridgeConfig",
                "RelationalDatabaseConfig", "OpenSearchServiceConfig", "ElasticsearchConfig"):
        if key in props:
            value = _strip(props[key])
            found = ctx.resolve(value, location=loc)
            if not found and key == "DynamoDBConfig":
                found = ctx.resolve(dig(props, key, "TableName"), expect=(
                    "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable"))
            targets += [f for f in found if f not in targets]
    name = t.literal(props.get("Name")) or rid
    ctx.wire_all(apis, targets, "trigger", "appsync_datasource", loc, label=name)


def _sam_graphql(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    sources = as_dict(t.props(rid).get("DataSources"))
    for kind, entries in sources.items():
        for name, body in as_dict(entries).items():
            loc = t.where(rid, "DataSources", kind, name)
            found = ctx.resolve(_strip(body), location=loc)
            ctx.wire_all([rid], found, "trigger", "appsync_datasource", loc, label=str(name))


def _user_pool(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    config = as_dict(t.props(rid).get("LambdaConfig"))
    for trigger, value in config.items():
        if trigger == "KMSKeyID":
            continue
        loc = t.where(rid, "LambdaConfig", trigger)
        ctx.wire_all([rid], ctx.resolve(_strip(value), location=loc), "trigger",
                     "cognito_trigger", loc, label=str(trigger))


def _iot_rule(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    payload = as_dict(t.props(rid).get("TopicRulePayload"))
    actions = [(("TopicRulePayload", "Actions", i), a)
               for i, a in enumerate(as_list(payload.get("Actions")))]
    if payload.get("ErrorAction") is not None:
        actions.append((("TopicRulePayload", "ErrorAction"), payload["ErrorAction"]))
    for keys, action in actions:
        loc = t.where(rid, *keys)
        for kind, body in as_dict(action).items():
            body = _strip(body)
            found = ctx.resolve(body, location=loc)
            if not found:
                for prop in ("TableName", "QueueUrl", "StreamName", "DeliveryStreamName",
                             "BucketName", "StateMachineName", "TargetArn"):
                    value = dig(body, prop) if prop != "TableName" else \
                        dig(body, "PutItem", "TableName") or dig(body, "TableName")
                    if value is not None:
                        found += [o for o in map(ctx.owner, ctx.by_name(value)) if o]
            ctx.wire_all([rid], found, "trigger",
                         "iot_rule_action", loc, label=str(kind))


def _distribution(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    config = as_dict(t.props(rid).get("DistributionConfig"))
    for i, origin in enumerate(as_list(config.get("Origins"))):
        loc = t.where(rid, "DistributionConfig", "Origins", i)
        found = ctx.resolve(as_dict(origin).get("DomainName"), location=loc)
        ctx.wire_all([rid], found, "trigger", "cloudfront_origin", loc)
    behaviors = [config.get("DefaultCacheBehavior")] + as_list(config.get("CacheBehaviors"))
    for behavior in behaviors:
        for assoc in as_list(as_dict(behavior).get("LambdaFunctionAssociations")):
            loc = t.where(rid, "DistributionConfig")
            found = ctx.resolve(as_dict(assoc).get("LambdaFunctionARN"))
            ctx.wire_all([rid], found, "trigger", "cloudfront_edge_function", loc,
                         label=t.literal(as_dict(assoc).get("EventType")))


def _target_group(ctx: ImportContext, rid: str) -> None:
    """Load balancer -> targets, through listeners (and their rules) to this target group."""
    t = ctx.t
    props = t.props(rid)
    loc = t.resource_location(rid)
    targets: list[str] = []
    kind = (t.literal(props.get("TargetType")) or "instance").lower()
    external = TARGET_TYPES.get(kind)
    for target in as_list(props.get("Targets")):
        targets += ctx.resolve(as_dict(target).get("Id"), location=loc, external_type=external)
    for other, otype in t.types.items():
        if otype == "AWS::ECS::Service":
            for lb in as_list(t.props(other).get("LoadBalancers")):
                if ref_target(as_dict(lb).get("TargetGroupArn")) == rid:
                    owner = ctx.owner(other)
                    if owner:
                        targets.append(owner)
        elif otype == "AWS::AutoScaling::AutoScalingGroup":
            if rid in [ref_target(x) for x in as_list(t.props(other).get("TargetGroupARNs"))]:
                targets.append(other)
    balancers: list[tuple[str, str | None]] = []
    for other, otype in t.types.items():
        if otype == "AWS::ElasticLoadBalancingV2::Listener":
            if rid in _forwarded_groups(t.props(other).get("DefaultActions")):
                balancers += [(lb, None) for lb in ctx.resolve(
                    t.props(other).get("LoadBalancerArn"), location=t.resource_location(other),
                    external_type="AWS::ElasticLoadBalancingV2::LoadBalancer")]
        elif otype == "AWS::ElasticLoadBalancingV2::ListenerRule":
            props_r = t.props(other)
            if rid in _forwarded_groups(props_r.get("Actions")):
                label = _rule_label(ctx, props_r.get("Conditions"))
                balancers += [(lb, label) for lb in ctx.resolve(props_r.get("ListenerArn"))]
    for lb, label in balancers:
        ctx.wire_all([lb], [x for x in dict.fromkeys(targets)], "trigger", "alb_target_group",
                     loc, label=label)


TARGET_TYPES = {"lambda": "AWS::Lambda::Function", "instance": "AWS::EC2::Instance",
                "alb": "AWS::ElasticLoadBalancingV2::LoadBalancer"}
"""Target group TargetType -> the type of a target passed in as a parameter."""


def _forwarded_groups(actions) -> list[str]:
    groups: list[str] = []
    for action in as_list(actions):
        action = as_dict(action)
        groups.append(ref_target(action.get("TargetGroupArn")))
        for tg in as_list(dig(action, "ForwardConfig", "TargetGroups")):
            groups.append(ref_target(as_dict(tg).get("TargetGroupArn")))
    return [g for g in groups if g]


def _rule_label(ctx: ImportContext, conditions) -> str | None:
    values: list[str] = []
    for cond in as_list(conditions):
        cond = as_dict(cond)
        raw = as_list(cond.get("Values")) + as_list(dig(cond, "PathPatternConfig", "Values"))
        values += [v for v in (ctx.t.literal(x) for x in raw) if v]
    return ", ".join(values[:3]) or None


def _proxy_targets(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    loc = t.resource_location(rid)
    proxies = ctx.resolve(props.get("DBProxyName"), expect=("AWS::RDS::DBProxy",))
    dbs = ctx.resolve(props.get("DBClusterIdentifiers")) + \
        ctx.resolve(props.get("DBInstanceIdentifiers"))
    ctx.wire_all(proxies, dbs, "invoke", "rds_proxy_target", loc)


def _receipt_rule(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    sets = ctx.resolve(props.get("RuleSetName"), expect=("AWS::SES::ReceiptRuleSet",))
    for i, action in enumerate(as_list(dig(props, "Rule", "Actions"))):
        loc = t.where(rid, "Rule", "Actions", i)
        found = ctx.resolve(_strip(action), location=loc)
        ctx.wire_all(sets, found, "trigger", "ses_receipt_rule", loc)


def _lattice_targets(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    loc = t.resource_location(rid)
    targets: list[str] = []
    for target in as_list(t.props(rid).get("Targets")):
        targets += ctx.resolve(as_dict(target).get("Id"), location=loc)
    for other, otype in t.types.items():
        if otype not in ("AWS::VpcLattice::Listener", "AWS::VpcLattice::Rule"):
            continue
        props = t.props(other)
        action = props.get("DefaultAction") or props.get("Action")
        groups = [ref_target(as_dict(g).get("TargetGroupIdentifier"))
                  for g in as_list(dig(action, "Forward", "TargetGroups"))]
        if rid in groups:
            services = ctx.resolve(props.get("ServiceIdentifier"))
            if not services and props.get("ListenerIdentifier") is not None:
                services = ctx.resolve(props.get("ListenerIdentifier"))
            ctx.wire_all(services, targets, "trigger", "vpc_lattice_target", loc)


def _waf_association(ctx: ImportContext, rid: str) -> None:
    props = ctx.t.props(rid)
    loc = ctx.t.resource_location(rid)
    acls = ctx.resolve(props.get("WebACLArn"))
    ctx.wire_all(acls, ctx.resolve(props.get("ResourceArn")), "invoke", "waf_association", loc,
                 label="protects")


# -- Step Functions --------------------------------------------------------------------------
def _state_machine(ctx: ImportContext, rid: str) -> None:
    """Resources a state machine's definition calls: its substitutions, and references in an
    inline definition (``Definition`` or a ``DefinitionString`` built with ``Fn::Sub``)."""
    t = ctx.t
    props = t.props(rid)
    subs = as_dict(props.get("DefinitionSubstitutions"))
    for key, value in subs.items():
        loc = t.where(rid, "DefinitionSubstitutions", key)
        ctx.wire_all([rid], ctx.resolve(value, location=loc), "invoke",
                     "sfn_definition_substitution", loc)
    for key in ("Definition", "DefinitionString"):
        if key in props:
            loc = t.where(rid, key)
            for name in refs(props[key]):
                target = ctx.owner(name) if t.is_resource(name) else None
                if target is not None:
                    ctx.wire(rid, target, "invoke", "sfn_definition_ref", loc)
