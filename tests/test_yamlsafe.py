"""The safe YAML loader every input goes through."""
import pytest
from hypothesis import given, settings, strategies as st

from generator.errors import InputError
from generator.yamlsafe import decode, load


def err(text):
    with pytest.raises(InputError) as info:
        load(text, "f.yaml")
    return info.value


def test_duplicate_keys_are_errors_with_location():
    e = err("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (e.line, e.column) == (4, 3)
    assert "duplicate key 'c'" in e.message and "line 3" in e.message


def test_python_tags_never_build_objects():
    e = err("x: !!python/object/apply:os.system ['echo hi']\n")
    assert "not allowed" in e.message and e.line == 1


def test_unknown_local_tag_is_an_error_unless_mapped():
    assert "unknown tag '!Ref'" in err("a: !Ref X\n").message
    doc = load("a: !Ref X\n", "t", tags={"!Ref": lambda tag, v: {"Ref": v}})
    assert doc.data == {"a": {"Ref": "X"}}


def test_dates_stay_strings():
    assert load("v: 2010-09-09\nt: 2001-12-14t21:59:43.10-05:00\n").data == {
        "v": "2010-09-09", "t": "2001-12-14t21:59:43.10-05:00"}


def test_alias_bomb_fails_fast():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    e = err("\n".join(lines))
    assert "YAML bomb" in e.message


def test_deep_nesting_fails_cleanly():
    assert "nesting" in err("[" * 20000 + "]" * 20000).message
    assert "nesting deeper than" in err("[" * 150 + "]" * 150).message


def test_recursive_alias():
    assert "recursive" in err("&a [*a]").message


def test_merge_keys_and_positions():
    doc = load("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "f")
    assert doc.data["c"] == {"x": 1, "y": 2}
    assert doc.where(("c", "y")) == "f:4:6"
    assert doc.where(("c", "y"), key=True) == "f:4:3"


def test_syntax_error_located():
    e = err("a: [1,\nb: 2\n")
    assert e.file == "f.yaml" and e.line is not None


def test_bad_utf8_located():
    with pytest.raises(InputError) as info:
        decode(b"a: 1\nb: \xc3\x28\n", "f")
    assert (info.value.line, info.value.column) == (2, 4)


def test_multiple_documents_rejected():
    assert "single document" in err("a: 1\n---\nb: 2\n").message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_cleanly(text):
    try:
        load(text, "f")
    except InputError as e:
        assert str(e).startswith("f")


def test_control_characters_and_nul_are_located():
    e = err("a: 1\nb: x\x07y\n")
    assert (e.line, e.column) == (2, 5) and "U+0007" in e.message
    with pytest.raises(InputError) as info:
        decode(b"a: 1\nbb: \x00", "f")
    assert (info.value.line, info.value.column) == (2, 5) and "U+0000" in info.value.message


def test_duplicates_last_wins_is_reported_not_silent():
    doc = load("a: 1\nb: 2\na: 3\n", "f", duplicates="last")
    assert doc.data == {"a": 3, "b": 2}
    assert [(w.line, w.column) for w in doc.warnings] == [(3, 1)]
