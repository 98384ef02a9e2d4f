"""The spec format v1 itself: which keys exist where, and the values some of them take.

These are properties of the file format (like a grammar), not facts about AWS: service
settings, limits and relations all come from the KB.

>>> canonical_group_kind("Availability Zone")
'availability-zone'
>>> valid_id("orders-api"), valid_id("a b")
(True, False)
"""
from __future__ import annotations

import re

SPEC_VERSION = 1
TOP_KEYS = ("archkb", "name", "description", "direction", "legend", "account", "lint", "groups",
            "components", "connections", "workload")
DIRECTIONS = ("LR", "TB", "RL", "BT")
ACCOUNT_KEYS = {"concurrency_limit": {"type": "integer", "unit": "executions",
                                      "description": "The account's concurrent executions "
                                                     "limit in the Region (lint checks "
                                                     "reserved concurrency against it)."}}

GROUP_KINDS = ("vpc", "subnet", "availability-zone", "region", "account", "auto-scaling-group",
               "generic")
GROUP_KIND_ALIASES = {"az": "availability-zone", "zone": "availability-zone",
                      "aws-account": "account", "group": "generic", "asg": "auto-scaling-group",
                      "autoscaling-group": "auto-scaling-group"}
GROUP_KEYS = ("kind", "label", "parent")
MAX_GROUP_DEPTH = 32
"""Groups nest at most this deep (a diagram, not a data structure)."""
"""Group keys; a group whose kind is also a KB service (vpc, subnet) accepts that service's
settings too (``public: true`` on a subnet)."""

COMPONENT_KEYS = ("service", "label", "group", "description", "lint_ignore", "workload")
"""Keys every component has; the rest of a component's keys are its service's KB settings.
``workload`` is what the component runs (``archkb recommend``'s fields: ``duration`` is the
expected run time, the timeout only its upper bound; ``requests_per_month``, ``traffic``,
``latency_sensitive``...)."""

CONNECTION_KEYS = ("from", "to", "label", "kind", "mode", "lint_ignore")
MODES = ("sync", "async", "poll")
"""Invocation modes, in the order inference prefers them."""

CONNECTION_SETTINGS: dict[str, dict] = {
    "batch_size": {"type": "integer", "unit": "records",
                   "description": "Records per batch (event source mapping)."},
    "batching_window": {"type": "integer", "unit": "s",
                        "description": "Maximum batching window (event source mapping)."},
    "max_concurrency": {"type": "integer", "unit": "executions",
                        "description": "Maximum concurrent invocations by an SQS event "
                                       "source mapping."},
    "parallelization_factor": {"type": "integer",
                               "description": "Concurrent batches per shard (streams)."},
    "starting_position": {"type": "enum", "choices": ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"],
                          "description": "Where a stream mapping starts reading."},
    "maximum_retry_attempts": {"type": "integer",
                               "description": "Retries before a record or event is discarded."},
    "maximum_record_age": {"type": "integer", "unit": "s",
                           "description": "Discard stream records older than this."},
    "maximum_event_age": {"type": "integer", "unit": "s",
                          "description": "Discard asynchronous events older than this."},
    "bisect_batch_on_error": {"type": "boolean",
                              "description": "Split a failing stream batch in two."},
    "report_batch_item_failures": {"type": "boolean",
                                   "description": "The function reports partial batch failures."},
    "filters": {"type": "list", "description": "Event filter patterns."},
    "on_failure": {"type": "string",
                   "description": "Component id of the on-failure destination."},
    "enabled": {"type": "boolean", "description": "Whether the trigger is enabled."},
    "dead_letter": {"type": "string",
                    "description": "Component id of the queue that keeps what this delivery "
                                   "could not deliver (EventBridge rule target or pipe DLQ, "
                                   "SNS subscription redrive policy)."},
}
"""Connection settings of the format; the KB node named by a connection's ``via`` (e.g.
``event-source-mapping``) may declare more, with limits for lint."""

LINT_KEYS = {
    "ignore": "Rule ids (or prefixes such as W40, or serverless-rules ids such as ES1005) "
              "whose findings are suppressed in this spec.",
    "enable": "Rules that check deployment details (memory, log retention, access logs...) "
              "to run on this hand-written spec too; they always run on templates.",
}
"""Keys of the spec's ``lint:`` block (lists of rule ids)."""
LINT_IGNORE_DESCRIPTION = ("Rule ids (or prefixes) whose findings on this component or "
                           "connection are suppressed.")

EXCLUDED_KINDS = frozenset({"alternative_to", "mitigates", "affects", "part_of", "limits",
                            "requires"})
"""KB relation types that describe knowledge, not a connection drawn between components."""

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"
_ID = re.compile(ID_PATTERN)


def valid_id(value) -> bool:
    """Whether ``value`` can be a component or group id (also a DOT node id)."""
    return isinstance(value, str) and bool(_ID.fullmatch(value))


def canonical_group_kind(value: str) -> str | None:
    """The group kind ``value`` names (case, spaces and underscores ignored), else None."""
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    key = GROUP_KIND_ALIASES.get(key, key)
    return key if key in GROUP_KINDS else None
