"""Workload input: durations, sizes, counts, choices, and YAML files with located errors."""
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from generator.errors import InputError
from generator.graph.workload import (Workload, format_duration, from_values, load_workload,
                                      parse_count, parse_duration, parse_memory)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "recommend"


@pytest.mark.parametrize("text, seconds", [
    ("200ms", 0.2), ("2s", 2), ("40m", 2400), ("1h", 3600), ("1h30m", 5400), ("1.5h", 5400),
    ("90", 90), (90, 90), (0.5, 0.5), ("15 min", 900), ("2 hours", 7200), ("1d", 86400),
    (" 3S ", 3),
])
def test_durations(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("bad", ["soon", "", "-5s", "0", "0s", "5 parsecs", "1h and 2m", True,
                                 None, [], "nan", "1e400"])
def test_bad_durations_are_input_errors(bad):
    with pytest.raises(InputError, match="invalid duration"):
        parse_duration(bad)


@given(st.integers(min_value=1, max_value=10**7))
def test_format_and_parse_round_trip(seconds):
    assert parse_duration(format_duration(seconds)) == pytest.approx(seconds, rel=1e-2)


@pytest.mark.parametrize("text, mb", [(512, 512), ("512", 512), ("512MB", 512), ("2GB", 2048),
                                      ("1.5 GB", 1536), ("10240 mb", 10240)])
def test_memory(text, mb):
    assert parse_memory(text) == mb


@pytest.mark.parametrize("bad", ["lots", "0", -1, "1.5MB", "2TB", True])
def test_bad_memory(bad):
    with pytest.raises(InputError, match="invalid memory"):
        parse_memory(bad)


@pytest.mark.parametrize("text, n", [("3M", 3_000_000), ("250k", 250_000), ("1,000,000", 10**6),
                                     (42, 42), ("2.5M", 2_500_000), ("1B", 10**9), (0, 0)])
def test_counts(text, n):
    assert parse_count(text) == n


@pytest.mark.parametrize("bad", ["many", "-3", "1.5", "3 per day", 2.5])
def test_bad_counts(bad):
    with pytest.raises(InputError, match="invalid requests per month"):
        parse_count(bad)


def test_from_values_and_defaults():
    w = from_values({"duration": "2s", "traffic": "SPIKY", "language": "Rust",
                     "latency_sensitive": "yes"})
    assert (w.duration_s, w.traffic, w.language, w.latency_sensitive) == (2, "spiky", "rust", True)
    assert w.scale_to_zero is False and w.team_serverless_experience == "unknown"
    assert from_values({}) == Workload()
    with pytest.raises(InputError, match="invalid traffic 'wild'"):
        from_values({"traffic": "wild"})
    with pytest.raises(InputError, match="unknown workload field 'speed'"):
        from_values({"speed": 1})


def test_workload_as_dict_writes_duration_back():
    data = from_values({"duration": "40m"}).as_dict()
    assert data["duration"] == "40m" and data["duration_s"] == 2400


def test_load_a_workload_file():
    w = load_workload(str(FIXTURES / "spiky-api.yaml"))
    assert (w.duration_s, w.traffic, w.latency_sensitive) == (0.12, "spiky", True)
    assert (w.memory_mb, w.requests_per_month, w.language) == (1024, 20_000_000, "typescript")


@pytest.mark.parametrize("name, where, message", [
    ("bad-unknown-key.yaml", ":2:1", "unknown workload field 'trafic'; did you mean 'traffic'"),
    ("bad-duration.yaml", ":2:11", "invalid duration 'forty minutes'"),
    ("bad-twice.yaml", ":2:1", "given twice"),
    ("bad-list.yaml", ":1:1", "must be a mapping"),
    ("bad-empty.yaml", ":1:1", "empty"),
])
def test_workload_file_errors_name_file_line_column(name, where, message):
    with pytest.raises(InputError) as info:
        load_workload(str(FIXTURES / name))
    text = str(info.value)
    assert text.startswith(str(FIXTURES / name) + where), text
    assert message in text


def test_unsafe_yaml_is_refused(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("duration: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(InputError, match="not allowed"):
        load_workload(str(path))
