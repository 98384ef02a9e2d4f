"""``archkb recommend`` through click: JSON shape, the human table, files, flags and exit codes."""
import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "recommend"


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_shape(invoke):
    data = as_json(invoke("recommend", "--duration", "40m", "--traffic", "infrequent", "--json"))
    assert set(data) >= {"workload", "recommendations"}
    assert data["workload"]["duration"] == "40m" and data["workload"]["traffic"] == "infrequent"
    for rec in data["recommendations"]:
        assert set(rec) >= {"id", "name", "verdict", "score", "reasons"}
        for reason in rec["reasons"]:
            assert set(reason) >= {"text", "source"}
            assert reason["source"] in data["sources"]
    assert {r["id"]: r["verdict"] for r in data["recommendations"]}["lambda"] == "unfit"


def test_human_table(invoke):
    result = invoke("recommend", "--duration", "200ms", "--traffic", "spiky", "--memory", "512",
                    "--requests-per-month", "3M")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Workload: duration 200ms, traffic spiky" in out
    assert "OPTION" in out and "VERDICT" in out and "TOP REASONS" in out
    first_row = next(line for line in out.splitlines() if line.startswith("1 "))
    assert "AWS Lambda" in first_row and "fit" in first_row
    assert "Monthly Lambda cost" in out and "x86_64" in out and "arm64" in out
    assert "free tier" in out and "Sources:" in out and "https://aws.amazon.com/lambda/pricing/" in out


def test_human_output_says_what_the_cost_needs(invoke):
    out = invoke("recommend", "--duration", "2s").output
    assert "No cost estimate: give --requests-per-month, --memory." in out


def test_provisioned_concurrency_cost_in_the_human_view(invoke):
    out = invoke("recommend", "--duration", "100ms", "--latency-sensitive", "--memory", "1024",
                 "--provisioned-concurrency", "10").output
    assert "Provisioned concurrency (x86_64, no free tier)" in out
    assert "10 environment(s) (given) x 1024 MB for 730 h: $109.50 configured" in out


def test_workload_file_and_flag_override(invoke):
    data = as_json(invoke("recommend", "-w", FIXTURES / "long-batch-job.yaml", "--json"))
    assert data["workload"]["memory_mb"] == 4096
    assert data["recommendations"][0]["id"] in ("batch", "fargate")
    data = as_json(invoke("recommend", "-w", FIXTURES / "long-batch-job.yaml", "--duration", "5m",
                          "--json"))
    assert data["workload"]["duration"] == "5m" and data["workload"]["traffic"] == "infrequent"
    assert data["recommendations"][0]["id"] == "lambda"


def test_bad_flag_value_exits_2_with_the_flag_named(invoke):
    result = invoke("recommend", "--duration", "forty minutes")
    assert result.exit_code == 2
    assert "--duration: invalid duration 'forty minutes'" in result.stderr
    assert "Traceback" not in result.output
    assert invoke("recommend", "--requests-per-month", "lots").exit_code == 2
    assert invoke("recommend", "--traffic", "wild").exit_code == 2


def test_bad_workload_file_exits_2_at_file_line_column(invoke):
    path = FIXTURES / "bad-unknown-key.yaml"
    result = invoke("recommend", "-w", path)
    assert result.exit_code == 2
    assert f"{path}:2:1: unknown workload field 'trafic'" in result.stderr
    missing = invoke("recommend", "-w", FIXTURES / "no-such-file.yaml")
    assert missing.exit_code == 2 and "cannot read file" in missing.stderr


def test_json_mode_prints_only_json(invoke):
    result = invoke("recommend", "--duration", "1s", "--memory", "256", "--requests-per-month",
                    "1M", "--json")
    json.loads(result.stdout)


def test_kb_overlay_flag_changes_the_answer(invoke):
    plain = as_json(invoke("recommend", "--duration", "40m", "--json"))
    longer = as_json(invoke("recommend", "--duration", "40m", "--kb",
                            FIXTURES / "kb-longer-timeout", "--json"))
    verdict = lambda d: {r["id"]: r["verdict"] for r in d["recommendations"]}["lambda"]  # noqa: E731
    assert verdict(plain) == "unfit" and verdict(longer) != "unfit"


def test_spec_advice(invoke):
    spec = FIXTURES / "orders-spec.yaml"
    data = as_json(invoke("recommend", "--spec", spec, "--json"))
    assert [c["id"] for c in data["components"]] == ["orders", "lookup", "report", "worker"]
    out = invoke("recommend", "--spec", spec).output
    assert f"orders (Create order) {spec}:5:3" in out
    assert "Latency matters here" in out and "Best options:" in out and "a month)" in out
    assert "Sources:" in out


def test_spec_errors_exit_2(invoke, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda, memroy: 512}\n",
                   encoding="utf-8")
    result = invoke("recommend", "--spec", bad)
    assert result.exit_code == 2 and str(bad) in result.stderr
