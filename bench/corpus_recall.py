"""Measure the importer on a corpus of real templates against a reference extraction.

The reference (``serverless-patterns-edges.jsonl``, one JSON object per pattern) lists every
resource with its type and the edges a heuristic script found between resources. It records
wiring at CloudFormation level (a rule, a target group, a data source in the middle), while a
spec draws the components a reader would: so before comparing, the reference is normalized
the same way for every pattern, independently of what the importer produced:

* **Components expected**: resources (and SAM's implicit ones) of the architecturally
  significant types in :data:`SIGNIFICANT_TYPES`, plus every resource that is an end of a
  normalized reference connection.
* **Connections expected**: resolved reference edges, where wiring resources
  (:data:`WIRING_TYPES`: rules, target groups, listeners, data sources...) are collapsed:
  ``A -> rule -> B`` becomes ``A -> B``. A rule with nothing flowing into it (a schedule) stays
  an end. Edges into wiring that leads nowhere drawn (a role, a log group) are left out.
* A permission edge (``sam_policy_template``, ``iam_statement``...) ``F -> Q`` also counts as
  found when the spec has ``Q -> F``: the permission is what a trigger from Q needs (a poller
  policy), and the spec draws the trigger.
* The reference's implicit default bus ``default`` is the importer's ``DefaultEventBus``.

A template that fails to import counts all its expected components and connections as missed.

>>> exp = expected({"resources": {"Q": "AWS::SQS::Queue", "R": "AWS::Events::Rule",
...                               "Fn": "AWS::Lambda::Function"},
...                 "edges": [{"source_id": "R", "target_id": "Fn", "kind": "x",
...                            "resolved": True, "template": "t.yaml"}]})
>>> sorted(exp.components), exp.connections["t.yaml"]
(['Fn', 'Q', 'R'], {('R', 'Fn')})
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError
from generator.importers.cloudformation.context import DEFAULT_BUS
from generator.yamlsafe import DuplicateKeyError

SIGNIFICANT_TYPES = frozenset({
    "AWS::Serverless::Function", "AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::SNS::Topic",
    "AWS::S3::Bucket", "AWS::S3Express::DirectoryBucket", "AWS::DynamoDB::Table",
    "AWS::Serverless::SimpleTable", "AWS::DynamoDB::GlobalTable", "AWS::Kinesis::Stream",
    "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi",
    "AWS::ApiGatewayV2::Api", "AWS::AppSync::GraphQLApi", "AWS::Serverless::GraphQLApi",
    "AWS::AppSync::Api", "AWS::Events::EventBus", "AWS::AmazonMQ::Broker", "AWS::MSK::Cluster",
    "AWS::MSK::ServerlessCluster", "AWS::KinesisFirehose::DeliveryStream",
    "AWS::Cognito::UserPool", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ECS::Service",
    "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::DSQL::Cluster", "AWS::QLDB::Ledger",
    "AWS::Neptune::DBCluster", "AWS::MemoryDB::Cluster", "AWS::OpenSearchServerless::Collection",
    "AWS::Pipes::Pipe", "AWS::Scheduler::Schedule", "AWS::Events::ApiDestination",
    "AWS::CloudFront::Distribution", "AWS::IoT::TopicRule", "AWS::EC2::Instance",
})
"""The kinds of resource the issue lists (functions, queues, topics, buckets, tables, streams,
state machines, APIs, event buses, brokers, clusters, delivery streams, user pools, load
balancers, ECS services, databases), plus pipes, schedules, API destinations, distributions,
IoT rules and instances."""

WIRING_TYPES = frozenset({
    "AWS::Events::Rule", "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::Listener", "AWS::AppSync::DataSource", "AWS::IAM::Role",
    "AWS::Logs::LogGroup", "AWS::ApiGatewayV2::Stage", "AWS::Events::Connection",
    "AWS::Scheduler::ScheduleGroup", "AWS::Lambda::Permission", "AWS::SNS::Subscription",
})
"""Resources the reference puts between two components, and a spec does not draw."""

PERMISSION_KINDS = ("sam_policy_template", "iam_statement", "iam_role_policy")
SCHEDULE_TYPES = ("AWS::Events::Rule", "aws_cloudwatch_event_rule")
"""Rules that are where their events start when nothing flows into them (a schedule)."""
IMPLICIT_IDS = {"default": DEFAULT_BUS}
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
NOT_TEMPLATES = ("example-pattern.json",)


@dataclass
class Expected:
    components: set[str] = field(default_factory=set)
    connections: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # per template
    permission_pairs: set[tuple[str, str]] = field(default_factory=set)
    dropped_edges: int = 0
    unresolved_edges: int = 0


@dataclass
class PatternResult:
    pattern: str
    expected: Expected
    components: set[str] = field(default_factory=set)
    connections: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    missed_components: list[str] = field(default_factory=list)
    missed_connections: list[tuple[str, str, str]] = field(default_factory=list)
    extra_connections: int = 0


@dataclass
class Measure:
    templates: int = 0
    imported: int = 0
    failed: list[str] = field(default_factory=list)
    components_expected: int = 0
    components_found: int = 0
    connections_expected: int = 0
    connections_found: int = 0
    extra_connections: int = 0
    dropped_edges: int = 0
    unresolved_edges: int = 0
    warnings: int = 0
    duplicate_key_templates: list[str] = field(default_factory=list)  # imported last-wins
    seconds: float = 0.0
    patterns: list[PatternResult] = field(default_factory=list)

    @property
    def component_recall(self) -> float:
        return self.components_found / self.components_expected if self.components_expected \
            else 1.0

    @property
    def connection_recall(self) -> float:
        return self.connections_found / self.connections_expected if self.connections_expected \
            else 1.0


def template_files(root: Path) -> list[Path]:
    """Every template file under ``root`` (YAML or JSON, not the pattern metadata), sorted."""
    return sorted(p for p in Path(root).rglob("*")
                  if p.is_file() and p.suffix in TEMPLATE_SUFFIXES and p.name not in NOT_TEMPLATES)


def read_reference(path: Path) -> dict[str, dict]:
    """The reference extraction: pattern name -> its record."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[record["pattern"]] = record
    return out


def expected(record: dict, significant=SIGNIFICANT_TYPES, wiring=WIRING_TYPES,
             implicit=IMPLICIT_IDS, permission_kinds=PERMISSION_KINDS) -> Expected:
    """What a spec of this pattern should hold (see the module docstring; the keyword
    arguments give the Terraform bench its own types)."""
    types = {**record.get("resources", {}), **record.get("implicit_resources", {})}
    exp = Expected()
    by_template: dict[str, list[dict]] = {}
    for edge in record.get("edges", []):
        if not edge.get("resolved"):
            exp.unresolved_edges += 1
            continue
        by_template.setdefault(edge.get("template", ""), []).append(edge)
    for template, edges in by_template.items():
        pairs, permissions, dropped = _normalize(edges, types, wiring, implicit,
                                                 permission_kinds)
        exp.connections[template] = pairs
        exp.permission_pairs |= permissions
        exp.dropped_edges += dropped
        for a, b in pairs:
            exp.components |= {a, b}
    for rid, rtype in types.items():
        if rtype in significant:
            exp.components.add(implicit.get(rid, rid))
    return exp


def _normalize(edges: list[dict], types: dict[str, str], wiring_types=WIRING_TYPES,
               implicit=IMPLICIT_IDS, permission_kinds=PERMISSION_KINDS):
    ids = lambda x: implicit.get(x, x)  # noqa: E731
    wiring = lambda x: types.get(x) in wiring_types  # noqa: E731
    incoming: dict[str, set[str]] = {}
    outgoing: dict[str, set[str]] = {}
    permissions: set[tuple[str, str]] = set()
    for e in edges:
        s, t = e["source_id"], e["target_id"]
        outgoing.setdefault(s, set()).add(t)
        incoming.setdefault(t, set()).add(s)
        if e["kind"] in permission_kinds:
            permissions.add((ids(s), ids(t)))
    pairs: set[tuple[str, str]] = set()
    dropped = 0

    def ends(node: str, direction: dict, seen: frozenset) -> set[str]:
        """Drawn components reached from ``node`` through wiring resources."""
        if not wiring(node):
            return {node}
        found: set[str] = set()
        for nxt in direction.get(node, ()):
            if nxt not in seen:
                found |= ends(nxt, direction, seen | {nxt})
        return found

    for e in edges:
        s, t = e["source_id"], e["target_id"]
        if wiring(s) and not incoming.get(s) and types.get(s) in SCHEDULE_TYPES:
            sources = {s}  # a scheduled rule is where its events start
        else:
            sources = ends(s, incoming, frozenset({s}))
        targets = ends(t, outgoing, frozenset({t}))
        new = {(ids(a), ids(b)) for a in sources for b in targets if a != b or s == t}
        if not new:
            dropped += 1
        pairs |= new
    return pairs, permissions, dropped


def measure(root: Path, reference_path: Path, kb, allow_duplicate_keys: bool = False) -> Measure:
    """Import every template of the corpus and compare with the reference
    (``allow_duplicate_keys``: templates with duplicate keys are read last-wins, as
    CloudFormation deploys them, instead of failing)."""
    from generator.importers import import_template, read_template

    root = Path(root)
    reference = read_reference(reference_path)
    result = Measure()
    by_pattern: dict[str, PatternResult] = {
        name: PatternResult(name, expected(record)) for name, record in sorted(reference.items())}
    start = time.perf_counter()
    for path in template_files(root):
        rel = path.relative_to(root)
        pattern, inner = rel.parts[0], "/".join(rel.parts[1:])
        result.templates += 1
        pr = by_pattern.setdefault(pattern, PatternResult(pattern, Expected()))
        try:
            doc = read_template(path, str(rel), allow_duplicate_keys=allow_duplicate_keys)
            imported = import_template(doc, kb)
        except InputError as exc:
            result.failed.append(str(exc))
            pr.errors.append(str(exc))
            continue
        result.imported += 1
        result.warnings += len(imported.warnings)
        if any(isinstance(w, DuplicateKeyError) for w in imported.warnings):
            result.duplicate_key_templates.append(str(rel))
        spec = imported.spec
        pr.components |= set(spec.components)
        pr.connections[inner] = {(c.source, c.target) for c in spec.connections}
    result.seconds = time.perf_counter() - start
    for pr in by_pattern.values():
        _score(pr, result)
        result.patterns.append(pr)
    return result


def _score(pr: PatternResult, total: Measure) -> None:
    exp = pr.expected
    total.components_expected += len(exp.components)
    for cid in sorted(exp.components):
        if cid in pr.components:
            total.components_found += 1
        else:
            pr.missed_components.append(cid)
    found_pairs: set[tuple[str, str]] = set()
    for template, pairs in sorted(exp.connections.items()):
        have = pr.connections.get(template, set())
        found_pairs |= have
        for a, b in sorted(pairs):
            total.connections_expected += 1
            if (a, b) in have or ((a, b) in exp.permission_pairs and (b, a) in have):
                total.connections_found += 1
            else:
                pr.missed_connections.append((template, a, b))
    all_expected = {p for pairs in exp.connections.values() for p in pairs}
    pr.extra_connections = len({p for pairs in pr.connections.values() for p in pairs}
                               - all_expected - {(b, a) for a, b in all_expected})
    total.extra_connections += pr.extra_connections
    total.dropped_edges += exp.dropped_edges
    total.unresolved_edges += exp.unresolved_edges
