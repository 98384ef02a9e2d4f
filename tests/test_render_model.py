"""The render model: structure of what a diagram shows (nodes, clusters, edges, legend)."""
from __future__ import annotations

from pathlib import Path

from generator.render.icons import find_icon, icon_root
from generator.render.model import build
from generator.render.styles import EDGE_STYLES, GROUP_STYLES
from generator.spec import load_spec

FIXTURES = Path(__file__).parent / "fixtures" / "render"
GOOD = Path(__file__).parent / "fixtures" / "spec" / "good"


def test_design_example_model(kb):
    model = build(load_spec(GOOD / "design-example.yaml", kb), kb)
    assert model.name == "Orders service" and model.direction == "LR"
    assert [n.id for n in model.nodes] == ["api", "orders", "table", "uploads", "queue"]
    orders = model.nodes[1]
    assert (orders.service, orders.group, orders.label) == ("lambda", "private", "orders")
    assert orders.icon == "resources/aws/compute/lambda.png"
    assert [(c.id, c.parent, c.depth, c.style) for c in model.clusters] == [
        ("vpc-main", None, 0, "vpc"), ("private", "vpc-main", 1, "subnet-private")]
    assert [(e.source, e.target, e.style) for e in model.edges] == [
        ("api", "orders", "sync"), ("uploads", "orders", "async"), ("queue", "orders", "poll"),
        ("orders", "table", "writes")]
    assert [entry.style for entry in model.legend] == ["sync", "async", "poll", "writes"]
    assert model.edges[2].tooltip == "triggers (poll, event source mapping)"


def test_every_style_is_distinct_and_in_the_legend(kb):
    model = build(load_spec(FIXTURES / "all-styles.yaml", kb), kb)
    styles = [e.style for e in model.edges]
    assert {"sync", "async", "poll", "trigger-unknown", "writes", "reads", "accesses",
            "publishes", "calls", "orchestrates", "runs_on", "other"} <= set(styles)
    assert [entry.style for entry in model.legend] == [k for k in EDGE_STYLES if k in styles]
    drawn = {tuple(sorted(EDGE_STYLES[k]["dot"].items())) for k in EDGE_STYLES}
    assert len(drawn) == len(EDGE_STYLES)  # no two styles look alike
    other = next(e for e in model.edges if e.style == "other")
    assert other.label == "uses"  # an unlabelled "other" edge says what it is


def test_group_styles_and_nesting(kb):
    model = build(load_spec(FIXTURES / "all-styles.yaml", kb), kb)
    by_id = {c.id: c for c in model.clusters}
    assert [by_id[g].depth for g in ("account", "region", "vpc", "az", "public")] == [0, 1, 2, 3, 4]
    assert by_id["public"].style == "subnet-public" and by_id["private"].style == "subnet-private"
    assert {c.style for c in model.clusters} <= set(GROUP_STYLES)
    assert model.clusters_in("az") == [by_id["public"], by_id["private"]]
    assert [n.id for n in model.nodes_in("private")] == ["fn", "task"]


def test_every_kb_service_has_an_icon(kb):
    root = icon_root()
    for service in kb.by_kind("service", "database"):
        icon = find_icon(kb.nodes[service]["diagrams"])
        assert icon and (root / icon).is_file(), service


def test_model_is_plain_data(kb):
    model = build(load_spec(GOOD / "design-example.yaml", kb), kb)
    data = model.as_dict()
    assert data["nodes"][0]["id"] == "api" and data["edges"][0]["style"] == "sync"
    assert build(load_spec(GOOD / "design-example.yaml", kb), kb) == model
