"""DOT, SVG and Mermaid output: node ids, escaping, self-contained SVG, determinism."""
from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.render import render_spec, to_dot, to_mermaid
from generator.render.dot import clean
from generator.render.icons import icon_root
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "render"
GOOD = Path(__file__).parent / "fixtures" / "spec" / "good"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
needs_dot = pytest.mark.skipif(
    subprocess.run(["which", "dot"], capture_output=True).returncode != 0,
    reason="Graphviz 'dot' is not installed (make test installs it)")


@pytest.fixture(scope="module")
def tricky(kb):
    return load_spec(FIXTURES / "escaping.yaml", kb)


@pytest.fixture(scope="module")
def tricky_svg(kb, tricky, tmp_path_factory):
    out = tmp_path_factory.mktemp("svg")
    (path,) = render_spec(tricky, kb, ["svg"], out)
    return path.read_bytes()


def node_texts(svg: bytes) -> dict[str, str]:
    """Node id -> the text Graphviz drew under it (lines joined by spaces)."""
    root = ET.fromstring(svg)
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title").text
            found[title] = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
    return found


def test_dot_node_ids_are_component_ids(kb):
    spec = load_spec(GOOD / "design-example.yaml", kb)
    text = to_dot(spec, kb)
    ids = re.findall(r'^\s*"([^"]+)" \[label=', text, re.M)
    assert sorted(ids) == sorted(spec.components)
    assert '"api" -> "orders"' in text and '"orders" -> "table"' in text
    assert 'subgraph "cluster_vpc-main" {' in text and 'subgraph "cluster_private" {' in text


def test_dot_text_has_no_file_paths(kb):
    text = to_dot(load_spec(GOOD / "design-example.yaml", kb), kb)
    assert str(icon_root()) not in text and str(ROOT) not in text
    assert 'image="resources/aws/compute/lambda.png"' in text


def test_output_is_deterministic_in_process(kb):
    spec = load_spec(FIXTURES / "all-styles.yaml", kb)
    assert to_dot(spec, kb) == to_dot(load_spec(FIXTURES / "all-styles.yaml", kb), kb)
    assert to_mermaid(spec, kb) == to_mermaid(spec, kb)


@needs_dot
def test_dot_and_svg_are_byte_identical_across_runs(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "generator", "render", *map(str, EXAMPLES[:3]),
                        str(FIXTURES / "escaping.yaml"), "-f", "dot,svg,mermaid", "-o", str(out),
                        "--no-lint"], cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outputs[0]) == 12 and outputs[0] == outputs[1]


@needs_dot
def test_labels_render_as_text(tricky, tricky_svg):
    texts = node_texts(tricky_svg)
    assert set(texts) == set(tricky.components)  # no injected node (the legend is in the label)
    for comp in tricky.components.values():
        assert texts[comp.id].split() == clean(comp.label).split(), comp.id
    root = ET.fromstring(tricky_svg)
    title = root.find(f"{SVG}g/{SVG}title").text
    assert title == " ".join(tricky.name.replace("\\", "").split())  # DOT ids keep no "\\"
    graph_texts = [t.text for t in root.find(f"{SVG}g").findall(f"{SVG}text")]
    assert graph_texts[0] == tricky.name  # then the one-row legend
    assert "publishes" in graph_texts and "calls" in graph_texts
    tags = {el.tag.replace(SVG, "") for el in root.iter()}
    assert tags <= {"svg", "g", "title", "polygon", "path", "text", "ellipse", "polyline", "a",
                    "defs", "symbol", "image", "use"}
    edges = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert "quote&#45;&gt;angle" in edges or "quote->angle" in edges
    edge_texts = " ".join(t.text for g in root.iter(f"{SVG}g") if g.get("class") == "edge"
                          for t in g.iter(f"{SVG}text"))
    assert '-> "edge" <i>&</i> {x}' in edge_texts and "λ 日本" in edge_texts


@needs_dot
def test_svg_is_self_contained(kb, tricky, tricky_svg):
    text = tricky_svg.decode("utf-8")
    assert str(icon_root()) not in text and "resources/" not in text and "file:" not in text
    root = ET.fromstring(tricky_svg)
    uses = [u.get(XLINK) for u in root.iter(f"{SVG}use")]
    assert len(uses) == len(tricky.components) and all(u.startswith("#archkb-icon-") for u in uses)
    symbols = {s.get("id"): s for s in root.iter(f"{SVG}symbol")}
    assert {u[1:] for u in uses} == set(symbols)
    icons = {kb.nodes[c.service]["diagrams"] for c in tricky.components.values()}
    assert len(symbols) == len(icons)  # each icon embedded once
    for image in root.iter(f"{SVG}image"):
        href = image.get(XLINK)
        assert href.startswith("data:image/png;base64,")
        assert base64.b64decode(href.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    embedded = {base64.b64decode(i.get(XLINK).split(",", 1)[1]) for i in root.iter(f"{SVG}image")}
    from generator.render.icons import find_icon
    lam = (icon_root() / find_icon("diagrams.aws.compute.Lambda")).read_bytes()
    assert lam in embedded


def test_mermaid_structure(kb):
    spec = load_spec(GOOD / "design-example.yaml", kb)
    text = to_mermaid(spec, kb)
    lines = text.splitlines()
    assert lines[1] == "flowchart LR"
    assert '  subgraph vpc_main["Main VPC"]' in lines
    assert '    subgraph private["Private subnet"]' in lines
    assert '      orders["orders<br/>(AWS Lambda)"]' in lines
    assert '  api -->|"POST /orders"| orders' in lines
    assert "  uploads -.-> orders" in lines
    links = [line for line in lines if re.match(r'^\s+\w+(\[" "\])? (-->|-\.->)', line)]
    styles = [line for line in lines if line.strip().startswith("linkStyle")]
    assert len(links) == len(styles) == len(spec.connections) + 4  # 4 legend entries


def test_mermaid_escaping(kb, tricky):
    text = to_mermaid(tricky, kb)
    labels = re.findall(r'\["(.*?)"\]|\|"(.*?)"\|', text)
    assert labels
    for parts in labels:
        label = "".join(parts)
        assert '"' not in label and "%%" not in label and "`" not in label
        assert "<" not in label.replace("<br/>", "")
    assert re.search(r"^\s+n_end\[", text, re.M)  # 'end' is a Mermaid keyword
    assert "\x07" not in text
    assert "#lt;script#gt;" in text


def test_every_example_renders_to_text(kb, tmp_path):
    for path in EXAMPLES:
        spec = load_spec(path, kb)
        written = render_spec(spec, kb, ["dot", "mermaid"], tmp_path)
        assert [p.name for p in written] == [f"{path.stem}.dot", f"{path.stem}.mmd"]
        dot_text = written[0].read_text()
        for comp in spec.components:
            assert f'"{comp}" [label=' in dot_text


def test_three_thousand_components_to_dot(kb, tmp_path):
    services = ["lambda", "sqs", "dynamodb", "sns", "s3"]
    lines = ["archkb: 1", "groups:"] + [f"  g{i}: {{}}" for i in range(30)] + ["components:"]
    lines += [f"  c{i}: {{service: {services[i % 5]}, group: g{i % 30}}}" for i in range(3000)]
    lines += ["connections:"] + [f"  - {{from: c{i}, to: c{i + 1}}}" for i in range(2999)]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n")
    spec = load_spec(path, kb)
    (out,) = render_spec(spec, kb, ["dot"], tmp_path / "out")
    text = out.read_text()
    assert len(re.findall(r'^\s*"c\d+" \[label=', text, re.M)) == 3000
    assert len(re.findall(r'^\s*"c\d+" -> "c\d+" \[', text, re.M)) == 2999
    assert text.count('subgraph "cluster_g') == 30


def test_mermaid_ids_are_safe_and_unique(kb):
    from generator.render.mermaid import _Ids

    ids = _Ids(["a-b", "a_b", "end", "1x", "ok", "graph", "archkb_legend_x", "a.b"])
    mapped = [ids[i] for i in ["a-b", "a_b", "end", "1x", "ok", "graph", "archkb_legend_x", "a.b"]]
    assert len(set(mapped)) == len(mapped)
    assert ids["a_b"] == "a_b" and ids["ok"] == "ok" and ids["a-b"] != "a_b"
    assert all(re.match(r"^[A-Za-z][A-Za-z0-9_]*$", m) for m in mapped)
    assert ids["end"] != "end" and ids["graph"] != "graph"
    assert not ids["archkb_legend_x"].startswith("archkb_legend_")


def chain_spec(n: int) -> str:
    services = ["api-gateway", "lambda", "sqs", "dynamodb", "sns", "s3"]
    lines = ["archkb: 1", f"name: Chain of {n}", "components:"]
    lines += [f"  c{i}: {{service: {services[i % 6]}, label: part {i}}}" for i in range(n)]
    lines.append("connections:")
    lines += [f"  - {{from: c{i}, to: c{i + 1}}}" for i in range(0, n - 1, 2)]
    return "\n".join(lines) + "\n"


@needs_dot
@pytest.mark.parametrize("source", [p.stem for p in EXAMPLES] + [10, 11, 12, 13, 14, 15])
def test_png_canvas_is_opaque(kb, source, tmp_path):
    """The background covers every pixel (no alpha channel, colour type 2): the canvas is a
    whole number of pixels. Without the fitted pad, five of the seven examples and each of
    the six chains had a last row or column partly transparent (a png a quarter slower to
    encode)."""
    from generator.spec import spec_from_document
    from generator.yamlsafe import load

    if isinstance(source, int):
        spec = spec_from_document(load(chain_spec(source), f"chain{source}.yaml"), kb)
    else:
        spec = load_spec(ROOT / "examples" / f"{source}.yaml", kb)
    (path,) = render_spec(spec, kb, ["png"], tmp_path)
    header = path.read_bytes()[:26]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    assert header[25] == 2, f"{path.name}: PNG colour type {header[25]} (6 = with alpha)"
