"""``archkb diff OLD NEW``: added, removed and changed sets in text, JSON and markdown; the
union diagram's colours in its DOT structure; ``REV:path`` from git; ``--fail-on-new``."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.render.overlay import OUTLINES
from mermaid_structure import check_mermaid

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "examples" / "api-backend.yaml"
NEW = ROOT / "tests" / "fixtures" / "review" / "api-backend-v2.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is missing")

ADDED = ["jobs", "worker"]
REMOVED = ["get-order"]
CHANGED = {"create-order": [("memory", 512, 1024), ("timeout", 10, 60)]}
CONN_ADDED = [("create-order", "jobs"), ("jobs", "worker"), ("worker", "orders")]
CONN_REMOVED = [("api", "get-order"), ("get-order", "orders")]
CONN_CHANGED = {("create-order", "orders"): [("label", "PutItem", "PutItem (conditional)")]}


def test_json_sets(invoke):
    result = invoke("diff", OLD, NEW, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"old", "new", "components", "connections", "findings"}
    assert (data["old"], data["new"]) == (str(OLD), str(NEW))
    comps, conns = data["components"], data["connections"]
    assert [c["id"] for c in comps["added"]] == ADDED
    assert [c["id"] for c in comps["removed"]] == REMOVED
    assert {c["id"]: [(x["field"], x["old"], x["new"]) for x in c["changes"]]
            for c in comps["changed"]} == CHANGED
    assert [(c["from"], c["to"]) for c in conns["added"]] == CONN_ADDED
    assert [(c["from"], c["to"]) for c in conns["removed"]] == CONN_REMOVED
    assert {(c["from"], c["to"]): [(x["field"], x["old"], x["new"]) for x in c["changes"]]
            for c in conns["changed"]} == CONN_CHANGED
    introduced = {(f["rule"], f.get("component")) for f in data["findings"]["introduced"]}
    assert introduced == {("W4002", "jobs"), ("W4003", "worker"), ("W4001", "create-order")}
    assert data["findings"]["resolved"] == []
    assert all(f["location"]["file"] == str(NEW) for f in data["findings"]["introduced"])


def test_findings_resolved_when_the_versions_swap(invoke):
    data = json.loads(invoke("diff", NEW, OLD, "--json").stdout)
    assert data["findings"]["introduced"] == []
    assert {f["rule"] for f in data["findings"]["resolved"]} == {"W4001", "W4002", "W4003"}
    assert [c["id"] for c in data["components"]["added"]] == REMOVED


def test_text(invoke):
    result = invoke("diff", OLD, NEW)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith("2 components added, 1 removed, 1 changed; 3 connections added, "
                             "2 removed, 1 changed; 3 findings introduced, 0 resolved")
    for cid in ADDED:
        assert any(re.match(rf"  \+ {cid} \(", line) for line in lines)
    assert "  - get-order (AWS Lambda)" in lines
    assert "  ~ create-order (AWS Lambda): memory 512 -> 1024; timeout 10 -> 60" in lines
    assert "  + jobs -> worker (triggers, poll)" in lines
    assert "  - api -> get-order (triggers, sync)" in lines
    assert ("  ~ create-order -> orders (writes): label PutItem -> PutItem (conditional)"
            in lines)
    assert sum(line.startswith("  new: ") for line in lines) == 3


def _mermaid_block(markdown: str) -> str:
    blocks = re.findall(r"^```mermaid\n(.*?)^```$", markdown, re.S | re.M)
    assert len(blocks) == 1
    return blocks[0]


def test_markdown_tables_and_mermaid_block(invoke):
    result = invoke("diff", OLD, NEW, "--format", "markdown")
    assert result.exit_code == 0
    md = result.stdout
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    for cid in ADDED:
        assert any(r.startswith(f"| ➕ added | `{cid}` |") for r in rows)
    assert any(r.startswith("| ➖ removed | `get-order` |") for r in rows)
    assert any(r.startswith("| ✏️ changed | `create-order` |") and "memory 512 -&gt; 1024" in r
               for r in rows)
    assert [r[:25] for r in rows if re.match(r"\| \d \| 🟠", r)] == [
        "| 1 | 🟠 warning | W4002 |", "| 2 | 🟠 warning | W4003 |", "| 3 | 🟠 warning | W4001 |"]
    block = _mermaid_block(md)
    check_mermaid(block)
    members = {k: set(v.split(",")) for v, k in
               re.findall(r"^  class (\S+) archkb_(\w+)$", block, re.M)}
    assert members["added"] >= {"jobs", "worker"}
    assert "get_order" in members["removed"] and "create_order" in members["changed"]
    assert re.search(r"classDef archkb_removed .*stroke:#D13212.*stroke-dasharray", block)


def test_union_diagram_colours_in_the_dot_structure(kb):
    from generator.render.dot import to_dot
    from generator.review.union import union
    from generator.spec import load_any

    from generator.lint import lint_spec
    from generator.review.diff import compare_findings

    old, new = load_any(OLD, kb), load_any(NEW, kb)
    introduced, _ = compare_findings(lint_spec(old, kb), lint_spec(new, kb))
    model, overlay = union(old, new, kb, introduced=introduced)
    dot = to_dot(model, overlay)

    def node(cid):
        return next(line for line in dot.splitlines() if line.strip().startswith(f'"{cid}" ['))

    def edge(a, b):
        return next(line for line in dot.splitlines() if line.strip().startswith(f'"{a}" -> "{b}"'))

    for cid in ADDED:
        assert f'color="{OUTLINES["added"]["color"]}"' in node(cid)
        assert 'style="rounded,solid"' in node(cid)
    assert f'color="{OUTLINES["removed"]["color"]}"' in node("get-order")
    assert 'style="rounded,dashed"' in node("get-order")
    assert f'color="{OUTLINES["changed"]["color"]}"' in node("create-order")
    assert "memory: 512 -&gt; 1024" in node("create-order") or "memory: 512 -> 1024" in node("create-order")
    assert 'shape="box"' not in node("api")  # unchanged: drawn as before
    for a, b in CONN_REMOVED:
        assert f'color="{OUTLINES["removed"]["color"]}"' in edge(a, b)
        assert 'style="dashed"' in edge(a, b)
    assert f'color="{OUTLINES["added"]["color"]}"' in edge("jobs", "worker")
    assert 'style="dotted"' in edge("jobs", "worker")  # an added poll trigger stays dotted
    assert f'color="{OUTLINES["changed"]["color"]}"' in edge("create-order", "orders")
    # the introduced findings are numbered badges, in the order of the markdown table
    assert "#finding-1" in edge("jobs", "worker")  # W4002
    assert "#finding-2" in node("worker") and "#finding-3" in edge("api", "create-order")
    assert f'color="{OUTLINES["added"]["color"]}"' in node("worker")  # still outlined
    legend = next(line for line in dot.splitlines() if '"caption:changes" [' in line)
    for key in ("added", "removed", "changed"):
        assert OUTLINES[key]["color"] in legend and OUTLINES[key]["legend"].split()[0] in legend


@needs_dot
def test_diagram_files(invoke, tmp_path):
    png, svg = tmp_path / "d" / "change.png", tmp_path / "d" / "change.svg"
    result = invoke("diff", OLD, NEW, "-d", png, "-d", svg, "--json")
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)  # JSON stays alone on stdout
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "added" in svg.read_text() and sorted(p.name for p in png.parent.iterdir()) == [
        "change.png", "change.svg"]


def test_fail_on_new(invoke):
    assert invoke("diff", OLD, NEW, "--fail-on-new", "warning").exit_code == 1
    assert invoke("diff", OLD, NEW, "--fail-on-new", "error").exit_code == 0
    assert invoke("diff", NEW, OLD, "--fail-on-new", "info").exit_code == 0  # all resolved


def test_same_file_no_changes(invoke):
    data = json.loads(invoke("diff", OLD, OLD, "--json").stdout)
    assert all(not v for part in ("components", "connections", "findings")
               for v in data[part].values())


def test_template_versions(invoke, tmp_path):
    old = tmp_path / "template.yaml"
    old.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n"
                   "  Queue: {Type: AWS::SQS::Queue}\n"
                   "  Worker:\n    Type: AWS::Serverless::Function\n"
                   "    Properties:\n      Timeout: 30\n"
                   "      Events: {Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}}\n")
    new = tmp_path / "template2.json"
    new.write_text(json.dumps({"Resources": {"Worker": {"Type": "AWS::Lambda::Function",
                                                        "Properties": {"Timeout": 60}}}}))
    data = json.loads(invoke("diff", old, new, "--json").stdout)
    assert [c["id"] for c in data["components"]["removed"]] == ["Queue"]
    assert data["components"]["changed"][0]["changes"][-1] == {"field": "timeout", "old": 30,
                                                               "new": 60}
    assert [(c["from"], c["to"]) for c in data["connections"]["removed"]] == [("Queue", "Worker")]


@needs_git
def test_revision_paths_from_git(invoke, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "HOME": str(tmp_path), "PATH": __import__("os").environ["PATH"]}

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)

    git("init", "-q")
    (repo / "specs" / "api.yaml").write_bytes(OLD.read_bytes())
    git("add", ".")
    git("commit", "-qm", "v1")
    (repo / "specs" / "api.yaml").write_bytes(NEW.read_bytes())
    monkeypatch.chdir(repo / "specs")
    result = invoke("diff", "HEAD:specs/api.yaml", "api.yaml", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["components"]["added"]] == ADDED
    assert data["old"] == "HEAD:specs/api.yaml"
    same = json.loads(invoke("diff", "HEAD:./api.yaml", "HEAD:specs/api.yaml", "--json").stdout)
    assert not any(same["components"].values())
    bad = invoke("diff", "HEAD:specs/nope.yaml", "api.yaml")
    assert bad.exit_code == 2 and "HEAD:specs/nope.yaml" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_bad_inputs(invoke, tmp_path):
    missing = invoke("diff", tmp_path / "nope.yaml", OLD)
    assert missing.exit_code == 2 and "nope.yaml" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda, memroy: 1}\n")
    result = invoke("diff", OLD, broken)
    assert result.exit_code == 2 and f"{broken}:3:" in result.stderr
    assert invoke("diff", OLD, NEW, "-d", tmp_path / "x.gif").exit_code == 2
