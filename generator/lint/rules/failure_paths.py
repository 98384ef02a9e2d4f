"""Every asynchronous hop keeps what it cannot deliver: EventBridge rule (and pipe, schedule)
targets with a dead-letter queue, SNS subscriptions with a redrive policy, SQS queues with a
redrive policy. Function-side failure handling (destinations, ESM on-failure) is W4003.

A failure path is read from settings (``dead_letter``, ``on_failure``) and from connections
that carry failures: ``via`` dead-letter-queue, redrive or destination, or kind ``fails_to``.
"""
from __future__ import annotations

from ..rule import Rule

DEAD_LETTER = "dead_letter"
FAILURE_SETTINGS = (DEAD_LETTER, "on_failure")
FAILURE_VIAS = ("dead-letter-queue", "redrive", "destination")
FAILS_TO = "fails_to"
RULE_SOURCES = ("eventbridge", "eventbridge-scheduler")
"""Services that deliver to targets with a retry policy and an optional SQS dead-letter queue
(a pipe keeps failures on its source side: the source queue's redrive, or a stream DLQ)."""


def failure_sinks(ctx) -> set[str]:
    """Components that receive failures: dead-letter queues and failure destinations.

    >>> from generator.spec.model import Spec, Component, Location
    >>> q = Component("q", "sqs", "q", None, {"dead_letter": "dlq"}, Location("s.yaml"))
    >>> class C: spec = Spec("x", "s.yaml", components={"q": q})
    >>> sorted(failure_sinks(C))
    ['dlq']
    """
    sinks = set()
    for comp in ctx.spec.components.values():
        sinks.update(str(comp.settings[s]) for s in FAILURE_SETTINGS if comp.settings.get(s))
    for conn in ctx.spec.connections:
        sinks.update(str(conn.settings[s]) for s in FAILURE_SETTINGS if conn.settings.get(s))
        if conn.kind == FAILS_TO or conn.via in FAILURE_VIAS:
            sinks.add(conn.target)
    return sinks


def failure_sinks_cache(ctx) -> set[str]:
    """:func:`failure_sinks`, computed once per lint run."""
    if "failure_sinks" not in ctx.shared:
        ctx.shared["failure_sinks"] = failure_sinks(ctx)
    return ctx.shared["failure_sinks"]


def unguarded_deliveries(ctx, sources: tuple[str, ...]):
    """Asynchronous deliveries from components of ``sources`` with no failure path (and not
    themselves the delivery of failures to a dead-letter queue)."""
    sinks = failure_sinks_cache(ctx)
    for conn in ctx.spec.connections:
        if (ctx.service_of(conn.source) in sources and conn.kind == "triggers"
                and conn.mode == "async" and conn.target not in sinks
                and not any(conn.settings.get(s) for s in FAILURE_SETTINGS)):
            yield conn


class RuleTargetWithoutDlq(Rule):
    id = "W4006"
    title = "EventBridge target without a dead-letter queue"
    description = (
        "EventBridge retries a target that fails (by default for 24 hours, up to 185 times) "
        "and then drops the event; events that fail for a permission or a missing target are "
        "dropped at once. A dead-letter queue on the target keeps them for inspection and "
        "replay. Set `DeadLetterConfig` on each rule target (also on pipes and schedules); in "
        "a spec, `dead_letter: <queue id>` on the connection. The target function's own "
        "failure destination does not cover these delivery failures. Checked on templates "
        "(serverless-rules ES4000); enable it for specs with `lint: {enable: [W4006]}`.")
    source = "eventbridge-rule-dlq"
    scope = "template"

    def check(self, ctx):
        for conn in unguarded_deliveries(ctx, RULE_SOURCES):
            yield self.finding(
                f"{conn.source} delivers to {conn.target} with no dead-letter queue, so events "
                "that cannot be delivered are dropped after the retries: set DeadLetterConfig "
                "on the target", conn.location, component=conn.source, connection=conn.name)


class QueueWithoutRedrive(Rule):
    id = "W4007"
    title = "SQS queue without a redrive policy"
    description = (
        "A message that its consumer keeps failing on returns to the queue after each "
        "visibility timeout until its retention period ends, blocking a FIFO group and "
        "costing a receive each time. A redrive policy moves it to a dead-letter queue after "
        "`maxReceiveCount` receives. Set `RedrivePolicy` on every queue that is not itself a "
        "dead-letter queue; in a spec, `dead_letter: <queue id>`. Checked on templates "
        "(serverless-rules ES6000); enable it for specs with `lint: {enable: [W4007]}`.")
    source = "sqs-dlq"
    scope = "template"

    def check(self, ctx):
        sinks = failure_sinks_cache(ctx)
        redriven = {c.source for c in ctx.spec.connections
                    if c.via in ("redrive", "dead-letter-queue") or c.kind == FAILS_TO}
        for queue in ctx.defined("sqs"):
            if queue.settings.get(DEAD_LETTER) or queue.id in sinks or queue.id in redriven:
                continue
            yield self.finding(f"{queue.id} has no redrive policy, so a message that keeps "
                               "failing is received again until it expires: add a dead-letter "
                               "queue with maxReceiveCount", queue.location, component=queue.id)


class SubscriptionWithoutDlq(Rule):
    id = "W4008"
    title = "SNS subscription without a dead-letter queue"
    description = (
        "SNS retries a subscription whose endpoint fails (client-side errors are not "
        "retried) and then discards the message. A redrive policy on the subscription sends "
        "it to an SQS dead-letter queue instead. Set `RedrivePolicy` with "
        "`deadLetterTargetArn` on each subscription (SAM: the SNS event's `RedrivePolicy`); "
        "in a spec, `dead_letter: <queue id>` on the connection. Checked on templates "
        "(serverless-rules ES7000); enable it for specs with `lint: {enable: [W4008]}`.")
    source = "sns-dead-letter-queues"
    scope = "template"

    def check(self, ctx):
        for conn in unguarded_deliveries(ctx, ("sns",)):
            yield self.finding(
                f"the subscription of {conn.target} to {conn.source} has no dead-letter queue, "
                "so messages it cannot deliver are discarded: set a RedrivePolicy",
                conn.location, component=conn.target, connection=conn.name)
