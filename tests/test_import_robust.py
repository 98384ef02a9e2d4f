"""Odd but loadable templates never crash the importer: any property replaced by any value
gives a spec or a located InputError, never another exception."""
from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.importers import import_template, read_template

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
NAMES = ["sam_events.yaml", "messaging.yaml", "apigw.yaml", "alb_vpc.yaml", "cfn_wiring.json",
         "foreach.yaml", "unknown_types.yaml"]
DOCS = {name: read_template(FIXTURES / name) for name in NAMES}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["Queue", "*", "", "arn:aws:sqs:::q",
                                                           "${AWS::Region}", "Handler"]))
intrinsics = st.one_of(
    st.builds(lambda x: {"Ref": x}, st.one_of(st.text(max_size=8), st.integers(), st.none())),
    st.builds(lambda x: {"Fn::GetAtt": x}, st.one_of(st.text(max_size=8), st.lists(scalars))),
    st.builds(lambda x: {"Fn::Sub": x}, st.one_of(st.text(max_size=20), st.lists(scalars))),
    st.builds(lambda x: {"Fn::If": x}, st.lists(scalars, max_size=3)),
)
values = st.recursive(st.one_of(scalars, intrinsics),
                      lambda inner: st.one_of(st.lists(inner, max_size=3),
                                              st.dictionaries(st.text(max_size=6), inner,
                                                              max_size=3)),
                      max_leaves=8)


def paths(data, prefix=()):
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, prefix + (i,))
    return out


def replace(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NAMES), picks=st.lists(st.tuples(st.integers(0, 10**6), values),
                                                    min_size=1, max_size=4))
def test_any_value_anywhere_gives_a_spec_or_an_input_error(kb, name, picks):
    doc = copy.deepcopy(DOCS[name])
    doc.warnings = []
    for index, value in picks:
        candidates = [p for p in paths(doc.data) if len(p) >= 2]
        if not candidates:
            break
        replace(doc.data, candidates[index % len(candidates)], value)
    try:
        spec = import_template(doc, kb).spec
    except InputError as exc:
        assert exc.file and str(exc)
        return
    for conn in spec.connections:
        assert conn.source in spec.components and conn.target in spec.components
    for comp in spec.components.values():
        assert comp.group is None or comp.group in spec.groups
