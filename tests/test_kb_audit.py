"""``archkb kb audit``: perishable facts by age and source kind, kept in docs/kb-audit.md."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

from generator.kb import load_kb
from generator.kb.audit import audit, audit_markdown, audit_rows, months_between

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "docs" / "kb-audit.md"


def test_committed_audit_is_current(kb):
    assert AUDIT.read_text(encoding="utf-8") == audit_markdown(kb), \
        "docs/kb-audit.md is stale: run .venv/bin/archkb kb audit -o docs/kb-audit.md"


def test_an_item_takes_its_own_date_else_its_sources(kb):
    rows = {(r["node"], r["what"]): r for r in audit_rows(kb)}
    assert rows[("lambda", "limit scaling-rate")]["as_of"] == "2026-12-01"
    own = {lim["id"]: str(lim["as_of"]) for lim in kb.nodes["lambda"]["limits"] if lim.get("as_of")}
    assert rows[("lambda", "limit timeout-default")]["as_of"] == own["timeout-default"]
    assert all(kb.sources[r["source"]]["kind"] != "article" for r in rows.values())
    assert ("lambda", "relation alternative_to fargate") not in rows  # cites the article only


def test_ages_and_kinds_add_up(kb):
    data = audit(kb)
    assert data["review_date"] == max(r["as_of"] for r in audit_rows(kb))
    assert sum(row["aws"] + row["secondary"] for row in data["by_age"]) == data["items"]
    oldest = [e["oldest"] for e in data["sources"]]
    assert oldest == sorted(oldest)


def test_secondary_sources_are_counted_apart(tmp_path):
    (tmp_path / "sources-x.yaml").write_text(textwrap.dedent("""\
        sources:
          some-blog:
            title: Someone's benchmark
            kind: secondary
            url: https://example.com/bench
            as_of: 2024-01-15
        """), encoding="utf-8")
    (tmp_path / "concepts").mkdir()
    (tmp_path / "concepts" / "bench.yaml").write_text(textwrap.dedent("""\
        id: bench
        kind: concept
        name: A benchmark
        summary: Measured cold starts.
        source: some-blog
        """), encoding="utf-8")
    data = audit(load_kb([tmp_path], use_cache=False))
    old = next(row for row in data["by_age"] if row["age"] == "a year or more")
    assert old["secondary"] >= 1
    (entry,) = [e for e in data["sources"] if e["source"] == "some-blog"]
    assert (entry["kind"], entry["items"], entry["months"]) == \
        ("secondary", 1, months_between("2024-01-15", data["review_date"]))


def test_cli_json_and_file(invoke, tmp_path):
    data = json.loads(invoke("kb", "audit", "--json").stdout)
    assert data["items"] > 500 and data["sources"]
    out = tmp_path / "audit.md"
    assert invoke("kb", "audit", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# KB audit")
