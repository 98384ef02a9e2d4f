"""The state of one Terraform import: the components found so far (ids are resource
addresses), the connections the extractors propose, and how a value resolves to the
components it points at.

A value resolves through its references (``${aws_sqs_queue.jobs.arn}``, through the owner
when the resource is a part: a stage means its API), else through a name written literally
(``"orders"``, an ARN ending in it) that a resource's ``name`` argument sets. A reference to a
registry module, a data source or a variable with no value becomes an external component when
the caller says what type it must be; otherwise it is reported in ``unresolved``.

>>> import tempfile, pathlib
>>> from generator.kb import load_kb
>>> from .module import load_module
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "main.tf").write_text(
...     'resource "aws_sqs_queue" "q" { name = "jobs" }\\n'
...     'resource "aws_lambda_function" "fn" { function_name = "worker" }\\n'
...     'resource "aws_lambda_alias" "live" { function_name = aws_lambda_function.fn.arn }\\n')
>>> ctx = TerraformContext(load_module(d, "m"), load_kb())
>>> ctx.classify()
>>> ctx.resolve("${aws_lambda_alias.live.arn}"), ctx.resolve("arn:aws:sqs:us-east-1:1:jobs")
(['aws_lambda_function.fn'], ['aws_sqs_queue.q'])
>>> ctx.nodes["aws_lambda_function.fn"].label
'worker'
"""
from __future__ import annotations

import re
from typing import Any

from ...errors import InputError
from ...spec.model import Location
from ..assemble import Node, Wire, Wires
from . import catalog
from .values import MARKER, is_known, references
from .module import Module, Resource

DEFAULT_BUS = "default_event_bus"
"""Component id of the account's default event bus when rules or S3 use it implicitly."""

NAME_ARGUMENTS = ("name", "function_name", "bucket", "table_name", "alarm_name",
                  "cluster_identifier", "broker_name", "cluster_name", "identifier",
                  "user_pool_name", "domain_name", "email", "stream_name")
"""Arguments that set a resource's physical name: other resources may name it by it."""

ARN_TF_TYPES = {
    "sqs": "aws_sqs_queue", "sns": "aws_sns_topic", "lambda": "aws_lambda_function",
    "dynamodb": "aws_dynamodb_table", "kinesis": "aws_kinesis_stream", "s3": "aws_s3_bucket",
    "states": "aws_sfn_state_machine", "events": "aws_cloudwatch_event_bus",
    "kafka": "aws_msk_cluster", "mq": "aws_mq_broker",
    "secretsmanager": "aws_secretsmanager_secret", "firehose":
    "aws_kinesis_firehose_delivery_stream", "execute-api": "aws_api_gateway_rest_api",
    "rds": "aws_rds_cluster", "logs": "aws_cloudwatch_log_group",
}
"""ARN service namespace -> the Terraform type of the resource such an ARN usually names."""

_ARN_PREFIX = re.compile(r"^arn:(?:aws|aws-[a-z-]+|\$\{[^}]*\}):([a-z0-9-]+):")
_ARN_WORDS = frozenset({"arn", "aws", "https", "http", "function", "table", "stream",
                        "statemachine", "event-bus", "queue", "topic", "amazonaws.com",
                        "default", "index"})
_TOKEN = re.compile(r"(?:\$\{[^}]*\}|[^:/${}*]|\$(?!\{))+")


class TerraformContext(Wires):
    """Everything the Terraform extractors share."""

    def __init__(self, root: Module, kb):
        self.root = root
        self.kb = kb
        self.modules = root.all_modules()
        self.resources: dict[str, Resource] = {}
        self.data: dict[str, Resource] = {}
        self.remote_calls: dict[str, Any] = {}
        for mod in self.modules:
            for r in mod.resources.values():
                self.resources[r.address] = r
            for d in mod.data.values():
                self.data[d.address] = d
            for name, call in mod.calls.items():
                if call.child is None:
                    self.remote_calls[f"{mod.prefix}module.{name}"] = call
        self.nodes: dict[str, Node] = {}
        self.wires: list[Wire] = []
        self.promotable: dict[str, Location] = {}
        self.reverse_owner: dict[str, str] = {}
        self.warnings: list[InputError] = [w for m in self.modules for w in m.warnings]
        self.unresolved: dict[str, Location] = {}
        self._tf_index = kb.tf_type_index()
        self._names: dict[str, list[str]] | None = None

    # -- components ------------------------------------------------------------------------
    def of_type(self, *types: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.type in types]

    def service(self, tf_type: str) -> str:
        return catalog.service_for(self.kb, tf_type, self._tf_index)

    def add_node(self, rid: str, tf_type: str, location: Location, label: str | None = None,
                 origin: str = "resource") -> Node:
        node = self.nodes.get(rid)
        if node is None:
            service = self.service(tf_type)
            if label is None:
                label = rid.rsplit(".", 1)[-1]
            if service == catalog.GENERIC:
                label = f"{label} ({tf_type})"
            node = Node(rid, tf_type, service, label, location, origin=origin)
            self.nodes[rid] = node
        return node

    def classify(self) -> None:
        """Components for the resources a reader would draw; ECS clusters and task
        definitions stand for their service."""
        for r in self.resources.values():
            kind = catalog.role(r.type)
            if r.type == "aws_cloudwatch_event_rule" and self.scheduled(r):
                kind = "component"
            if kind == "component":
                node = self.add_node(r.address, r.type, r.block.location, self.label(r))
                if r.type == "aws_cloudwatch_event_rule":
                    expr = r.body().get("schedule_expression")
                    if isinstance(expr, str) and is_known(expr):
                        node.label = f"{node.label}: {expr}"
        for svc in self.of_type("aws_ecs_service"):
            body = svc.body()
            for arg in ("task_definition", "cluster"):
                for ref in references(body.get(arg)):
                    target = self.address_of(ref)
                    if target in self.resources and target != svc.address:
                        self.reverse_owner.setdefault(target, svc.address)
                        if self.resources[target].type == "aws_ecs_cluster":
                            self.nodes.pop(target, None)
        for task in self.of_type("aws_ecs_task_definition"):
            if task.address not in self.reverse_owner:
                self.add_node(task.address, task.type, task.block.location, self.label(task))

    def scheduled(self, r: Resource) -> bool:
        return "schedule_expression" in r.block.attrs

    def label(self, r: Resource) -> str:
        """The resource's name when the files fix it, else the address's last part; a
        resource with several instances (``count``/``for_each``) whose names differ is
        ``name (xN)``."""
        instances = r.instances()
        names = {self._name(body) for body in instances}
        if len(names) == 1 and None not in names:
            return names.pop()
        if len(instances) > 1:
            return f"{r.name} (x{len(instances)})"
        return r.name

    @staticmethod
    def _name(body) -> str | None:
        for arg in NAME_ARGUMENTS:
            value = body.get(arg)
            if isinstance(value, str) and value and is_known(value) and len(value) <= 80:
                return value
        return None

    def implicit(self, rid: str, tf_type: str, location: Location, label: str) -> str:
        self.add_node(rid, tf_type, location, label, origin="implicit")
        return rid

    def default_bus(self, location: Location) -> str:
        return self.implicit(DEFAULT_BUS, "aws_cloudwatch_event_bus", location,
                             "default event bus")

    # -- resolution ------------------------------------------------------------------------
    def address_of(self, ref: str) -> str | None:
        """The resource address a reference names (``module.a.aws_sqs_queue.q.arn`` ->
        ``module.a.aws_sqs_queue.q``), or None."""
        parts = ref.split(".")
        i = 0
        while i + 1 < len(parts) and parts[i] == "module":
            i += 2
        if i + 1 < len(parts):
            address = ".".join(parts[:i + 2])
            if address in self.resources:
                return address
        return None

    def addresses(self, value: Any) -> list[str]:
        """The resource addresses the references in ``value`` name, in order."""
        out = []
        for ref in references(value):
            address = self.address_of(ref)
            if address is not None and address not in out:
                out.append(address)
        return out

    def owner(self, address: str, promote: bool = False, depth: int = 0) -> str | None:
        """The component a resource stands for: itself, the component it is part of, or None
        (a role, a policy...)."""
        if address in self.nodes:
            return address
        r = self.resources.get(address)
        if r is None or depth > 8:
            return None
        if r.type in catalog.PROMOTABLE:
            if promote:
                self.promotable.setdefault(address, r.block.location)
                return address
            return None
        if address in self.reverse_owner:
            return self.reverse_owner[address]
        if r.type == "aws_cloudwatch_event_rule":
            return self.rule_source(r)
        arg = catalog.OWNER_ATTRIBUTE.get(r.type)
        if arg is None:
            return None
        value = r.body().get(arg)
        for ref in references(value):
            target = self.address_of(ref)
            if target is not None and target != address:
                found = self.owner(target, promote, depth + 1)
                if found is not None:
                    return found
        if isinstance(value, str) and is_known(value):
            for target in self.by_name(value):
                found = self.owner(target, promote, depth + 1)
                if found is not None:
                    return found
        return None

    def rule_source(self, rule: Resource) -> str | None:
        """Where an EventBridge rule's events come from: its bus (the default bus when none
        is named), or the rule itself when it runs on a schedule."""
        if rule.address in self.nodes:
            return rule.address
        body = rule.body()
        bus = body.get("event_bus_name")
        if bus is None or bus == "default":
            return self.default_bus(rule.block.location)
        found = self.resolve(bus, expect=("aws_cloudwatch_event_bus",),
                             external_type="aws_cloudwatch_event_bus",
                             location=body.where("event_bus_name"))
        return found[0] if found else None

    def resolve(self, value: Any, expect: tuple[str, ...] = (), external_type: str | None = None,
                location: Location | None = None, promote: bool = False,
                report: bool = True) -> list[str]:
        """Component ids ``value`` points at; [] when unknown (see the module docstring).
        ``report``: a variable or data source it names without a value is reported (not
        for values that may name no resource at all, such as environment variables)."""
        found: list[str] = []
        named_resource = False
        refs = references(value)
        for ref in refs:
            address = self.address_of(ref)
            if address is not None:
                named_resource = True
                comp = self.owner(address, promote)
            else:
                # a reference that is the value, or its last part, names the resource; one
                # inside it (a region in an ARN, a prefix in a name) is not worth a warning
                naming = report and (not isinstance(value, str) or
                                     value.rstrip("/*").endswith("${%s}" % ref))
                comp = self._external(ref, external_type, location, naming)
            if comp is not None and comp not in found:
                found.append(comp)
        if found or named_resource:
            return found
        for text in texts(value):
            for address in self.by_name(text, expect):
                comp = self.owner(address, promote)
                if comp is not None and comp not in found:
                    found.append(comp)
        return found

    def _external(self, ref: str, external_type: str | None, location: Location | None,
                  naming: bool = True) -> str | None:
        """A registry module, a data source or a variable as an external component."""
        parts = ref.split(".")
        i = 0
        while i + 1 < len(parts) and parts[i] == "module":
            call = ".".join(parts[:i + 2])
            if call in self.remote_calls:
                mc = self.remote_calls[call]
                tf_type = catalog.registry_type(mc.source) or external_type
                if tf_type is None:
                    self.unresolved.setdefault(call, location or mc.block.location)
                    return None
                label = f"{parts[i + 1]} (registry module)"
                return self.add_node(call, tf_type, mc.block.location, label,
                                     origin="module").id
            i += 2
        rest = parts[i:]
        if rest[:1] == ["data"] and len(rest) >= 3:
            address = ".".join(parts[:i + 3])
            d = self.data.get(address)
            if d is None or not d.type.startswith("aws_") or d.type in _ACCOUNT_DATA:
                return None
            tf_type = rest[1] if self.service(rest[1]) != catalog.GENERIC else external_type
            if tf_type is None or self.service(tf_type) == catalog.GENERIC:
                if naming:
                    self.unresolved.setdefault(address, d.block.location)
                return None
            return self.add_node(address, tf_type, d.block.location,
                                 f"{rest[2]} (existing)", origin="parameter").id
        if rest[:1] == ["var"] and len(rest) >= 2:
            address = ".".join(parts[:i + 2])
            var = self._variable_block(parts[:i], rest[1])
            where = location or (var.location if var is not None else
                                 Location(self.root.files[0] if self.root.files
                                          else self.root.display, 1, 1))
            if external_type is None or self.service(external_type) == catalog.GENERIC:
                if naming:
                    self.unresolved.setdefault(address, where)
                return None
            where = var.location if var is not None else where
            return self.add_node(address, external_type, where, f"{rest[1]} (existing)",
                                 origin="parameter").id
        return None

    def _variable_block(self, prefix_parts: list[str], name: str):
        prefix = ".".join(prefix_parts) + "." if prefix_parts else ""
        for mod in self.modules:
            if mod.prefix == prefix and name in mod.variables:
                return mod.variables[name]
        return None

    def names(self) -> dict[str, list[str]]:
        if self._names is None:
            index: dict[str, list[str]] = {}
            for r in self.resources.values():
                body = r.body()
                for arg in NAME_ARGUMENTS:
                    value = body.get(arg)
                    if isinstance(value, str) and value and value != "${?}":
                        index.setdefault(value, [])
                        if r.address not in index[value]:
                            index[value].append(r.address)
            self._names = index
        return self._names

    def by_name(self, value: str, expect: tuple[str, ...] = ()) -> list[str]:
        """Resources whose name is ``value``, or the last meaningful part of the ARN or URL
        ``value`` is (restricted to the ``expect`` types when given)."""
        names = self.names()
        candidates = [value]
        if ":" in value or "/" in value:
            candidates += [tok for tok in reversed(_TOKEN.findall(value))
                           if len(tok) >= 3 and tok.lower() not in _ARN_WORDS
                           and not MARKER.fullmatch(tok)]
        for cand in candidates:
            found = [a for a in names.get(cand, [])
                     if not expect or self.resources[a].type in expect]
            if found:
                return found
        return []

    def arn_type(self, value: Any) -> str | None:
        """The resource type an ARN-shaped value names, from its service namespace."""
        match = _ARN_PREFIX.match(value) if isinstance(value, str) else None
        return ARN_TF_TYPES.get(match.group(1)) if match else None


_ACCOUNT_DATA = frozenset({"aws_caller_identity", "aws_region", "aws_partition",
                           "aws_availability_zones", "aws_iam_policy_document",
                           "aws_iam_policy", "aws_iam_role", "aws_ami", "aws_vpc", "aws_subnet",
                           "aws_subnets", "aws_security_group", "aws_ecr_authorization_token",
                           "aws_route53_zone", "aws_acm_certificate", "aws_kms_key",
                           "aws_lambda_invocation", "aws_ssm_parameter"})
"""Data sources that describe the account or configure access, never a component."""


def texts(value: Any, depth: int = 0) -> list[str]:
    """The strings inside a value (for name matching)."""
    if isinstance(value, str):
        return [value]
    if depth > 6:
        return []
    if isinstance(value, list):
        return [t for v in value for t in texts(v, depth + 1)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v, depth + 1)]
    return []
