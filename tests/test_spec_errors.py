"""Every spec loading error names its file:line:column.

Each file in tests/fixtures/spec/bad/ starts with ``# expect: LINE:COLUMN: TEXT``: loading it
must raise an InputError at that line and column whose message contains TEXT.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.spec import load_any, load_spec, spec_from_document
from generator.yamlsafe import load

BAD = Path(__file__).parent / "fixtures" / "spec" / "bad"
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.+)$")


def expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0]
    match = EXPECT.match(first)
    assert match, f"{path.name} must start with '# expect: LINE:COL: TEXT'"
    return int(match.group(1)), int(match.group(2)), match.group(3).decode()


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_spec_error_location(path, kb):
    line, column, text = expectation(path)
    with pytest.raises(InputError) as info:
        load_spec(path, kb)
    err = info.value
    assert (err.file, err.line, err.column) == (str(path), line, column), str(err)
    assert text in err.message
    assert str(err).startswith(f"{path}:{line}:{column}: ")


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_load_any_reports_the_same_error(path, kb):
    line, column, _ = expectation(path)
    with pytest.raises(InputError) as info:
        load_any(path, kb)
    assert (info.value.line, info.value.column) == (line, column)


def test_every_error_kind_of_the_issue_has_a_fixture():
    names = {p.stem for p in BAD.glob("*.yaml")}
    required = {"yaml-syntax", "duplicate-key", "unknown-top-key", "unknown-setting",
                "wrong-type-integer", "unknown-service", "dangling-from", "dangling-to",
                "group-cycle", "unsupported-version", "empty", "not-mapping", "undecodable",
                "bomb"}
    assert required <= names, required - names


@pytest.mark.parametrize("text", [
    "[" * 20000 + "]" * 20000,
    "- " * 20000 + "x",
    "{a: " * 20000 + "1" + "}" * 20000,
    "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 3000)),
], ids=["flow-lists", "block-lists", "flow-maps", "block-maps"])
def test_deep_nesting_fails_fast_and_located(text, kb, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        load_spec(path, kb)
    assert time.perf_counter() - start < 5
    assert info.value.line is not None and info.value.column is not None
    assert "nesting" in info.value.message


def test_bomb_fails_fast(kb):
    start = time.perf_counter()
    with pytest.raises(InputError, match="YAML bomb"):
        load_spec(BAD / "bomb.yaml", kb)
    assert time.perf_counter() - start < 5


def test_missing_file_is_an_input_error(kb, tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        load_spec(tmp_path / "nope.yaml", kb)


def test_unknown_service_without_close_match_points_to_kb(kb):
    doc = load("archkb: 1\ncomponents:\n  x: {service: qqqqqqqqqq}\n", "s.yaml")
    with pytest.raises(InputError, match="unknown service 'qqqqqqqqqq'") as info:
        spec_from_document(doc, kb)
    assert (info.value.line, info.value.column) == (3, 16)


def test_group_nesting_is_bounded(kb):
    from generator.spec.fields import MAX_GROUP_DEPTH

    groups = "".join(f"  g{i}: {{parent: g{i - 1}}}\n" if i else "  g0: {}\n"
                     for i in range(MAX_GROUP_DEPTH + 2))
    doc = load(f"archkb: 1\ngroups:\n{groups}components:\n  fn: {{service: lambda}}\n", "s.yaml")
    with pytest.raises(InputError, match="nest deeper") as info:
        spec_from_document(doc, kb)
    assert info.value.line == 3 + MAX_GROUP_DEPTH
