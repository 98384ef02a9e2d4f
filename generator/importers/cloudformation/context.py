"""The state of one import: the components found so far, the connections (``Wire``) the
extractors propose, and how a template value is resolved to the component it points at.

A value such as ``!GetAtt Queue.Arn``, ``!Sub arn:...:${Queue.QueueName}``, a queue URL built
from a parameter, or the name ``orders-table`` written in two places all resolve to a component
id: a template resource (through its owner when it is a part, e.g. an alias stands for its
function), an implicit resource SAM creates (``ServerlessRestApi``), or an existing resource the
template only receives as a parameter.

>>> from generator.kb import load_kb
>>> from generator.importers.cloudformation.reader import load_template
>>> t = Template(load_template("Parameters: {QueueArn: {Type: String}}\\nResources:\\n"
...     "  Fn: {Type: AWS::Lambda::Function}\\n"
...     "  Live: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn}}\\n", "t.yaml"))
>>> ctx = ImportContext(t, load_kb())
>>> _ = ctx.add_node("Fn", "AWS::Lambda::Function", t.resource_location("Fn"))
>>> ctx.resolve({"Fn::Sub": "${Live}"}), ctx.resolve({"Ref": "QueueArn"}, external_type="AWS::SQS::Queue")
(['Fn'], ['QueueArn'])
"""
from __future__ import annotations

import json
import re
from typing import Any

from ...errors import InputError
from ...spec.model import Location
from ..assemble import Node, Wire, Wires
from . import catalog
from .intrinsics import refs
from .template import Template

DEFAULT_BUS = "DefaultEventBus"
"""Component id of the account's default event bus when rules or S3 use it implicitly."""

ARN_SERVICE_TYPES = {
    "sqs": "AWS::SQS::Queue", "sns": "AWS::SNS::Topic", "lambda": "AWS::Lambda::Function",
    "dynamodb": "AWS::DynamoDB::Table", "kinesis": "AWS::Kinesis::Stream",
    "s3": "AWS::S3::Bucket", "states": "AWS::StepFunctions::StateMachine",
    "events": "AWS::Events::EventBus", "kafka": "AWS::MSK::Cluster",
    "mq": "AWS::AmazonMQ::Broker", "secretsmanager": "AWS::SecretsManager::Secret",
    "ssm": "AWS::SSM::Parameter", "firehose": "AWS::KinesisFirehose::DeliveryStream",
    "execute-api": "AWS::ApiGateway::RestApi", "rds": "AWS::RDS::DBCluster",
    "es": "AWS::OpenSearchService::Domain", "aoss": "AWS::OpenSearchServerless::Collection",
    "appsync": "AWS::AppSync::GraphQLApi", "cognito-idp": "AWS::Cognito::UserPool",
    "elasticloadbalancing": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "ecs": "AWS::ECS::Cluster", "batch": "AWS::Batch::JobQueue",
    "scheduler": "AWS::Scheduler::Schedule", "logs": "AWS::Logs::LogGroup",
    "ses": "AWS::SES::EmailIdentity", "glue": "AWS::Glue::Job",
    "bedrock": None, "iam": None, "kms": None, "sts": None,
}
"""ARN service namespace -> the CloudFormation type of the resource an ARN of it usually names
(used to draw an existing resource the template receives as a parameter)."""

NAME_PROPERTIES = ("TableName", "QueueName", "TopicName", "BucketName", "FunctionName",
                   "StateMachineName", "Name", "StreamName", "DeliveryStreamName", "ClusterName",
                   "BrokerName", "UserPoolName", "DBClusterIdentifier", "DBInstanceIdentifier",
                   "SecretName", "ApiName", "EventBusName", "ScheduleName", "PipeName",
                   "CollectionName", "RepositoryName", "JobQueueName", "LogGroupName")
"""Properties that set a resource's physical name: another resource may refer to it by name."""

UNADDRESSED_NAMES = {"AWS::BedrockAgentCore::GatewayTarget": ("Name",)}
"""Name properties that label a resource but are never how other resources reach it (a value
equal to a gateway target's tool name is not a reference to the gateway)."""

_ARN_PREFIX = re.compile(r"^arn:(?:aws|aws-[a-z-]+|\$\{AWS::Partition\}):([a-z0-9-]+):")
_ARN_WORDS = frozenset({"arn", "aws", "https", "http", "function", "table", "stream",
                        "stateMachine".lower(), "event-bus", "queue", "topic", "amazonaws.com"})
"""Parts of ARNs and URLs that are never a resource's name."""
_TOKEN = re.compile(r"(?:\$\{[^}]*\}|[^:/${}]|\$(?!\{))+")


_EXTERNAL_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def _arn_resource_name(rest: str, namespace: str = "") -> str | None:
    """The resource name in what follows ``arn:partition:service:`` (region, account, then
    the resource), or None when the ARN is a pattern (``*``) or names another kind of
    resource than the one the namespace's components stand for (an MSK topic, an EventBridge
    rule, a Scheduler group). Pseudo parameters keep their short name.

    >>> _arn_resource_name("us-east-1:123:function:resize:live", "lambda")
    'resize'
    >>> _arn_resource_name("::bucket/uploads/key.txt", "s3"), _arn_resource_name("r:a:q-*", "sqs")
    ('bucket', None)
    >>> _arn_resource_name("r:a:table/orders/stream/2024", "dynamodb")
    'orders'
    >>> _arn_resource_name("${Region}:${Acct}:function:${AWS::StackName}-copy", "lambda")
    'StackName-copy'
    >>> _arn_resource_name("r:a:log-group:/aws/lambda/resize:*", "logs")
    '/aws/lambda/resize'
    >>> _arn_resource_name("r:a:topic/cluster/id/orders", "kafka"), _arn_resource_name(
    ...     "r:a:event-bus/default", "events")
    (None, 'default')
    >>> _arn_resource_name("r:a:schedule/default/nightly", "scheduler")
    'nightly'
    >>> _arn_resource_name("r:a:job/${AWS::StackName}", "glue") is None
    True
    """
    rest = re.sub(r"\$\{AWS::([^}]*)\}", r"\1", rest)
    parts = rest.split(":", 2)
    resource = parts[2] if len(parts) == 3 else rest
    kinds = ARN_KINDS.get(namespace)
    if kinds == PATH_NAMED:
        head, _, tail = resource.partition(":")
        name = tail.rsplit(":*", 1)[0] if head in ("log-group",) else None
    else:
        pieces = [p for p in re.split(r"[:/]", resource) if p]
        if kinds:
            if len(pieces) < 2 or pieces[0] not in kinds:
                return None
            pieces = pieces[1:]
            if namespace == "scheduler":  # schedule/<group>/<name>
                pieces = pieces[-1:]
        name = pieces[0] if pieces else None
    if not name or "*" in name or name in _PSEUDO_NAMES:
        return None
    return name


_PSEUDO_NAMES = frozenset({"StackName", "StackId", "Region", "AccountId", "Partition",
                           "URLSuffix"})
"""A name that is only a pseudo parameter names no particular resource."""


PATH_NAMED = ("log-group",)
ARN_KINDS = {"lambda": ("function",), "events": ("event-bus",), "scheduler": ("schedule",),
             "kafka": ("cluster",), "logs": PATH_NAMED, "states": ("stateMachine",),
             "dynamodb": ("table",), "kinesis": ("stream",), "secretsmanager": ("secret",),
             "firehose": ("deliverystream",), "rds": ("cluster", "db"), "es": ("domain",),
             "aoss": ("collection",), "appsync": ("apis",), "cognito-idp": ("userpool",),
             "elasticloadbalancing": ("loadbalancer",), "ecs": ("cluster",),
             "batch": ("job-queue",), "glue": ("job",), "ses": ("identity",),
             "mq": ("broker",), "ssm": ("parameter",)}
"""ARN service namespace -> the resource kinds (first part of the resource section) that the
namespace's component type stands for; namespaces not listed (sqs, sns, s3) name the resource
first."""


class ImportContext(Wires):
    """Everything the extractors share."""

    def __init__(self, template: Template, kb):
        self.t = template
        self.kb = kb
        self.nodes: dict[str, Node] = {}
        self.wires: list[Wire] = []
        self.promotable: dict[str, Location] = {}
        self._names = self._name_index()
        self.reverse_owner: dict[str, str] = {}
        self._cfn_index = kb.cfn_type_index()

    # -- components ------------------------------------------------------------------------
    def service(self, cfn_type: str) -> str:
        return catalog.service_for(self.kb, cfn_type, self._cfn_index)

    def add_node(self, rid: str, cfn_type: str, location: Location, label: str | None = None,
                 origin: str = "resource", service: str | None = None) -> Node:
        node = self.nodes.get(rid)
        if node is None:
            if service is None or service not in self.kb.nodes:
                service = self.service(cfn_type)
            if label is None:
                label = rid if service != catalog.GENERIC else f"{rid} ({cfn_type})"
            node = Node(rid, cfn_type, service, label, location, origin=origin)
            self.nodes[rid] = node
        return node

    def implicit(self, rid: str, cfn_type: str, location: Location, label: str | None = None,
                 service: str | None = None) -> str:
        """A resource that SAM (or the account) provides without the template declaring it."""
        taken = rid in self.t.parameters or (rid in self.t.types and (
            rid in self.nodes or catalog.role(self.t.types[rid]) != "support"))
        if taken and getattr(self.nodes.get(rid), "origin", None) != "implicit":
            rid = f"{rid}Implicit"
        self.add_node(rid, cfn_type, location, label, origin="implicit", service=service)
        return rid

    def default_bus(self, location: Location) -> str:
        return self.implicit(DEFAULT_BUS, "AWS::Events::EventBus", location,
                             label="default event bus")

    def external(self, param: str, cfn_type: str | None, location: Location) -> str | None:
        """An existing resource the template receives as parameter ``param``."""
        if cfn_type is None:
            return None
        if param in self.nodes:
            return param
        label = f"{param} (existing)"
        return self.add_node(param, cfn_type, location, label, origin="parameter").id

    # -- resolution ------------------------------------------------------------------------
    def _name_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for rid in self.t.types:
            props = self.t.props(rid)
            for key in NAME_PROPERTIES:
                if key in props and key not in UNADDRESSED_NAMES.get(self.t.types[rid], ()):
                    for sig in (self.t.signature(props[key]), _structure(props[key])):
                        if sig:
                            index.setdefault(sig, [])
                            if rid not in index[sig]:
                                index[sig].append(rid)
        return index

    def by_name(self, value: Any, expect: tuple[str, ...] = ()) -> list[str]:
        """Resources whose physical name is ``value`` (or the last part of the ARN or URL
        ``value`` builds), restricted to the ``expect`` types when given."""
        sig = self.t.signature(value)
        if not sig:
            structure = _structure(value)
            return [r for r in self._names.get(structure, [])
                    if not expect or self.t.types[r] in expect] if structure else []
        candidates = [sig]
        if ":" in sig or "/" in sig:  # an ARN, a URL or a path: try its parts, last first
            candidates += [tok for tok in reversed(_TOKEN.findall(sig))
                           if len(tok) >= 3 and tok.lower() not in _ARN_WORDS]
        for cand in candidates:
            found = [r for r in self._names.get(cand, [])
                     if not expect or self.t.types[r] in expect]
            if found:
                return found
        return []

    def owner(self, rid: str, promote: bool = False, _depth: int = 0) -> str | None:
        """The component a resource stands for: itself, the component it is part of, or None
        (a role, a policy...). ``promote`` lets a log group stand for itself."""
        if rid in self.nodes:
            return rid
        rtype = self.t.types.get(rid)
        if rtype is None or _depth > 8:
            return None
        if rtype in catalog.PROMOTABLE:
            if promote:
                self.promotable.setdefault(rid, self.t.resource_location(rid))
                return rid
            return None
        if rid in self.reverse_owner:
            return self.reverse_owner[rid]
        if rtype == "AWS::Events::Rule":
            return self.rule_source(rid)
        prop = catalog.OWNER_PROPERTY.get(rtype)
        if prop is None:
            return None
        for name in refs(self.t.props(rid).get(prop)):
            if self.t.is_resource(name) and name != rid:
                found = self.owner(name, promote, _depth + 1)
                if found is not None:
                    return found
        return None

    def rule_source(self, rid: str) -> str | None:
        """Where the events of an EventBridge rule come from: its bus (the default bus when
        none is named), or the rule itself when it runs on a schedule."""
        if rid in self.nodes:
            return rid
        props = self.t.props(rid)
        bus = props.get("EventBusName")
        loc = self.t.resource_location(rid)
        if bus is None:
            return self.default_bus(loc)
        if self.t.literal(bus) == "default":
            return self.default_bus(loc)
        found = self.resolve(bus, expect=("AWS::Events::EventBus",), external_type=
                             "AWS::Events::EventBus", location=loc)
        return found[0] if found else None

    def resolve(self, value: Any, expect: tuple[str, ...] = (), external_type: str | None = None,
                location: Location | None = None, promote: bool = False) -> list[str]:
        """Component ids ``value`` points at (see the module docstring); [] when unknown."""
        found: list[str] = []
        names = refs(value)
        for name in names:
            if self.t.is_resource(name):
                comp = self.owner(name, promote)
                if comp is not None and comp not in found:
                    found.append(comp)
        if found:
            return found
        if any(self.t.is_resource(n) for n in names):
            return []  # it names a resource that is not drawn (a role, a policy...)
        for rid in self.by_name(value, expect):
            comp = self.owner(rid, promote)
            if comp is not None and comp not in found:
                found.append(comp)
        if found:
            return found
        params = [n for n in names if self.t.is_parameter(n)]
        if len(params) == 1:
            cfn_type = external_type or self.arn_type(value)
            ext = self.external(params[0], cfn_type, location or self.t.location(()))
            if ext is not None:
                return [ext]
        if all(n.startswith("AWS::") or self.t.is_parameter(n) for n in names):
            # a literal ARN, an import, or an ARN built from several parameters (region,
            # account, name...): named by the part in the resource-name position
            ext = self.external_reference(value, external_type, location)
            if ext is not None:
                return [ext]
        return []

    def external_reference(self, value: Any, external_type: str | None = None,
                           location: Location | None = None) -> str | None:
        """An existing resource named by a literal (or ``!Sub`` with only pseudo parameters)
        ARN, or by ``!ImportValue``: a component whose service comes from the ARN's
        namespace (else ``external_type``), drawn as existing.

        >>> from generator.kb import load_kb
        >>> from generator.importers.cloudformation.reader import load_template
        >>> ctx = ImportContext(Template(load_template("Resources: {}", "t.yaml")), load_kb())
        >>> ctx.external_reference("arn:aws:sqs:us-east-1:123456789012:orders-dlq")
        'orders-dlq'
        >>> ctx.nodes["orders-dlq"].service, ctx.nodes["orders-dlq"].origin
        ('sqs', 'external')
        >>> ctx.external_reference({"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:"
        ...                         "${AWS::AccountId}:function:resize:live"})
        'resize'
        """
        imported = value.get("Fn::ImportValue") if isinstance(value, dict) and \
            len(value) == 1 else None
        if imported is not None:
            name, cfn_type = self.t.literal(imported), external_type
        else:
            sig = self.t.signature(value) or ""
            match = _ARN_PREFIX.match(sig)
            if not match:
                return None
            cfn_type = ARN_SERVICE_TYPES.get(match.group(1))  # None: not a resource ARN
            name = _arn_resource_name(sig[match.end():], match.group(1))
            whole = re.fullmatch(r"\$\{([^}.]*)\}", name or "")
            if whole and self.t.is_parameter(whole.group(1)) and cfn_type is not None:
                return self.external(whole.group(1), cfn_type, location or self.t.location(()))
            if name is not None:
                name = re.sub(r"\$\{([^}]*)\}", r"\1", name)
        if not name or cfn_type is None:
            return None
        if cfn_type == "AWS::Events::EventBus" and name == "default":
            return self.default_bus(location or self.t.location(()))
        rid = _EXTERNAL_ID.sub("-", name).strip("-.")[:120] or None
        if rid is None:
            return None
        if rid in self.t.types or rid in self.t.parameters or (
                rid in self.nodes and self.nodes[rid].origin != "external"):
            rid = f"{rid}-existing"
        return self.add_node(rid, cfn_type, location or self.t.location(()),
                             label=f"{name} (existing)", origin="external").id

    def unresolved(self, value: Any, location: Location, what: str) -> None:
        """Warn that ``value`` (a target, source or dead-letter queue) names nothing the import
        can draw, so the connection it implies is left out."""
        if value is None:
            return
        shown = self.t.signature(value) or json.dumps(value, sort_keys=True, default=str)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        params = [n for n in refs(value) if self.t.is_parameter(n)]
        if isinstance(value, dict) and "Fn::ImportValue" in value:
            why = "an imported value does not say which service it is"
        elif params:
            why = (f"parameter {params[0]} does not say which service it is (an ARN of a "
                   "known service would)")
        else:
            why = "it is not a resource, a parameter or an ARN of a known service"
        self.t.warnings.append(InputError(
            f"{what} {shown!r} is left out of the diagram: {why}", location.file,
            location.line, location.column))

    def arn_type(self, value: Any) -> str | None:
        """The resource type an ARN-shaped value names, from its service namespace."""
        sig = self.t.signature(value) or ""
        match = _ARN_PREFIX.match(sig)
        return ARN_SERVICE_TYPES.get(match.group(1)) if match else None


def _structure(value: Any) -> str | None:
    """A key for a computed name (``!Join`` of ``!Select``s...): the same expression written
    twice names the same thing."""
    if not isinstance(value, (dict, list)):
        return None
    try:
        return "expr:" + json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
