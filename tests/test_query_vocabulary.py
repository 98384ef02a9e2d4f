"""kb/vocabulary.yaml: validated strictly like every KB file, merged from overlays, and read by
the query pipeline (the words are data, not code)."""
from __future__ import annotations

import json

import pytest


def _overlay(tmp_path, text: str):
    (tmp_path / "vocabulary.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_builtin_vocabulary_is_loaded(kb):
    assert {"attributes", "bounds", "modes", "verbs", "cues", "stopwords"} <= set(kb.vocabulary)
    assert "vocabulary" not in kb.nodes  # a data file, not a node


@pytest.mark.parametrize("text,message", [
    ("attributes:\n  duration: [timeout]\n  duration: [how long]\n", "duplicate key"),
    ("colours: [red]\n", "unknown key 'colours'"),
    ("bounds:\n  max: [max, max]\n", "non-unique"),
    ("verbs:\n  - {direction: sideways, words: [poke]}\n", "sideways"),
    ("stopwords: [The]\n", "does not match"),
])
def test_bad_vocabulary_is_a_located_kb_error(invoke, tmp_path, text, message):
    result = invoke("--kb", _overlay(tmp_path, text), "kb", "check")
    assert result.exit_code == 2
    assert "vocabulary.yaml:" in result.output and message in result.output


def test_overlay_vocabulary_adds_words(invoke, tmp_path):
    """A team's own word for a limit: added in an overlay, the question is answered."""
    question = "what is the lambda wallclock ceiling"
    before = json.loads(invoke("query", "lambda wallclock", "--json").stdout)
    assert before["intent"] != "limit"
    overlay = _overlay(tmp_path, "attributes:\n  duration: [wallclock]\n")
    data = json.loads(invoke("--kb", overlay, "query", question, "--json").stdout)
    assert data["intent"] == "limit" and data["facts"][0]["value"] == 900


def test_limit_terms_are_matched(invoke, tmp_path):
    """`terms` on a limit (here added by an overlay) make a phrasing find it."""
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "sqs.yaml").write_text(
        "id: sqs\nextend: true\nlimits:\n"
        "  - {id: retention-max, name: Maximum message retention, value: 14, unit: days,"
        " terms: [shelf life], source: sqs-set-queue-attributes}\n", encoding="utf-8")
    data = json.loads(invoke("--kb", tmp_path, "query", "sqs shelf life", "--json").stdout)
    assert data["intent"] == "limit" and data["facts"][0]["id"] == "retention-max"
