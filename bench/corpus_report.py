"""The generated report ``docs/corpus-report.md``: what lint finds when every template of the
shared corpus is imported, rule by rule, with examples, the assumptions each finding rests
on, and a review of the false positives.

Regenerate with ``python bench/corpus_report.py`` (it reads the corpus beside
the project, ``../shared/corpus``); ``tests/test_import_report.py`` fails when the file and the
current importer, lint rules and KB disagree.

>>> _short("a   b"), _short("x" * 300)[-5:]
('a b', 'xx...')
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python bench/corpus_report.py
    sys.path.insert(0, str(ROOT))

from bench.corpus_recall import template_files  # noqa: E402
from generator.errors import InputError  # noqa: E402
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
REPORT = ROOT / "docs" / "corpus-report.md"
MAX_EXAMPLES = 4
MAX_MESSAGE = 220

PERMISSION_EVIDENCE = frozenset({"iam_statement", "sam_policy_template", "sam_connector"})
WEAK_EVIDENCE = frozenset({"environment", "lambda_permission", "apigw_service_role"})

REASONS = {
    "permission": "a connection read from an IAM permission (what the code may do, not "
                  "necessarily what it does)",
    "reference": "a connection read only from an environment variable, a Lambda permission "
                 "or an API Gateway role",
    "parameter": "an existing resource the template only receives as a parameter",
    "external": "an existing resource the template only names by an ARN or an import",
    "vpc-parameter": "a VPC given as subnet parameters: its NAT gateways and endpoints are "
                     "outside the template (counted for findings about the VPC)",
    "custom-resource": "a custom resource (CloudFormation invokes it during deployments only)",
    "durable": "a durable function (Lambda suspends it while it waits; no compute is billed)",
}
"""What a finding may rest on that the template does not show: where false positives hide."""

REVIEW = {
    "E2501": "All findings are `template_original.yaml` files whose `Runtime` is a "
             "placeholder (`JAVA_VERSION`, `PYTHON3_VERSION`) that the pattern's build script "
             "replaces before deployment. The rule is right about the file as written; the "
             "file is not the one deployed.",
    "W1002": "True positives: the templates use services closed to new customers (CodeCommit, "
             "S3 Object Lambda), so a new account cannot deploy them as written.",
    "W2502": "True positives: every runtime named is deprecated (`dotnet6`, `java8`, "
             "`go1.x`); the patterns predate the deprecation.",
    "W3004": "True positive: `ReservedConcurrentExecutions: 0` really throttles the function. "
             "The pattern does it on purpose, to simulate throttling and show the state "
             "machine's retries with backoff, which the rule cannot know.",
    "W4001": "True positives, except where the template does not say the call is synchronous. "
             "Most findings are functions with a timeout just above API Gateway's 29-second "
             "REST integration timeout (30 s, often set in `Globals`), a classic "
             "misconfiguration; the others are long timeouts (60 to 900 s) behind REST, HTTP "
             "and WebSocket APIs, and Cognito triggers (5 s) in front of 10 s functions. The "
             "one function-to-function finding rests on an IAM permission only. Two "
             "findings are WebSocket API Lambda authorizers (drawn since authorizers are "
             "imported) whose timeout is above the API's 29 s wait.",
    "W4002": "True positives: queues without `VisibilityTimeout` (30 s by default) consumed by "
             "functions with 25-30 s timeouts, and queues whose timeout is set but below six "
             "times the function timeout (plus the batching window), including a dead-letter "
             "queue that a function consumes.",
    "W4003": "Mostly true positives: samples rarely configure a dead-letter queue, an "
             "on-failure destination or a redrive policy, and the rule sees the ones the "
             "template sets (function, event source mapping and queue redrive). Functions behind "
             "CloudFormation custom resources are no longer flagged: a failed invocation fails "
             "(or times out) the stack operation, so a destination adds little. Findings on durable functions are right "
             "(they support dead-letter queues, not destinations), and so are consumers of "
             "brokers and clusters passed in as parameters.",
    "W4004": "One true positive: a replay function moves messages from a dead-letter queue "
             "back to the main queue, whose redrive leads to the same dead-letter queue, so a "
             "poison message circulates forever. Two false positives rest on permissions: MSK "
             "consumers (the cluster is given as two parameters, drawn since the import names "
             "such ARNs) are granted `kafka-cluster:WriteDataIdempotently` on the cluster "
             "that triggers them, which reads as writing back; the code only consumes. Shapes "
             "that only look like loops are otherwise not reported: the rule counts loops that "
             "re-enter a function asynchronously or by polling, so WebSocket and AppSync "
             "callbacks and functions that call each other synchronously are left out, and a "
             "queue consumer's own permissions (`sqs:DeleteMessage`) are read as consuming.",
    "W4005": "Mostly false positives, each resting on what the template does not show. "
             "Durable functions that call other functions are no longer reported: the importer "
             "reads `DurableConfig` as `durable: true`, and the rule skips durable callers, "
             "which are suspended, not billed, while they wait. Four of the six findings left "
             "are ordinary functions allowed to invoke a durable function: they start its "
             "execution (asynchronously, as one template's description says; a synchronous "
             "invocation would cap the whole durable execution at 15 minutes) or resume it "
             "with a callback, and the template only shows `lambda:InvokeFunction`. Of the "
             "other two, one rests on a permission to invoke (the invocation type is not in "
             "the template) and one on an environment variable holding another function's "
             "ARN, which the function hands to EventBridge Scheduler rather than invoking it. "
             "A seventh rests on a permission to invoke a function in another Region and "
             "account, named only by its ARN (drawn as an existing function).",
    "W6001": "True positives: the permissions really use wildcards (`s3:*`, `logs:*`, "
             "`aoss:*`, `kafka-cluster:*Topic*`). A prefix such as `ssm:GetParameter*` is "
             "reported too, which is strict but consistent with least privilege.",
    "I7001": "Informational and accurate: flows of two or more functions where some have no "
             "active tracing. Functions with `Tracing: Active` in `Globals` count as traced.",
    "W2006": "True positives as the rule is meant: the templates leave `MemorySize` unset "
             "(also in `Globals`), so the function deploys with 128 MB. Samples often do this "
             "on purpose to stay minimal; serverless-rules (ES1005) reports the same.",
    "W2007": "True positives: no `Timeout` on the function or in `Globals`, so it deploys with"
             " 3 s; several of these functions call other services (an API, a queue, a "
             "database), where 3 s is short.",
    "W4006": "Mostly true positives: rule targets (functions, queues, state machines, topics, "
             "log groups, API destinations) without `DeadLetterConfig`. A target configured in"
             " the SAM event or the rule's target with a `DeadLetterConfig` (an ARN, or SAM's "
             "`Type: SQS`) is not reported. The durable-function findings are right too: "
             "EventBridge delivery failures happen before the function runs.",
    "W4007": "Mostly true positives: queues without `RedrivePolicy` that a function, a pipe or"
             " an API consumes or feeds. Queues used as a dead-letter queue (by a redrive "
             "policy, a target's `DeadLetterConfig` or a destination) are not reported. False "
             "positives: queues that the application itself uses as a dead-letter store (one "
             "sample sends fatal messages to `FatalDLQ` from code, which the template cannot "
             "show).",
    "W4008": "True positives as serverless-rules (ES7000) defines them: subscriptions of "
             "queues, functions, Firehose streams and email endpoints with no `RedrivePolicy`."
             " SAM `SNS` events with a `RedrivePolicy`, and subscriptions whose policy is a "
             "map, a JSON string or a `!Sub` JSON string, are read.",
    "W6002": "True positives: REST and HTTP APIs whose stages set no `MethodSettings` / "
             "`DefaultRouteSettings` throttling, so the account-level quota is the only limit;"
             " samples rarely set it.",
    "W7003": "True positives: functions with no `AWS::Logs::LogGroup` named "
             "`/aws/lambda/<function>` (or given in `LoggingConfig.LogGroup`) with "
             "`RetentionInDays`. Log groups the samples create for API access logs or other "
             "resources do not count for the function, as they should not.",
    "W7004": "True positives: REST and HTTP API stages with no `AccessLogSetting(s)` (in the "
             "API, its `AWS::ApiGateway::Stage`, the deployment's `StageDescription`, or SAM "
             "`Globals`). An access log setting behind a condition (`!If`) is read as on.",
    "I2008": "Accurate and informational: one function behind both an HTTP API and an "
             "EventBridge rule, and one behind both a REST API and a state machine that calls "
             "the API's path.",
    "I7002": "Informational and accurate: functions without `Tracing: Active` (or "
             "`TracingConfig`) that I7001 does not already report as part of an untraced flow.",
    "I7003": "Informational and accurate: REST API stages without `TracingEnabled`, AppSync "
             "APIs without `XrayEnabled`, and state machines without "
             "`Tracing`/`TracingConfiguration`. HTTP APIs are not checked (they have no X-Ray "
             "tracing).",
}
"""The review of each rule's findings on this corpus (read the examples, then judge)."""


@dataclass
class RuleStats:
    findings: list = field(default_factory=list)  # (relative file, Finding, reasons)
    templates: set = field(default_factory=set)
    reasons: Counter = field(default_factory=Counter)


@dataclass
class CorpusLint:
    templates: int = 0
    imported: int = 0
    failed: list = field(default_factory=list)
    components: int = 0
    connections: int = 0
    services: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    rules: dict = field(default_factory=lambda: defaultdict(RuleStats))
    flagged: set = field(default_factory=set)
    duplicate_keys: list = field(default_factory=list)  # templates imported last-wins


def lint_corpus(templates_dir: Path, kb) -> CorpusLint:
    """Import and lint every template under ``templates_dir`` (templates with duplicate keys
    as ``--allow-duplicate-keys`` reads them: the last value wins, as in CloudFormation)."""
    from generator.importers import import_template, read_template
    from generator.lint import lint_spec
    from generator.yamlsafe import DuplicateKeyError

    out = CorpusLint()
    for path in template_files(templates_dir):
        rel = path.relative_to(templates_dir).as_posix()
        out.templates += 1
        try:
            result = import_template(read_template(path, rel, allow_duplicate_keys=True), kb)
        except InputError as exc:
            out.failed.append(str(exc))
            continue
        out.imported += 1
        if any(isinstance(w, DuplicateKeyError) for w in result.warnings):
            out.duplicate_keys.append(rel)
        spec = result.spec
        out.components += len(spec.components)
        out.connections += len(spec.connections)
        out.services.update(c.service for c in spec.components.values())
        out.kinds.update(c.kind + (f" ({c.mode})" if c.mode else "") for c in spec.connections)
        for finding in lint_spec(spec, kb):
            reasons = _reasons(result, finding)
            stats = out.rules[finding.rule]
            stats.findings.append((rel, finding, reasons))
            stats.templates.add(rel)
            stats.reasons.update(reasons)
            out.flagged.add(rel)
    return out


def _reasons(result, finding) -> list[str]:
    """What the finding rests on: traits of the components it names (its component, the ends
    of its connection, ids in its message) and the evidence of its connection."""
    ends = {finding.component} if finding.component else set()
    evidence: list[str] = []
    if finding.connection and " -> " in finding.connection:
        source, target = finding.connection.split(" -> ", 1)
        ends |= {source, target}
        evidence = result.evidence.get((source, target), [])
    words = set(re.findall(r"[A-Za-z0-9_.-]+", finding.message))
    ends |= words & set(result.spec.components)
    reasons = set()
    for end in ends:
        reasons |= result.traits.get(end, set()) & set(REASONS)
    if "VPC" not in finding.message:
        reasons.discard("vpc-parameter")  # only network findings rest on the VPC's contents
    if evidence and set(evidence) <= PERMISSION_EVIDENCE:
        reasons.add("permission")
    elif evidence and set(evidence) <= WEAK_EVIDENCE | PERMISSION_EVIDENCE:
        reasons.add("reference")
    return sorted(reasons)


def render(data: CorpusLint, kb, corpus_note: str) -> str:
    """The report's Markdown text."""
    from generator.lint.rules import all_rules

    rules = {r.id: r for r in all_rules()}
    total = sum(len(s.findings) for s in data.rules.values())
    by_severity = Counter(rules[r].severity if r in rules else "?" for r, s in data.rules.items()
                          for _ in s.findings)
    lines = [
        "# What lint finds in real templates",
        "",
        "<!-- Generated by `python bench/corpus_report.py`; do not edit. "
        "tests/test_import_report.py checks it is up to date. -->",
        "",
        f"Every template of the shared corpus ({corpus_note}) was imported with `archkb import "
        "--allow-duplicate-keys` and checked with `archkb lint`: real designs, real findings. For each rule: how often "
        "it fires, examples, what the findings rest on that the template does not show, and a "
        "review of its false positives.",
        "",
        "## The corpus",
        "",
        f"- {data.templates} template files: {data.imported} imported, {len(data.failed)} "
        "rejected with exit 2 (listed at the end).",
        f"- {data.components} components and {data.connections} connections imported.",
        f"- {total} findings ({', '.join(f'{by_severity[s]} {s}' for s in ('error', 'warning', 'info') if by_severity[s])}) "
        f"in {len(data.flagged)} of the {data.imported} imported templates.",
        "",
        "Most common services: " + ", ".join(
            f"{kb.name(s) if s in kb.nodes else s} ({n})"
            for s, n in sorted(data.services.items(), key=lambda kv: (-kv[1], kv[0]))[:12]) + ".",
        "",
        "Connections by kind: " + ", ".join(
            f"{k} {n}" for k, n in sorted(data.kinds.items(), key=lambda kv: (-kv[1], kv[0]))) + ".",
        "",
        "## Findings by rule",
        "",
        "| rule | severity | title | findings | templates | involving what the template does not show |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    order = sorted(data.rules, key=lambda r: (("error", "warning", "info").index(
        rules[r].severity) if r in rules else 3, r))
    for rid in order:
        stats = data.rules[rid]
        rule = rules.get(rid)
        assumed = sum(1 for _, _, reasons in stats.findings if reasons)
        lines.append(f"| [{rid}](#{rid.lower()}) | {rule.severity if rule else '?'} | "
                     f"{_cell(rule.title if rule else '')} | {len(stats.findings)} | "
                     f"{len(stats.templates)} | {assumed} |")
    silent = [r for r in sorted(rules) if r not in data.rules]
    if silent:
        lines += ["", "Rules with no finding on this corpus: " +
                  ", ".join(f"{r} ({rules[r].title})" for r in silent) + "."]
    lines += ["", "What a finding may involve that the template does not show (where false "
              "positives hide):", ""]
    lines += [f"- **{key}**: {text}." for key, text in REASONS.items()]
    for rid in order:
        lines += _rule_section(rid, data.rules[rid], rules.get(rid))
    lines += ["", "## Templates rejected", ""]
    lines += [f"- `{failure}`" for failure in data.failed] or ["None."]
    lines += ["", "Only files that are not valid YAML, or that declare no resource at all, are "
              "rejected here. A duplicate key is an error by default (exit 2 naming its line and "
              "the first definition's); this report imports with `--allow-duplicate-keys`, "
              "keeping the last value as CloudFormation does and reporting each duplicate as a "
              f"warning. {len(data.duplicate_keys)} templates have duplicate keys:", ""]
    lines += [f"- `{rel}`" for rel in data.duplicate_keys] or ["None."]
    return "\n".join(lines) + "\n"


def _rule_section(rid: str, stats: RuleStats, rule) -> list[str]:
    lines = ["", f"### {rid}", "", f"**{rule.title if rule else rid}** ({rule.severity if rule else '?'}): "
             f"{len(stats.findings)} findings in {len(stats.templates)} templates.", ""]
    for rel, finding, reasons in stats.findings[:MAX_EXAMPLES]:
        loc = finding.location
        where = f"{rel}:{loc.line}" if loc.line else rel
        tag = f" *(involves: {', '.join(reasons)})*" if reasons else ""
        lines.append(f"- `{where}`: {_short(finding.message)}{tag}")
    if len(stats.findings) > MAX_EXAMPLES:
        lines.append(f"- ... and {len(stats.findings) - MAX_EXAMPLES} more.")
    if stats.reasons:
        lines += ["", "Involving what the template does not show: " + ", ".join(
            f"{key} {n}" for key, n in sorted(stats.reasons.items(), key=lambda kv: (-kv[1], kv[0])))
            + f" (of {len(stats.findings)} findings)."]
    lines += ["", "Review: " + REVIEW.get(rid, "not reviewed yet.")]
    return lines


def _short(message: str) -> str:
    message = re.sub(r"\s+", " ", message).strip()
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 3].rstrip() + "..."
    return message.replace("|", "\\|")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def corpus_note(corpus_dir: Path) -> str:
    """Where the corpus comes from, from its README (repository and commit)."""
    readme = Path(corpus_dir) / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return "templates from the shared corpus"
    commit = re.search(r"commit\s+`?([0-9a-f]{40})`?", text)
    repo = re.search(r"repository\s+`([^`]+)`", text)
    parts = [f"`{repo.group(1)}`" if repo else "a public collection"]
    if commit:
        parts.append(f"commit `{commit.group(1)[:12]}`")
    return "AWS Serverless Land patterns, " + " at ".join(parts)


def build_report(corpus_dir: Path, kb) -> str:
    """The report for the corpus at ``corpus_dir`` (holding ``serverless-patterns/``)."""
    data = lint_corpus(Path(corpus_dir) / "serverless-patterns", kb)
    return render(data, kb, corpus_note(corpus_dir))


def main(argv: list[str]) -> int:
    from generator.fsutil import write_atomic
    from generator.kb import load_kb

    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    if not (corpus / "serverless-patterns").is_dir():
        print(f"corpus not found at {corpus}", file=sys.stderr)
        return 2
    write_atomic(REPORT, build_report(corpus, load_kb()).encode("utf-8"))
    print(f"wrote {REPORT}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
