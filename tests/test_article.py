"""The KB quotes the article faithfully: every article section it cites is a heading the article
really has, every correction's key figure or term is in that section, and no KB text copies the
article's sentences. Checked against the copy in ``../shared/reference/`` beside this clone."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ARTICLE = (Path(__file__).resolve().parents[1].parent / "shared" / "reference"
           / "article-architecting-with-aws-lambda.txt")
pytestmark = pytest.mark.skipif(not ARTICLE.is_file(),
                                reason=f"the article copy is not beside this clone ({ARTICLE})")
COPIED_WORDS = 10
"""A run of this many words shared with the article is a copied sentence, not a paraphrase."""


@pytest.fixture(scope="module")
def lines():
    return [line.strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def sections(kb, lines):
    """Heading -> the text under it, for every heading the KB cites."""
    headings = {s["section"] for s in kb.sources.values()
                if s["kind"] == "article" and s.get("section")}
    found, current = {}, None
    for line in lines:
        if line in headings:
            current = line
            found[current] = []
        elif current is not None:
            found[current].append(line)
    return {h: " ".join(text) for h, text in found.items()}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_every_cited_section_is_a_heading_of_the_article(kb, lines):
    for source_id, source in sorted(kb.sources.items()):
        if source["kind"] == "article" and source.get("section"):
            assert source["section"] in lines, f"{source_id}: no heading {source['section']!r}"


def test_corrections_cite_a_section_that_makes_the_claim(kb, sections):
    corrections = [(node_id, c) for node_id, node in sorted(kb.nodes.items())
                   for c in node.get("corrections", [])]
    assert len(corrections) >= 8
    for node_id, c in corrections:
        source = kb.sources[c["article_source"]]
        assert source["kind"] == "article" and source.get("section"), (node_id, c["topic"])
        text = sections[source["section"]].lower()
        assert c["article_key"].lower() in text, \
            f"{node_id} / {c['topic']}: {c['article_key']!r} is not in {source['section']!r}"
        assert kb.sources[c["source"]]["kind"] != "article" and c["as_of"]


def test_no_kb_text_copies_the_article(kb):
    words = _words(ARTICLE.read_text(encoding="utf-8"))
    runs = {tuple(words[i:i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)}

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    for node_id, node in sorted(kb.nodes.items()):
        for text in strings(node):
            w = _words(text)
            copied = [" ".join(w[i:i + COPIED_WORDS]) for i in range(len(w) - COPIED_WORDS + 1)
                      if tuple(w[i:i + COPIED_WORDS]) in runs]
            assert not copied, f"{node_id} copies the article: {copied[0]!r}"



ARTICLE_IDEAS = [
    # (node, section source it cites, a term of the article's section, a word of the KB's text)
    ("function-granularity", "article-function-design", "single responsibility", "entity"),
    ("microservices", "article-microservices", "do not need microservices", "do not need"),
    ("event-driven", "article-event-driven", "through an SNS topic", "SNS"),
    ("warming-pings", "article-execution-environments", "periodic executions", "guarantee"),
    ("team-familiarity", "article-when-not-to-use", "familiarity with technologies", "training"),
    ("dependency-management", "article-common-issues", "one artifact per function", "layers"),
    ("asynchronous-invocation", "article-event-driven", "hold a copy of that event", "queue"),
]


@pytest.mark.parametrize("node_id,source_id,article_term,kb_word", ARTICLE_IDEAS,
                         ids=[i[0] for i in ARTICLE_IDEAS])
def test_article_ideas_are_in_the_kb_with_their_section(kb, sections, node_id, source_id,
                                                        article_term, kb_word):
    node = kb.nodes[node_id]
    cited = [f["text"] for f in node.get("facts", []) if f["source"] == source_id]
    if node["source"] == source_id:
        cited.append(node["summary"] + " " + node.get("description", ""))
    assert cited, f"{node_id} cites nothing from {source_id}"
    assert any(kb_word.lower() in text.lower() for text in cited)
    assert article_term.lower() in sections[kb.sources[source_id]["section"]].lower()
