"""Rule ids of other linters and the archkb rules that cover the same concern.

Teams coming from awslabs/serverless-rules (a cfn-lint plugin) keep their ids: a template's
``Metadata: cfn-lint: config: ignore_checks: [ES1005]`` suppresses the archkb rule that covers
ES1005, ``--ignore ES1005`` too, and docs/rules.md prints the table.

>>> expand(["ES1005", "w40"])
('W2006', 'W40')
>>> expand(["E3012"], foreign_only=True)
()
"""
from __future__ import annotations

from typing import Iterable, NamedTuple


class Equivalent(NamedTuple):
    name: str
    rules: tuple[str, ...]
    note: str = ""


SERVERLESS_RULES: dict[str, Equivalent] = {
    "WS1000": Equivalent("Lambda Tracing", ("I7002", "I7001")),
    "ES1001": Equivalent("EventSourceMapping Failure Destination", ("W4003",)),
    "WS1002": Equivalent("Lambda Permission Multiple Principals", ("I2008",)),
    "WS1003": Equivalent("Lambda Star Permissions", ("W6001",)),
    "WS1004": Equivalent("Lambda Log Retention", ("W7003",)),
    "ES1005": Equivalent("Lambda Default Memory Size", ("W2006",)),
    "ES1006": Equivalent("Lambda Default Timeout", ("W2007",)),
    "E2531": Equivalent("Lambda EOL Runtime (cfn-lint's own rule)", ("W2502", "E2501")),
    "W2531": Equivalent("Lambda EOL Runtime, warning (cfn-lint's own rule)", ("W2502",)),
    "ES2000": Equivalent("API Gateway Logging", ("W7004",)),
    "WS2001": Equivalent("API Gateway Structured Logging", ("I7005",)),
    "WS2002": Equivalent("API Gateway Tracing", ("I7003",),
                         "REST APIs only: HTTP and WebSocket APIs have no X-Ray tracing."),
    "ES2003": Equivalent("API Gateway Default Throttling", ("W6002",)),
    "WS3000": Equivalent("AppSync Tracing", ("I7003",)),
    "ES4000": Equivalent("EventBridge Rule No DLQ", ("W4006",)),
    "WS5000": Equivalent("Step Functions Tracing", ("I7003",)),
    "ES6000": Equivalent("SQS Queue No Redrive Policy", ("W4007",)),
    "ES7000": Equivalent("SNS Subscription No Redrive Policy", ("W4008",)),
}
"""serverless-rules (and cfn-lint runtime) id -> what covers it in archkb."""

NOT_COVERED: dict[str, str] = {
    "Lambda No Error Alarm": "alarms are monitoring resources, not part of the architecture "
                             "a spec draws; serverless-rules does not implement it either",
    "Sync Lambda No Duration Alarm": "as above: alarms are not modelled",
    "Sync Lambda With Destination": "destinations only apply to asynchronous invocations; "
                                    "W4003 already reads them where they matter",
    "SQS Lambda ReservedConcurrency < 5": "not implemented by serverless-rules; archkb's "
                                          "concurrency rules (E3001, W3004) check budgets",
    "EventBridge Bus No Rule": "a bus without rules in one template is often fed or read "
                               "by another stack; info-only in serverless-rules and not "
                               "implemented there",
}
"""Concerns serverless-rules lists without an archkb rule, and why."""


def expand(ids: Iterable[str], foreign_only: bool = False) -> tuple[str, ...]:
    """Rule ids or prefixes with other linters' ids replaced by the archkb rules covering
    them (upper-cased, order kept, no duplicates). ``foreign_only`` keeps only translated ids
    (cfn-lint's own ids, e.g. E3012, mean something else than archkb's)."""
    out: list[str] = []
    for raw in ids:
        key = str(raw).strip().upper()
        if key in SERVERLESS_RULES:
            found = SERVERLESS_RULES[key].rules
        elif foreign_only or not key:
            found = ()
        else:
            found = (key,)
        out.extend(r for r in found if r not in out)
    return tuple(out)


def matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """Whether a rule id is one of ``patterns`` or starts with one (``W40`` covers W4003).

    >>> matches("W4003", ["W40"]), matches("W4003", ["E"]), matches("W2006", ["ES1005"])
    (True, False, True)
    """
    return any(rule_id.startswith(p) for p in expand(patterns))
