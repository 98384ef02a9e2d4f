"""``archkb review SPEC``: the cost table against a hand calculation, the page's content and
self-containment, the Markdown, the spec's ``workload:`` block."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from mermaid_structure import check_mermaid

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
API = ROOT / "examples" / "api-backend.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")

# US East prices in the KB (kb/services/*.yaml, kb/databases/dynamodb.yaml), by hand:
HTTP_API_PER_M = 1.00          # api-gateway http-requests, per 1M requests
LAMBDA_REQ_PER_M = 0.20        # lambda requests, per 1M
ARM_GB_S = 0.0000133334        # lambda duration-arm-tier1, per GB-s
DDB_WRU_PER_M = 0.625          # dynamodb write-request-units, per 1M
DDB_RRU_PER_M = 0.125          # dynamodb read-request-units, per 1M
DDB_GB_MONTH = 0.25            # dynamodb storage-standard, per GB-month


def api_backend_by_hand(requests: float, duration_s: float, storage_gb: float) -> dict:
    """examples/api-backend.yaml: an HTTP API, create-order (arm64, 512 MB) writing and
    get-order (arm64, 256 MB) reading one on-demand table."""
    m = requests / 1e6
    create = m * LAMBDA_REQ_PER_M + requests * duration_s * 512 / 1024 * ARM_GB_S
    get = m * LAMBDA_REQ_PER_M + requests * duration_s * 256 / 1024 * ARM_GB_S
    table = m * DDB_WRU_PER_M + m * DDB_RRU_PER_M + storage_gb * DDB_GB_MONTH
    return {"api": m * HTTP_API_PER_M, "create-order": create, "get-order": get,
            "orders": table}


def test_cost_table_matches_a_hand_calculation(kb):
    from generator.review.cost import architecture_cost
    from generator.spec import load_any

    cost = architecture_cost(load_any(API, kb), kb, {"requests_per_month": 2_000_000,
                                                      "duration_s": 0.1, "storage_gb": 10})
    hand = api_backend_by_hand(2_000_000, 0.1, 10)
    # 2 M requests: API $2.00; create-order $0.40 + 100,000 GB-s = $1.73; get-order $0.40 +
    # 50,000 GB-s = $1.07; table 2 M WRU $1.25 + 2 M RRU $0.25 + 10 GB $2.50 = $4.00
    assert [round(v, 2) for v in hand.values()] == [2.00, 1.73, 1.07, 4.00]
    got = {c["id"]: c["usd"] for c in cost["components"]}
    assert got == pytest.approx(hand, abs=1e-4)
    assert cost["total_usd"] == pytest.approx(sum(hand.values()), abs=1e-3)
    table = next(c for c in cost["components"] if c["id"] == "orders")
    assert [(line["item"], line["quantity"]) for line in table["lines"]] == [
        ("writes by create-order", 2_000_000), ("reads by get-order", 2_000_000),
        ("10 GB stored", 10)]
    assert any("one request unit per request" in a for a in cost["assumptions"])
    assert cost["region"] == ["us-east-1"]
    assert {"lambda-pricing", "dynamodb-on-demand-pricing"} <= set(cost["sources"])


def test_workload_from_the_spec_and_per_component(kb, tmp_path):
    from generator.review.cost import architecture_cost
    from generator.spec import load_any

    text = API.read_text() + ("workload:\n  requests_per_month: 2M\n  duration: 100ms\n"
                              "  storage_gb: 10\n  components:\n"
                              "    get-order: {requests_per_month: 500k}\n")
    path = tmp_path / "api.yaml"
    path.write_text(text)
    cost = architecture_cost(load_any(path, kb), kb)
    got = {c["id"]: c["usd"] for c in cost["components"]}
    hand = api_backend_by_hand(2_000_000, 0.1, 10)
    quarter = api_backend_by_hand(500_000, 0.1, 10)
    assert got["create-order"] == pytest.approx(hand["create-order"], abs=1e-4)
    assert got["get-order"] == pytest.approx(quarter["get-order"], abs=1e-4)
    # the table is read by get-order's 500k requests, written by create-order's 2M
    assert got["orders"] == pytest.approx(2 * DDB_WRU_PER_M + 0.5 * DDB_RRU_PER_M + 2.5,
                                          abs=1e-4)
    # the command line wins over the spec's top-level values
    cli = architecture_cost(load_any(path, kb), kb, {"requests_per_month": 4_000_000})
    assert {c["id"]: c["usd"] for c in cli["components"]}["api"] == pytest.approx(4.0)


def test_queues_failure_paths_and_missing_inputs(kb, tmp_path):
    from generator.review.cost import architecture_cost
    from generator.spec import load_any

    path = tmp_path / "q.yaml"
    path.write_text("archkb: 1\ncomponents:\n  q: {service: sqs, fifo: true, dead_letter: dlq}\n"
                    "  dlq: {service: sqs}\n  fn: {service: lambda}\n  logs: {service: cloudwatch-logs}\n"
                    "connections:\n  - {from: q, to: fn}\n")
    cost = architecture_cost(load_any(path, kb), kb, {"requests_per_month": 1_000_000})
    by_id = {c["id"]: c for c in cost["components"]}
    assert by_id["q"]["usd"] == pytest.approx(3 * 0.50)  # 3 FIFO requests per message
    assert by_id["dlq"]["usd"] == 0
    assert by_id["fn"]["usd"] is None and by_id["fn"]["missing"] == ["duration_s"]
    assert by_id["logs"]["note"] == "the KB has no prices for this service"
    assert cost["total_usd"] == pytest.approx(1.5)
    from generator.review.report import total_label

    assert total_label(cost) == "Total (estimated; 2 components not priced)"


def test_spec_workload_errors_are_located(invoke, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("archkb: 1\ncomponents: {fn: {service: lambda}}\n"
                    "workload:\n  requests_per_month: lots\n")
    result = invoke("review", path, "--json")  # under --json the error is JSON on stdout
    error = json.loads(result.stdout)["error"]
    assert result.exit_code == 2 and (error["file"], error["line"], error["column"]) == (
        str(path), 4, 23)
    result = invoke("review", path)
    assert result.exit_code == 2 and f"{path}:4:23:" in result.stderr
    path.write_text("archkb: 1\ncomponents: {fn: {service: lambda}}\n"
                    "workload:\n  components: {nope: {duration: 1s}}\n")
    result = invoke("lint", path)
    assert result.exit_code == 2 and "unknown component 'nope'" in result.stderr
    path.write_text("archkb: 1\ncomponents: {fn: {service: lambda}}\nworkload: {durration: 1s}\n")
    result = invoke("lint", path)
    assert result.exit_code == 2 and "did you mean 'duration'" in result.stderr
    assert invoke("review", API, "--duration", "soon").exit_code == 2


def test_review_json(invoke):
    result = invoke("review", API, "--json", "--requests-per-month", "2M", "--duration", "100ms",
                    "--storage-gb", "10")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"spec", "findings", "advice", "cost", "sources"}
    assert data["cost"]["total_usd"] == pytest.approx(sum(api_backend_by_hand(2e6, 0.1, 10).values()),
                                                      abs=1e-3)
    assert [a["id"] for a in data["advice"]] == ["create-order", "get-order"]
    cited = {line["source"] for c in data["cost"]["components"] for line in c["lines"]}
    assert cited <= set(data["sources"])


@needs_dot
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_review_page_of_each_example(invoke, tmp_path, example, kb):
    from generator.lint import lint_spec
    from generator.spec import load_any

    out = tmp_path / "review.html"
    result = invoke("review", example, "-o", out, "--requests-per-month", "1M",
                    "--duration", "200ms", "--storage-gb", "5")
    assert result.exit_code == 0, result.stderr
    page = out.read_text()
    findings = lint_spec(load_any(example, kb), kb)
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 1
    assert len(re.findall(r'<tr id="finding-\d+">', page)) == len(findings)
    for n in range(1, len(findings) + 1):  # each badge links to its row
        assert f'xlink:href="#finding-{n}"' in page
    # self-contained: no script, no external style, image or font; links only to sources
    assert not re.search(r"<script|<link|<iframe|@import|url\(", page)
    assert not re.search(r'\b(src|xlink:href)="(?!#|data:)', page)
    assert "<h2>Monthly cost</h2>" in page and "Total (estimated" in page
    assert re.search(r'<li id="source-1"><a href="https://', page) or \
        '<li id="source-1">' in page


def test_review_markdown(invoke, tmp_path):
    result = invoke("review", API, "--format", "markdown", "-o", "-",
                    "--requests-per-month", "2M", "--duration", "100ms", "--storage-gb", "10")
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    block = re.findall(r"^```mermaid\n(.*?)^```$", md, re.S | re.M)
    assert len(block) == 1
    check_mermaid(block[0])
    total = round(sum(api_backend_by_hand(2e6, 0.1, 10).values()), 2)
    assert f"| **Total (estimated)** | | | | **${total:,.2f}** |" in md
    assert "## Sources" in md and "(https://aws.amazon.com/lambda/pricing/)" in md


def test_default_output_path(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("review", API, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.strip() == str(Path("output") / "api-backend-review.md")
    assert (tmp_path / "output" / "api-backend-review.md").read_text().startswith("# Design review")


def test_without_graphviz_the_page_is_written_then_exit_3(invoke, tmp_path, monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot"
                        else real(name, *a, **k))
    out = tmp_path / "page.html"
    result = invoke("review", API, "-o", out)
    assert result.exit_code == 3 and "Graphviz" in result.stderr
    page = out.read_text()
    assert "No diagram: Graphviz is not installed" in page and "<h2>Findings</h2>" in page



def test_a_components_own_workload_is_costed_too(kb, tmp_path):
    """The run time a component states for ``recommend --spec`` (its own ``workload:``) is the
    one the review costs; the spec's ``workload.components`` still overrides it."""
    from generator.review.cost import architecture_cost
    from generator.spec import load_any

    text = API.read_text().replace("  get-order:\n    service: lambda\n",
                                   "  get-order:\n    service: lambda\n    workload: {duration: 1s}\n")
    assert "duration: 1s" in text
    path = tmp_path / "api.yaml"
    path.write_text(text + "workload:\n  requests_per_month: 2M\n  duration: 100ms\n"
                           "  storage_gb: 10\n")
    got = {c["id"]: c["usd"] for c in architecture_cost(load_any(path, kb), kb)["components"]}
    assert got["get-order"] == pytest.approx(api_backend_by_hand(2_000_000, 1.0, 10)["get-order"],
                                             abs=1e-4)
    assert got["create-order"] == pytest.approx(
        api_backend_by_hand(2_000_000, 0.1, 10)["create-order"], abs=1e-4)
    path.write_text(path.read_text() + "  components:\n    get-order: {duration: 100ms}\n")
    got = {c["id"]: c["usd"] for c in architecture_cost(load_any(path, kb), kb)["components"]}
    assert got["get-order"] == pytest.approx(api_backend_by_hand(2_000_000, 0.1, 10)["get-order"],
                                             abs=1e-4)
