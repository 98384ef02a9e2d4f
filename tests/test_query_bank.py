"""The question bank (tests/data/question_bank.yaml) through `archkb query`: each question gets
the facts its answer must contain, never exit 2, and no internal ids in the prose."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.yamlsafe import read

BANK = read(Path(__file__).parent / "data" / "question_bank.yaml").data
FAMILIES = range(1, 8)


def _prose(data: dict) -> str:
    return "\n".join([data["answer"], *(p["text"] for p in data["points"]), data.get("hint", "")])


def internal_ids(kb, text: str) -> list[str]:
    """Hyphenated KB node or limit ids that leaked into prose (plain words such as "lambda" are
    names as well as ids, so they cannot be told apart and are not checked)."""
    hyphenated = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
    limit_ids = {i["id"] for n in kb.nodes.values() for i in n.get("limits", [])}
    # hyphenated words of names and aliases ("cold-start", "on-demand") are ordinary words too
    ordinary = {w for n in kb.nodes.values() for x in [n["name"], *n.get("aliases", [])]
                for w in hyphenated.findall(x.lower())}
    words = set(hyphenated.findall(text))
    return sorted(w for w in words if (w in kb.nodes or w in limit_ids) and w not in ordinary)


def test_bank_is_big_and_covers_every_family():
    assert len(BANK) >= 150
    assert {q["family"] for q in BANK} == set(FAMILIES)
    assert len({q["q"] for q in BANK}) == len(BANK), "duplicate questions"


@pytest.mark.parametrize("case", BANK, ids=[c["q"] for c in BANK])
def test_bank_question(invoke, kb, case):
    result = invoke("query", case["q"], "--json")
    assert result.exit_code == 0, (case["q"], result.output)
    data = json.loads(result.stdout)
    assert {"query", "intent", "answer", "results", "facts", "sources"} <= set(data)
    assert data["intent"] in case["intent"], (case["q"], data["intent"], data["answer"])
    first, prose = data["answer"].lower(), _prose(data).lower()
    assert internal_ids(kb, _prose(data)) == [], case["q"]
    for text in case.get("answer", []):
        assert text.lower() in first, (case["q"], text, data["answer"])
    for text in case.get("has", []):
        assert text.lower() in prose, (case["q"], text, _prose(data))
    got = {f"{f['node']}:{f['id']}" for f in data["facts"]}
    for fact in case.get("facts", []):
        assert fact in got, (case["q"], fact, got)
    for f in data["facts"]:
        assert {"id", "name", "value", "unit", "source"} <= set(f) and f["source"] in kb.sources
    cited = {s["id"] for s in data["sources"]}
    assert all(set(p["sources"]) <= cited for p in data["points"])


@pytest.mark.parametrize("question", ["sing me a song", "what is the airspeed of an unladen swallow",
                                      "xyzzy plugh", "how tall is mount everest"])
def test_unanswerable_exits_1_with_runnable_suggestions(invoke, question):
    result = invoke("query", question)
    assert result.exit_code == 1
    data = json.loads(invoke("query", question, "--json").stdout)
    assert data["intent"] == "unanswered" and len(data["suggestions"]) >= 3
    for command in data["suggestions"]:
        assert command.startswith(("archkb query '", "archkb explain "))
        assert command in result.stdout


def test_suggested_commands_answer(invoke):
    """The suggestions are runnable: each one answers (exit 0)."""
    import shlex

    data = json.loads(invoke("query", "sing me a song", "--json").stdout)
    for command in data["suggestions"]:
        args = shlex.split(command)[1:]
        assert invoke(*args).exit_code == 0, command


def test_human_answer_first_then_numbered_sources(invoke):
    text = invoke("query", "max lambda timeout").stdout
    lines = text.splitlines()
    assert "900 s" in lines[0]
    assert "[1]" in text and "Sources:" in text and "https://docs.aws.amazon.com" in text


def test_typos_are_reported(invoke):
    data = json.loads(invoke("query", "lamda max timout", "--json").stdout)
    assert data["understood"] == "lambda max timeout"


def test_asking_page_is_current():
    """docs/asking.md is generated from real answers; regenerate it when they change."""
    from generator.docs.asking import asking_markdown

    committed = (Path(__file__).resolve().parents[1] / "docs" / "asking.md").read_text(encoding="utf-8")
    assert committed == asking_markdown(), \
        "docs/asking.md is stale: run `python -m generator.docs.asking docs/asking.md`"
