"""Property: whatever YAML (or bytes) a spec file holds, loading gives a Spec or an
InputError with a location, never any other exception."""
from __future__ import annotations

import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.spec import load_any
from generator.spec.model import Spec

KEYS = ["archkb", "name", "direction", "account", "groups", "components", "connections",
        "service", "label", "group", "kind", "parent", "from", "to", "mode", "memory",
        "timeout", "batch_size", "public", "concurrency_limit", "fn", "q", "vpc", "lambda",
        "sqs", "triggers", "LR", "poll"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from(KEYS + ["1 GB", "30s", "", "x86_64", "sync"]),
                    st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25)
spec_like = st.fixed_dictionaries(
    {"archkb": st.one_of(st.just(1), scalars)},
    optional={"components": st.one_of(
        values, st.dictionaries(st.sampled_from(["fn", "q", "t", "a b"]), st.one_of(
            values, st.fixed_dictionaries({"service": st.sampled_from(
                ["lambda", "sqs", "dynamodb", "nope", "api gateway"])},
                optional={"memory": scalars, "group": scalars, "label": scalars,
                          "timeout": scalars})), max_size=4)),
        "groups": values, "connections": st.one_of(values, st.lists(st.dictionaries(
            st.sampled_from(["from", "to", "kind", "mode", "label", "batch_size"]),
            st.one_of(st.sampled_from(["fn", "q", "t", "triggers", "poll"]), scalars)),
            max_size=4)),
        "direction": scalars, "account": values, "name": scalars})

TMP = Path(tempfile.mkdtemp(prefix="archkb-prop-"))
_KB = []


def the_kb():
    """The KB, kept out of hypothesis' arguments (its repr is huge)."""
    if not _KB:
        from generator.kb import load_kb

        _KB.append(load_kb())
    return _KB[0]


def check(raw: bytes) -> None:
    kb = the_kb()
    path = TMP / "spec.yaml"
    path.write_bytes(raw)
    try:
        result = load_any(path, kb)
    except InputError as exc:
        assert exc.file == str(path)
        assert exc.line is not None and exc.column is not None, str(exc)
    else:
        assert isinstance(result, Spec)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(data=spec_like)
def test_structured_yaml_gives_spec_or_located_error(data):
    check(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@FAST
@given(text=st.text(alphabet=string.printable + "äλ日{}[]&*!|>-:#'\"", max_size=200))
def test_arbitrary_text_gives_spec_or_located_error(text):
    check(("archkb: 1\n" + text).encode("utf-8"))
    check(text.encode("utf-8"))


@FAST
@given(raw=st.binary(max_size=120))
@example(raw=b"\x00")
@example(raw=b"archkb: 1\ncomponents: {fn: {service: lamb\x01da}}\n")
@example(raw=b"\xef\xbb\xbfarchkb: 1\n\xff")
def test_arbitrary_bytes_give_spec_or_located_error(raw):
    check(raw)
