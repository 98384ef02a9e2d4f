"""Duplicate YAML keys: an error by default everywhere (never silent data loss); with
``--allow-duplicate-keys`` (``allow_duplicate_keys=True``) a template keeps the last value, as
CloudFormation does, and each duplicate is a located warning."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.yamlsafe import DuplicateKeyError, load, read

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "duplicate_keys"
WORKER = FIXTURES / "worker.yaml"  # Timeout at 15:7, again at 17:7
SPEC = FIXTURES / "spec.yaml"  # component fn at 4:3, again at 5:3
HINT = "use --allow-duplicate-keys to import it keeping the last value, as CloudFormation does"
ERROR = f"{WORKER}:17:7: duplicate key 'Timeout' (first defined at line 15); {HINT}"
WARNING = f"{WORKER}:17:7: warning: duplicate key 'Timeout' (first defined at line 15); " \
          "the last value is kept"


# -- yamlsafe --------------------------------------------------------------------------------
def test_load_raises_by_default_and_keeps_the_last_value_on_request():
    text = "a:\n  b: 1\n  c: {x: 1}\n  b: 2\n  c: {y: 2}\n"
    with pytest.raises(DuplicateKeyError) as info:
        load(text, "f.yaml")
    assert (info.value.line, info.value.column, info.value.key, info.value.first_line) == \
        (4, 3, "b", 2)
    assert load("a: 1\n", "f.yaml").warnings == []

    doc = load(text, "f.yaml", duplicates="last")
    assert doc.data == {"a": {"b": 2, "c": {"y": 2}}}
    assert [(w.line, w.column, w.key, w.first_line) for w in doc.warnings] == \
        [(4, 3, "b", 2), (5, 3, "c", 3)]
    assert all(isinstance(w, InputError) and w.file == "f.yaml" for w in doc.warnings)
    # the replaced values' marks are dropped: positions are those of the values kept
    assert doc.where(("a", "b")) == "f.yaml:4:6" and doc.where(("a", "b"), key=True) == "f.yaml:4:3"
    assert doc.mark(("a", "c", "x")) == (5, 6)  # x is gone: its nearest parent, the new c
    assert doc.mark(("a", "c", "y")) == (5, 10)


def test_a_third_definition_still_names_the_first():
    doc = load("k: 1\nk: 2\nk: 3\n", "f.yaml", duplicates="last")
    assert doc.data == {"k": 3}
    assert [(w.line, w.first_line) for w in doc.warnings] == [(2, 1), (3, 1)]


def test_read_passes_the_option_through_and_bad_values_are_refused(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("a: 1\na: 2\n")
    with pytest.raises(DuplicateKeyError):
        read(path)
    doc = read(path, duplicates="last")
    assert doc.data == {"a": 2} and doc.warnings[0].line == 2 and doc.duplicates == "last"
    with pytest.raises(ValueError):
        load("a: 1\n", duplicates="first")


# -- the commands ----------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("import",), ("render", "-f", "dot"), ("lint",),
                                  ("recommend", "--spec")])
def test_a_template_with_a_duplicate_key_exits_2_by_default(invoke, tmp_path, args):
    extra = ("-o", tmp_path) if args[0] == "render" else ()
    result = invoke(*args, WORKER, *extra)
    assert result.exit_code == 2, result.output
    assert ERROR in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not list(tmp_path.iterdir())


def test_import_allowing_duplicates_keeps_the_last_value(invoke):
    result = invoke("import", WORKER, "--allow-duplicate-keys")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [WARNING]
    spec = load(result.stdout, "out.yaml").data
    assert spec["components"]["Worker"]["timeout"] == 60


def test_render_allowing_duplicates_warns_and_draws_the_last_value(invoke, tmp_path):
    result = invoke("render", WORKER, "-f", "dot", "-o", tmp_path, "--allow-duplicate-keys")
    assert result.exit_code == 0, result.stderr
    assert WARNING in result.stderr.splitlines()
    assert result.stdout.strip() == str(tmp_path / "worker.dot")


def test_lint_allowing_duplicates_sees_the_last_value(invoke):
    # the queue's 120 s visibility timeout covers 6 x the first Timeout (10 s), not the last
    result = invoke("lint", WORKER, "--allow-duplicate-keys", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [f["message"] for f in data["findings"] if f["rule"] == "W4002"] == [
        "visibility_timeout of Jobs is 120 s, under 6 x the 60 s timeout of Worker: set it to "
        "at least 360 s so batches being retried are not received twice"]
    assert data["warnings"] == [{"message": "duplicate key 'Timeout' (first defined at line 15);"
                                            " the last value is kept",
                                 "file": str(WORKER), "line": 17, "column": 7}]
    assert WARNING in result.stderr.splitlines()


def test_recommend_spec_allowing_duplicates_advises_on_the_last_value(invoke):
    result = invoke("recommend", "--spec", WORKER, "--allow-duplicate-keys", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [WARNING]
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["components"]] == ["Worker"]


def test_a_spec_with_a_duplicate_key_is_an_error_even_with_the_flag(invoke):
    for flag in ((), ("--allow-duplicate-keys",)):
        result = invoke("lint", SPEC, *flag)
        assert result.exit_code == 2
        assert f"{SPEC}:5:3: duplicate key 'fn' (first defined at line 4)" in result.stderr
        assert "--allow-duplicate-keys" not in result.stderr


def test_recommend_without_a_spec_refuses_the_flag(invoke):
    result = invoke("recommend", "--duration", "1s", "--allow-duplicate-keys")
    assert result.exit_code == 2 and "applies to the template read by --spec" in result.stderr


def test_every_command_that_reads_templates_has_the_flag(invoke):
    for args in (("import",), ("render",), ("lint",), ("recommend",), ("docs", "build")):
        result = invoke(*args, "--help")
        assert "--allow-duplicate-keys" in result.stdout, args


# -- docs ------------------------------------------------------------------------------------
def test_docs_jobs_fail_by_default_and_warn_when_allowed(kb):
    from generator.docs.jobs import set_kb, spec_job

    set_kb(kb)
    text = WORKER.read_text(encoding="utf-8")
    strict = spec_job(text, "worker.yaml", render=False)
    assert not strict["ok"]
    assert (strict["error"]["line"], strict["error"]["column"]) == (17, 7)
    assert HINT in strict["error"]["message"]
    allowed = spec_job(text, "worker.yaml", False, None, True)
    assert allowed["ok"]
    assert [c["settings"].get("timeout") for c in allowed["components"]] == [None, 60]
    assert allowed["warnings"] == [{"message": "duplicate key 'Timeout' (first defined at line "
                                               "15); the last value is kept",
                                    "file": "worker.yaml", "line": 17, "column": 7}]


def test_docs_build_cli_strict_and_allowed(invoke, tmp_path):
    out = tmp_path / "site"
    result = invoke("docs", "build", WORKER, "-o", out, "-q")
    assert result.exit_code == 0
    assert "worker.yaml:17:7: duplicate key 'Timeout'" in result.stderr  # the page fails
    assert invoke("docs", "build", WORKER, "-o", out, "-q", "--strict").exit_code == 2

    result = invoke("docs", "build", WORKER, "-o", out, "-q", "--strict",
                    "--allow-duplicate-keys")
    assert result.exit_code == 0, result.stderr
    assert "worker.yaml:17:7: warning: duplicate key 'Timeout'" in result.stderr
    page = next((out / "specs").glob("worker*.html")).read_text(encoding="utf-8")
    assert "duplicate key" in page and "<svg" in page


def test_mkdocs_plugin_option(tmp_path):
    import os
    import subprocess
    import sys

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(
        "# Worker\n\n```archkb\n" + WORKER.read_text(encoding="utf-8") + "```\n")

    def build(option: str):
        (project / "mkdocs.yml").write_text(f"site_name: t\nplugins:\n  - archkb:{option}\n")
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                               str(project / "mkdocs.yml"), "-d", str(project / "site")],
                              capture_output=True, text=True, cwd=project, timeout=300,
                              env=dict(os.environ, NO_COLOR="1"))

    strict = build("\n      cache: false")
    assert strict.returncode != 0
    assert "index.md:20:7: duplicate key 'Timeout' (first defined at line 18)" in strict.stderr
    assert HINT in strict.stderr
    allowed = build("\n      cache: false\n      allow_duplicate_keys: true")
    assert allowed.returncode == 0, allowed.stderr
    assert "index.md:20:7: warning: duplicate key 'Timeout'" in allowed.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<div class="archkb-diagram"' in html
