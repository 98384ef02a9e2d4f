"""Connection kinds: KB triggers with mode preference, other KB edges, category rules."""
from __future__ import annotations

import pytest

from generator.graph.compile import compile_graph
from generator.kb.model import KB
from generator.spec.infer import connection_kind, trigger_modes


def node(category, kind="service", relations=()):
    return {"kind": kind, "name": category.title(), "summary": "s", "category": category,
            "relations": list(relations)}


@pytest.fixture(scope="module")
def mini():
    """A tiny KB, so these rules are tested apart from the real KB's content."""
    nodes = {
        "fn": node("compute", relations=[
            {"type": "writes", "to": "stream", "source": "s"}]),
        "box": node("containers"),
        "queue": node("messaging", relations=[
            {"type": "triggers", "to": "fn", "mode": "poll", "via": "event-source-mapping",
             "source": "q-src"}]),
        "pipe": node("integration", relations=[
            {"type": "triggers", "to": "fn", "mode": "async", "via": "pipe", "source": "a"},
            {"type": "triggers", "to": "fn", "mode": "poll", "via": "pipe", "source": "p"},
            {"type": "triggers", "to": "fn", "mode": "sync", "via": "pipe", "source": "s"}]),
        "bus": node("integration", relations=[
            {"type": "triggers", "to": "fn", "mode": "async", "via": "rule-target",
             "source": "b"}]),
        "table": node("database", kind="database"),
        "bucket": node("storage"),
        "stream": node("streaming"),
        "hub": node("security"),
    }
    return KB(nodes=nodes, graph=compile_graph(nodes))


@pytest.mark.parametrize("src,dst,expected", [
    ("queue", "fn", ("triggers", "poll", "event-source-mapping", "q-src")),
    ("pipe", "fn", ("triggers", "sync", "pipe", "s")),  # sync, then async, then poll
    ("fn", "stream", ("writes", None, None, "s")),  # the KB's own edge first
    ("fn", "table", ("writes", None, None, None)),  # a database
    ("box", "bucket", ("writes", None, None, None)),  # storage
    ("fn", "queue", ("publishes", None, None, None)),  # messaging
    ("box", "stream", ("publishes", None, None, None)),  # streaming
    ("fn", "bus", ("publishes", None, None, None)),  # an event bus delivers to rule targets
    ("fn", "hub", ("calls", None, None, None)),
    ("hub", "box", ("calls", None, None, None)),
])
def test_inferred(mini, src, dst, expected):
    assert connection_kind(mini, src, dst) == expected


def test_mode_setting_chooses(mini):
    assert connection_kind(mini, "pipe", "fn", mode="poll") == ("triggers", "poll", "pipe", "p")
    assert connection_kind(mini, "pipe", "fn", mode="async") == ("triggers", "async", "pipe", "a")


def test_mode_the_kb_does_not_have_keeps_the_mode_without_via(mini):
    assert connection_kind(mini, "queue", "fn", mode="sync") == ("triggers", "sync", None, None)
    assert connection_kind(mini, "fn", "hub", mode="async") == ("triggers", "async", None, None)


def test_explicit_kinds(mini):
    assert connection_kind(mini, "queue", "fn", "triggers") == \
        ("triggers", "poll", "event-source-mapping", "q-src")
    assert connection_kind(mini, "fn", "queue", "triggers") == ("triggers", None, None, None)
    assert connection_kind(mini, "fn", "table", "reads") == ("reads", None, None, None)
    assert connection_kind(mini, "queue", "fn", "reads") == ("reads", None, None, None)
    assert connection_kind(mini, "fn", "stream", "writes") == ("writes", None, None, "s")


def test_trigger_modes_in_preference_order(mini):
    assert trigger_modes(mini, "pipe", "fn") == ["sync", "async", "poll"]
    assert trigger_modes(mini, "fn", "pipe") == []


def test_real_kb_examples(kb):
    assert connection_kind(kb, "api-gateway", "lambda")[:2] == ("triggers", "sync")
    assert connection_kind(kb, "s3", "lambda")[:2] == ("triggers", "async")
    assert connection_kind(kb, "sqs", "lambda")[:3] == ("triggers", "poll", "event-source-mapping")
