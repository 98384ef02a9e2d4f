"""``archkb render --findings``: numbered badges coloured by severity, a caption, tooltips and
Mermaid classDef styles; without the flag the output does not change."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.render.overlay import SEVERITY_COLORS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")

SPEC = """archkb: 1
name: Orders
components:
  api: {service: api-gateway, label: Orders API}
  orders: {service: lambda, timeout: 60, tracing: active}
  queue: {service: sqs, visibility_timeout: 30, dead_letter: dlq}
  dlq: {service: sqs}
  worker: {service: lambda, timeout: 1200, tracing: active}
connections:
  - {from: api, to: orders, label: POST /orders}
  - {from: orders, to: queue, kind: publishes}
  - {from: queue, to: worker}
"""


@pytest.fixture
def spec(kb, tmp_path):
    from generator.spec import load_any

    path = tmp_path / "orders.yaml"
    path.write_text(SPEC)
    return load_any(path, kb)


@pytest.fixture
def findings(spec, kb):
    from generator.lint import lint_spec

    found = lint_spec(spec, kb)
    assert {f.severity for f in found} >= {"error", "warning"}  # the test needs both
    return found


def _line(dot: str, start: str) -> str:
    lines = [line for line in dot.splitlines() if line.strip().startswith(start)]
    assert len(lines) == 1, (start, lines)
    return lines[0]


def test_badges_on_components_and_connections(spec, kb, findings):
    from generator.render import to_dot

    dot = to_dot(spec, kb, findings=findings)
    for number, f in enumerate(findings, 1):
        badge = (f'<td bgcolor="{SEVERITY_COLORS[f.severity]}" style="rounded" '
                 f'href="#finding-{number}"')
        if f.connection:
            source, target = f.connection.split(" -> ")
            line = _line(dot, f'"{source}" -> "{target}"')
        else:
            line = _line(dot, f'"{f.component}" [')
        assert badge in line, (number, f, line)
        assert f"<b> {number} </b>" in line
        # the tooltip of the element names the rule and carries the message
        tooltip = re.search(r', tooltip="((?:[^"\\]|\\.)*)"', line).group(1)
        assert f"[{number}] {f.rule} " in tooltip
        assert f.message.replace("&", "&amp;")[:40] in tooltip.replace('\\"', '"')


def test_caption_lists_every_finding_in_order(spec, kb, findings):
    from generator.render import to_dot

    dot = to_dot(spec, kb, findings=findings)
    caption = _line(dot, '"caption:findings" [')
    numbers = re.findall(r'<td bgcolor="(#[0-9A-F]{6})" style="rounded"><font color="#FFFFFF" '
                         r'point-size="11"><b>(\d+)</b>', caption)
    assert [int(n) for _, n in numbers] == list(range(1, len(findings) + 1))
    assert [c for c, _ in numbers] == [SEVERITY_COLORS[f.severity] for f in findings]
    for f in findings:
        assert f.rule in caption
    assert 'subgraph "cluster_caption:findings"' in dot


def test_without_findings_the_output_is_unchanged_and_deterministic(spec, kb):
    from generator.render import to_dot, to_mermaid

    plain = to_dot(spec, kb)
    assert plain == to_dot(spec, kb) == to_dot(spec, kb, findings=None)
    assert to_dot(spec, kb, findings=[]) == plain  # nothing found: nothing drawn
    assert "caption:" not in plain and "<table" not in plain
    assert to_mermaid(spec, kb, findings=[]) == to_mermaid(spec, kb)
    assert "classDef" not in to_mermaid(spec, kb)


def test_mermaid_marks_findings_with_classdef(spec, kb, findings):
    from generator.render import to_mermaid

    text = to_mermaid(spec, kb, findings=findings)
    worker = [f for f in findings if f.component == "worker" and not f.connection]
    assert worker and worker[0].severity == "error"
    assert f"classDef archkb_error stroke:{SEVERITY_COLORS['error']}" in text
    assert re.search(r"^  class (\S+,)*worker(,\S+)* archkb_error$", text, re.M)
    number = findings.index(worker[0]) + 1
    assert re.search(rf'^  worker\["\[{number}\] worker', text, re.M)
    assert f"%% [{number}] error worker: {worker[0].rule}" in text


def test_findings_on_a_connection_between_the_same_components_go_to_the_right_one(kb, tmp_path):
    from generator.lint.finding import Finding
    from generator.render import to_dot
    from generator.spec import load_any

    path = tmp_path / "twice.yaml"
    path.write_text("archkb: 1\ncomponents: {fn: {service: lambda}, t: {service: dynamodb}}\n"
                    "connections:\n  - {from: fn, to: t, kind: reads}\n"
                    "  - {from: fn, to: t, kind: writes}\n")
    spec = load_any(path, kb)
    second = spec.connections[1]
    finding = Finding("W9999", "warning", "x", connection=second.name, location=second.location)
    lines = [line for line in to_dot(spec, kb, findings=[finding]).splitlines()
             if line.strip().startswith('"fn" -> "t"')]
    assert ["#finding-1" in line for line in lines] == [False, True]


@needs_dot
def test_cli_render_findings_writes_badges_into_every_format(invoke, tmp_path):
    spec = tmp_path / "orders.yaml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    result = invoke("render", spec, "--findings", "-f", "dot,svg,mermaid", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "caption:findings" in (out / "orders.dot").read_text()
    svg = (out / "orders.svg").read_text()
    assert 'xlink:href="#finding-1"' in svg and "xlink:title=\"[1] " in svg
    assert "classDef archkb_" in (out / "orders.mmd").read_text()
    assert "E2001" in result.stderr  # the findings are still printed


@needs_dot
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_render_the_same_without_the_flag(invoke, tmp_path, example):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert invoke("render", example, "-f", "dot,svg", "-o", out, "--no-lint").exit_code == 0
    for ext in ("dot", "svg"):
        assert (a / f"{example.stem}.{ext}").read_bytes() == (b / f"{example.stem}.{ext}").read_bytes()
    assert "caption:" not in (a / f"{example.stem}.dot").read_text()


def test_spec_level_findings_and_hostile_text_stay_inside_the_labels(kb, tmp_path):
    from generator.lint.finding import Finding
    from generator.render import to_dot, to_mermaid
    from generator.spec import load_any
    from generator.spec.model import Location

    path = tmp_path / "s.yaml"
    path.write_text('archkb: 1\ncomponents: {fn: {service: lambda, label: "a <b> & \\"c\\""}}\n')
    spec = load_any(path, kb)
    hostile = 'msg <td>"x"</td> & %%{init: {}}%% \\" ]'
    findings = [Finding("W9999", "warning", "whole spec"),  # no component: caption only
                Finding("E9999", "error", hostile, component="fn")]
    dot = to_dot(spec, kb, findings=findings)
    node = _line(dot, '"fn" [')
    assert "#finding-2" in node and "#finding-1" not in node
    assert "&lt;td&gt;&quot;x&quot;&lt;/td&gt; &amp;" in node and "<td>\"x\"" not in node
    assert "a &lt;b&gt; &amp; &quot;c&quot;" in node
    caption = _line(dot, '"caption:findings" [')
    assert ">W9999 whole spec<" in caption.replace('<br align="left"/>', "")
    mermaid = to_mermaid(spec, kb, findings=findings)
    assert "%%{" not in mermaid.replace("%% Generated", "")
    assert "%% [2] error fn: E9999 msg" in mermaid
