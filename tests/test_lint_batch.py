"""Batches (issue 13): many files and folders; a file that fails to load is reported at its
file:line:col and the others are still linted and rendered; the exit code is the worst."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "lint" / "design-example.yaml"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "specs" / "nested").mkdir(parents=True)
    (tmp_path / "specs" / "typo.yaml").write_text(
        "archkb: 1\ncomponents:\n  fn: {service: lambda, memroy: 3}\n", encoding="utf-8")
    (tmp_path / "specs" / "nested" / "good.yaml").write_bytes(GOOD.read_bytes())
    (tmp_path / "specs" / "notes.yaml").write_text("title: not a spec\n", encoding="utf-8")
    for skipped in (".aws-sam/build", "cdk.out", "node_modules/pkg"):
        (tmp_path / "specs" / skipped).mkdir(parents=True)
        (tmp_path / "specs" / skipped / "copy.yaml").write_bytes(GOOD.read_bytes())
    return tmp_path / "specs"


def test_a_broken_file_does_not_hide_the_others(invoke, folder):
    result = invoke("lint", folder / "typo.yaml", folder / "nested" / "good.yaml")
    assert result.exit_code == 2
    assert f"{folder / 'typo.yaml'}:3:25: unknown setting 'memroy'" in result.stderr
    assert "good.yaml" in result.stdout and "W4001" in result.stdout
    assert "1 spec(s), 1 failed to load" in result.stderr


def test_exit_code_is_the_worst_over_all_files(invoke, folder):
    good = folder / "nested" / "good.yaml"
    assert invoke("lint", good).exit_code == 0
    assert invoke("lint", good, "--fail-on", "warning").exit_code == 1
    assert invoke("lint", good, folder / "typo.yaml", "--fail-on", "warning").exit_code == 2


def test_folders_are_searched_recursively_skipping_build_output(invoke, folder):
    from generator.spec.batch import expand_paths

    assert [p.relative_to(folder).as_posix() for p in expand_paths([folder])] == [
        "typo.yaml", "nested/good.yaml"]
    data = json.loads(invoke("lint", folder, "--json").stdout)
    files = {f["location"]["file"] for f in data["findings"]}
    assert files == {str(folder / "nested" / "good.yaml")}
    assert [e["line"] for e in data["errors"]] == [3]


def test_sarif_covers_every_file_and_the_load_failures(invoke, folder):
    from test_lint_output import sarif_validator

    data = json.loads(invoke("lint", folder, "--format", "sarif").stdout)
    assert not list(sarif_validator().iter_errors(data))
    run = data["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}
    assert len(uris) == 1 and uris.pop().endswith("nested/good.yaml")
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 3,
                                                                   "startColumn": 25}


def test_render_draws_the_good_files_of_a_batch(invoke, folder, tmp_path):
    out = tmp_path / "out"
    result = invoke("render", folder, "-f", "dot", "-o", out, "--no-lint")
    assert result.exit_code == 2
    assert "typo.yaml:3:25" in result.stderr
    assert [p.name for p in out.iterdir()] == ["good.dot"]


def test_a_folder_without_specs_is_an_error(invoke, tmp_path):
    (tmp_path / "empty" / "node_modules").mkdir(parents=True)
    (tmp_path / "empty" / "node_modules" / "t.yaml").write_bytes(GOOD.read_bytes())
    result = invoke("lint", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no archkb spec, template, Terraform module or plan found" in result.stderr
