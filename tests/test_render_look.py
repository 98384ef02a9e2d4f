"""How diagrams look, checked in the DOT text: the one-row legend and its toggle, group corner
icons, the failure-path style, arrows that follow the label, sibling order, direction."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.render import to_dot
from generator.render.dot import to_dot as model_dot
from generator.render.model import build
from generator.render.styles import EDGE_STYLES, GROUP_ICONS
from generator.spec import load_spec
from generator.spec.loader import spec_from_document
from generator.yamlsafe import load

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "render"


def spec_of(kb, text: str, name: str = "s.yaml"):
    return spec_from_document(load(text, name), kb)


def graph_label(dot: str) -> str:
    return re.search(r"^  graph \[label=(.*?), pad=", dot, re.M).group(1)


def test_legend_is_one_row_of_the_kinds_used(kb):
    dot = to_dot(load_spec(FIXTURES / "all-styles.yaml", kb), kb)
    label = graph_label(dot)
    assert label.startswith("<<TABLE") and label.count("<TR>") == 2  # title row, legend row
    legend_row = label.split("<TR>")[2]
    used = [k for k in EDGE_STYLES if f">{EDGE_STYLES[k]['key']}<" in legend_row]
    assert "fails_to" in used and "sync" in used and len(used) == legend_row.count("<TD>")
    assert "legend:" not in dot and "cluster_legend" not in dot  # no legend nodes or box
    only_sync = spec_of(kb, "archkb: 1\ncomponents: {a: {service: api-gateway}, "
                            "f: {service: lambda}}\nconnections: [{from: a, to: f}]\n")
    row = graph_label(to_dot(only_sync, kb)).split("<TR>")[2]
    assert row.count("<TD>") == 1 and "sync trigger" in row


def test_legend_toggle_in_spec_and_flag(kb, tmp_path):
    text = ("archkb: 1\nname: T\nlegend: false\ncomponents: {a: {service: api-gateway}, "
            "f: {service: lambda}}\nconnections: [{from: a, to: f}]\n")
    spec = spec_of(kb, text)
    assert graph_label(to_dot(spec, kb)) == '"T"'
    assert "<TABLE" in graph_label(model_dot(build(spec, kb, legend=True)))
    on = spec_of(kb, text.replace("legend: false\n", ""))
    assert graph_label(model_dot(build(on, kb, legend=False))) == '"T"'
    path = tmp_path / "t.yaml"
    path.write_text(text.replace("legend: false\n", ""), encoding="utf-8")
    for flag, has in (("--no-legend", False), ("--legend", True)):
        out = tmp_path / flag.strip("-")
        subprocess.run([sys.executable, "-m", "generator", "render", str(path), "-f", "dot",
                        "-o", str(out), "--no-lint", flag], check=True, capture_output=True)
        assert ("<TABLE" in (out / "t.dot").read_text(encoding="utf-8")) is has


def test_legend_must_be_a_boolean(kb):
    import pytest

    from generator.errors import InputError

    with pytest.raises(InputError, match="legend must be true or false") as info:
        spec_of(kb, "archkb: 1\nlegend: maybe\ncomponents: {f: {service: lambda}}\n")
    assert info.value.line == 2


def test_groups_carry_their_aws_icons(kb):
    dot = to_dot(load_spec(FIXTURES / "all-styles.yaml", kb), kb)
    clusters = dict(re.findall(r'subgraph "cluster_([^"]+)" \{\n\s+graph \[label=(.*?), labeljust',
                               dot))
    for group, style in (("vpc", "vpc"), ("public", "subnet-public"),
                         ("private", "subnet-private"), ("account", "account"),
                         ("fleet", "auto-scaling-group")):
        assert f'<IMG SRC="{GROUP_ICONS[style]}" SCALE="TRUE"/>' in clusters[group], group
    assert "\u2691" in clusters["region"]  # the Region flag
    assert clusters["az"] == '"AZ a"' and clusters["misc"] == '"Misc"'  # no icon in the AWS set
    assert 'color="#ED7100"' in dot  # the auto scaling group's orange border


def test_failure_paths_have_their_own_style(kb):
    model = build(load_spec(FIXTURES / "all-styles.yaml", kb), kb)
    (edge,) = [e for e in model.edges if e.kind == "fails_to"]
    assert edge.style == "fails_to"
    dot = model_dot(model)
    line = next(x for x in dot.splitlines() if x.strip().startswith('"queue" -> "dlq"'))
    assert 'style="dashed"' in line and 'arrowhead="onormal"' in line
    drawn = {k: tuple(sorted(v["dot"].items())) for k, v in EDGE_STYLES.items()}
    assert list(drawn.values()).count(drawn["fails_to"]) == 1


def test_inferred_data_access_follows_its_label(kb):
    model = build(load_spec(ROOT / "examples" / "step-functions.yaml", kb), kb)
    put = next(e for e in model.edges if e.target == "orders")
    assert (put.kind, put.style) == ("accesses", "writes")  # "3 PutItem" draws one head
    explicit = spec_of(kb, "archkb: 1\ncomponents: {f: {service: lambda}, t: {service: dynamodb}}"
                           "\nconnections: [{from: f, to: t, kind: accesses, label: PutItem}]\n")
    assert build(explicit, kb).edges[0].style == "accesses"  # what the spec says wins


def test_sibling_groups_read_in_spec_order(kb):
    spec = load_spec(ROOT / "examples" / "fargate-service.yaml", kb)
    dot = to_dot(spec, kb)
    # left to right, Graphviz stacks a rank's clusters bottom-up: written B first, A is on top
    assert dot.index('"cluster_az-b"') < dot.index('"cluster_az-a"')
    spec.direction = "TB"
    tb = to_dot(spec, kb)
    assert tb.index('"cluster_az-a"') < tb.index('"cluster_az-b"')


def test_long_chains_turn_top_to_bottom_unless_the_spec_says(kb):
    chain = "".join(f"  c{i}: {{service: lambda}}\n" for i in range(9))
    links = "".join(f"  - {{from: c{i}, to: c{i + 1}, kind: calls}}\n" for i in range(8))
    text = f"archkb: 1\ncomponents:\n{chain}connections:\n{links}"
    assert build(spec_of(kb, text), kb).direction == "TB"
    assert build(spec_of(kb, "archkb: 1\ndirection: LR\n" + text[10:]), kb).direction == "LR"
    short = "archkb: 1\ncomponents: {a: {service: sqs}, f: {service: lambda}}\n" \
            "connections: [{from: a, to: f}]\n"
    assert build(spec_of(kb, short), kb).direction == "LR"
