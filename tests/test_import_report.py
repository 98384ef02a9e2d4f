"""docs/corpus-report.md stays in step with the importer, the lint rules and the KB."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.corpus_report import REPORT, build_report

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not (CORPUS / "serverless-patterns").is_dir(),
                                reason=f"the shared corpus is not beside this clone ({CORPUS})")


@pytest.fixture(scope="module")
def report(kb):
    return build_report(CORPUS, kb)


def test_the_report_in_the_docs_is_up_to_date(report):
    assert REPORT.is_file(), "run: python bench/corpus_report.py"
    assert REPORT.read_text(encoding="utf-8") == report, (
        "docs/corpus-report.md is out of date; regenerate it with "
        "`python bench/corpus_report.py`, then re-read the reviews of the rules "
        "whose numbers moved")


def test_every_rule_that_fires_on_the_corpus_has_a_review(report):
    assert "not reviewed yet" not in report


def test_examples_point_at_real_lines_of_real_templates(report):
    examples = re.findall(r"^- `([^`:]+):(\d+)`: ", report, re.MULTILINE)
    assert len(examples) > 20
    for rel, line in examples:
        path = CORPUS / "serverless-patterns" / rel
        assert path.is_file(), rel
        assert 1 <= int(line) <= len(path.read_text(encoding="utf-8").splitlines()), (rel, line)
    assert "## Templates rejected" in report and "invalid YAML" in report
