"""The committed KB reference (docs/kb-reference.md) is the output of kb_reference_markdown,
and that output holds what the issue asks: a section per node, triggers and targets with
modes, limits, dated sources."""
from __future__ import annotations

import re
from pathlib import Path

from generator.docs import kb_reference_markdown
from generator.docs.facts import value_text

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "kb-reference.md"


def test_committed_reference_is_current(kb):
    assert REFERENCE.read_text(encoding="utf-8") == kb_reference_markdown(kb), \
        "docs/kb-reference.md is stale: run .venv/bin/archkb docs reference -o docs/kb-reference.md"


def test_one_section_per_node_with_working_anchors(kb):
    text = kb_reference_markdown(kb)
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    assert [a for a in anchors if "-src-" not in a] and \
        sorted(a for a in anchors if a in kb.nodes) == sorted(kb.nodes)
    assert len(anchors) == len(set(anchors))
    for target in set(re.findall(r"\]\(#([^)]+)\)", text)):
        assert target in anchors, target


def test_sections_hold_modes_limits_and_sources(kb):
    text = kb_reference_markdown(kb)
    lam = text.split('<a id="lambda"></a>', 1)[1].split("\n<a id=", 1)[0]
    assert "**Triggered by**" in lam and "| poll | event-source-mapping | [Amazon SQS](#sqs) |" in lam
    assert f"| {value_text(kb.limit('lambda', 'timeout-max'))} |" in lam
    assert "**Sources**" in lam and "(as of 20" in lam
    sqs = text.split('<a id="sqs"></a>', 1)[1].split("\n<a id=", 1)[0]
    assert "**Triggers**" in sqs and "[AWS Lambda](#lambda)" in sqs


def test_reference_is_deterministic(kb):
    assert kb_reference_markdown(kb) == kb_reference_markdown(kb)


def test_node_facts_leave_the_kb_alone(kb):
    """Footnote numbers go on copies: the KB's own fact lists stay as loaded (a page built
    in-process once made every later comparison with a fresh KB fail)."""
    import copy

    from generator.docs.facts import node_facts

    before = copy.deepcopy(kb.nodes["cold-start"])
    page = node_facts(kb, "cold-start")
    assert page["info"]["facts"] and all("refs" in f for f in page["info"]["facts"])
    assert kb.nodes["cold-start"] == before
