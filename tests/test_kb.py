"""The knowledge base: integrity, strict validation with file:line, overlays and the cache."""
import os
import textwrap
import time
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.kb import load_kb
from generator.kb.check import check_diagrams
from generator.kb.loader import KBInvalid
from generator.kb.paths import builtin_kb_dir, kb_files

KB_DIR = builtin_kb_dir()


def test_kb_check_is_clean(invoke):
    result = invoke("kb", "check")
    assert result.exit_code == 0, result.output
    assert "KB OK" in result.output


def test_diagrams_classes_exist(kb):
    assert check_diagrams(kb) == []


def test_every_file_id_matches_its_name(kb):
    for path in kb_files(KB_DIR):
        if path.parent != KB_DIR:
            assert path.stem in kb.nodes, path


def test_every_fact_has_a_known_source(kb):
    from generator.kb.loader import _walk_sources

    for node_id, node in kb.nodes.items():
        cited = list(_walk_sources(node))
        assert cited, node_id
        assert all(s in kb.sources for _, s in cited), node_id
        for group in ("facts", "limits", "relations", "prices"):
            for item in node.get(group, []):
                assert item.get("source"), (node_id, group, item)


def test_services_name_diagrams_class_and_cfn_types(kb):
    for node_id in kb.by_kind("service", "database"):
        node = kb.nodes[node_id]
        assert node["diagrams"].startswith("diagrams."), node_id


def test_aws_sources_are_dated_urls(kb):
    for sid, src in kb.sources.items():
        if src["kind"] != "article":
            assert src["url"].startswith("https://") and src["as_of"], sid


def test_article_corrections_cite_both_sources(kb):
    corrections = [c for n in kb.nodes.values() for c in n.get("corrections", [])]
    assert len(corrections) >= 8
    for c in corrections:
        assert kb.sources[c["article_source"]]["kind"] == "article"
        assert kb.sources[c["source"]]["kind"] != "article"


def test_triggers_edges_have_mode_and_via(kb):
    for u, v, d in kb.relations(type="triggers"):
        assert d["mode"] in ("sync", "async", "poll") and d["via"], (u, v)


def overlay(tmp_path: Path, files: dict) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def kb_errors(tmp_path, files):
    with pytest.raises(KBInvalid) as info:
        load_kb([overlay(tmp_path, files)], use_cache=False)
    return info.value.errors


NODE = """\
id: my-queue
kind: service
name: My Queue
category: messaging
summary: A queue.
source: article
diagrams: diagrams.aws.integration.SimpleQueueServiceSqs
"""


def test_unknown_key_is_located(tmp_path):
    errors = kb_errors(tmp_path, {"services/my-queue.yaml": NODE + "colour: red\n"})
    assert [(Path(e.file).name, e.line, e.column) for e in errors] == [("my-queue.yaml", 8, 1)]
    assert "unknown key 'colour'" in errors[0].message


def test_wrong_enum_and_missing_mode_are_located(tmp_path):
    text = NODE.replace("category: messaging", "category: messagin") + textwrap.dedent("""\
        relations:
          - {type: triggers, to: lambda, source: article}
        """)
    errors = kb_errors(tmp_path, {"services/my-queue.yaml": text})
    lines = sorted((e.line, e.message.split(":")[0]) for e in errors)
    assert lines == [(4, "category"), (9, "relations.0"), (9, "relations.0")]


def test_dangling_relation_and_source(tmp_path):
    text = NODE + "relations:\n  - {type: triggers, to: lambada, mode: poll, via: pipe, source: nope}\n"
    errors = kb_errors(tmp_path, {"services/my-queue.yaml": text})
    messages = sorted(e.message for e in errors)
    assert any("unknown node 'lambada'" in m and "lambda" in m for m in messages)
    assert any("unknown source 'nope'" in m for m in messages)
    assert all(e.line == 9 for e in errors)


def test_id_must_equal_file_name(tmp_path):
    errors = kb_errors(tmp_path, {"services/other.yaml": NODE})
    assert "must equal the file name" in errors[0].message and errors[0].line == 1


def test_duplicate_alias_across_nodes(tmp_path):
    errors = kb_errors(tmp_path, {"services/my-queue.yaml": NODE + "aliases: [sqs queue]\n"})
    assert "also names 'sqs'" in errors[0].message


def test_duplicate_yaml_key_in_kb_file(tmp_path):
    errors = kb_errors(tmp_path, {"services/my-queue.yaml": NODE + "name: Again\n"})
    assert "duplicate key 'name'" in errors[0].message and errors[0].line == 8


def test_overlay_adds_node_and_relation(tmp_path):
    text = NODE + "relations:\n  - {type: triggers, to: lambda, mode: poll, via: event-source-mapping, source: article}\n"
    kb = load_kb([overlay(tmp_path, {"services/my-queue.yaml": text})], use_cache=False)
    from generator.graph.queries import triggers

    ids = [r["id"] for r in triggers(kb, "lambda")["results"]]
    assert "my-queue" in ids
    assert kb.resolve("my queue") == "my-queue"


def test_overlay_extends_and_overrides(tmp_path):
    ext = """\
    id: lambda
    kind: service
    extend: true
    name: AWS Lambda
    summary: Overridden summary.
    source: article
    limits:
      - {id: timeout-max, name: Maximum function timeout, value: 1800, unit: s, source: article}
    """
    kb = load_kb([overlay(tmp_path, {"services/lambda.yaml": ext})], use_cache=False)
    assert kb.limit_value("lambda", "timeout-max") == 1800
    assert kb.nodes["lambda"]["summary"] == "Overridden summary."
    assert kb.settings("lambda")["memory"]["max"] == 10240  # kept from the built-in node


def test_env_var_overlay(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKB_KB_PATH", str(overlay(tmp_path, {"services/my-queue.yaml": NODE})))
    assert load_kb(use_cache=False).resolve("my-queue") == "my-queue"


def test_missing_overlay_dir_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="KB directory not found"):
        load_kb([tmp_path / "nope"])


def test_cache_is_invalidated_when_a_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKB_CACHE_DIR", str(tmp_path / "cache"))
    d = overlay(tmp_path / "kb", {"services/my-queue.yaml": NODE})
    assert load_kb([d]).nodes["my-queue"]["summary"] == "A queue."
    assert list((tmp_path / "cache").glob("kb-*.json"))
    path = d / "services/my-queue.yaml"
    path.write_text(NODE.replace("A queue.", "A changed queue."), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert load_kb([d]).nodes["my-queue"]["summary"] == "A changed queue."
