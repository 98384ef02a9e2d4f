"""Loading valid specs: structure, defaults, names, units, locations, kinds from the KB."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.spec import load_any, load_spec, spec_from_document
from generator.spec.model import Location
from generator.yamlsafe import load

GOOD = Path(__file__).parent / "fixtures" / "spec" / "good"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def spec_of(text: str, kb, file: str = "s.yaml"):
    return spec_from_document(load(text, file), kb)


def test_design_example(kb):
    path = GOOD / "design-example.yaml"
    spec = load_spec(path, kb)
    assert spec.name == "Orders service" and spec.direction == "LR"
    assert list(spec.groups) == ["vpc-main", "private"]
    assert spec.groups["private"].parent == "vpc-main"
    assert spec.groups["private"].kind == "subnet"
    assert list(spec.components) == ["api", "orders", "table", "uploads", "queue"]
    orders = spec.components["orders"]
    assert orders.service == "lambda" and orders.group == "private" and orders.label == "orders"
    assert orders.settings == {"memory": 1024, "timeout": 30, "runtime": "python3.12",
                               "architecture": "arm64", "reserved_concurrency": 50}
    assert orders.location == Location(str(path), 10, 3)
    assert orders.setting_locations["timeout"] == Location(str(path), 10, 69)
    kinds = [(c.source, c.target, c.kind, c.mode, c.via, c.explicit_kind)
             for c in spec.connections]
    assert kinds == [
        ("api", "orders", "triggers", "sync", "integration", False),
        ("uploads", "orders", "triggers", "async", "notification", False),
        ("queue", "orders", "triggers", "poll", "event-source-mapping", False),
        ("orders", "table", "writes", None, None, True),
    ]
    assert spec.connections[0].label == "POST /orders"
    assert spec.connections[0].kb_source
    assert spec.connections[2].settings == {"batch_size": 10}
    assert spec.connections[2].location == Location(str(path), 18, 5)
    assert spec.connections[2].field_locations["batch_size"] == Location(str(path), 18, 43)


def test_names_units_enums_and_account(kb):
    spec = load_spec(GOOD / "names-and-units.yaml", kb)
    assert spec.account == {"concurrency_limit": 1000}
    assert spec.groups["zone-a"].kind == "availability-zone"
    assert spec.groups["web"].settings == {"public": True}
    assert spec.name == "names-and-units"  # no name: the file stem
    gateway, fn = spec.components["gateway"], spec.components["fn"]
    assert (gateway.service, gateway.settings) == ("api-gateway", {"type": "rest"})
    assert fn.service == "lambda"
    assert fn.settings["memory"] == 1536 and fn.settings["timeout"] == 120
    assert fn.settings["ephemeral_storage"] == 1024
    assert fn.settings["runtime"] == "python9.9"  # open enum: lint warns, loading accepts
    assert spec.components["bus"].service == "eventbridge"


def test_mode_setting_picks_among_kb_modes(kb):
    spec = load_spec(GOOD / "names-and-units.yaml", kb)
    chosen, preferred = spec.connections[2], spec.connections[3]
    assert (chosen.kind, chosen.mode, chosen.settings) == ("triggers", "async", {"mode": "async"})
    assert preferred.kind == "triggers" and preferred.mode == "sync"  # sync first


def test_explicit_trigger_the_kb_does_not_allow_is_not_a_load_error(kb):
    spec = load_spec(GOOD / "names-and-units.yaml", kb)
    odd = spec.connections[4]
    assert (odd.source, odd.target, odd.kind, odd.mode, odd.via, odd.explicit_kind) == \
        ("fn", "gateway", "triggers", None, None, True)


def test_defaults(kb):
    spec = spec_of("archkb: 1\ncomponents:\n  fn: {service: lambda}\n", kb, "dir/my-spec.yaml")
    assert spec.name == "my-spec" and spec.direction == "LR"
    assert spec.groups == {} and spec.connections == [] and spec.account == {}
    assert spec.components["fn"].label == "fn"
    assert spec.components["fn"].settings == {}


def test_direction_and_text_values(kb):
    spec = spec_of("archkb: 1\nname: 2024\ndirection: tb\ndescription: d\ncomponents:\n"
                   "  fn: {service: lambda, label: 42, description: does things}\n", kb)
    assert (spec.name, spec.direction, spec.description) == ("2024", "TB", "d")
    assert spec.components["fn"].label == "42"
    assert spec.components["fn"].description == "does things"


def test_group_kind_spellings(kb):
    text = ("archkb: 1\ngroups:\n  a: {kind: AZ}\n  b: {kind: availability_zone}\n"
            "  c: {}\n  d: {kind: Region}\ncomponents:\n  fn: {service: lambda}\n")
    spec = spec_of(text, kb)
    assert [g.kind for g in spec.groups.values()] == \
        ["availability-zone", "availability-zone", "generic", "region"]


def test_component_ids_become_keys_in_document_order(kb):
    names = [f"c{i}" for i in range(50)][::-1]
    text = "archkb: 1\ncomponents:\n" + "".join(f"  {n}: {{service: sqs}}\n" for n in names)
    assert list(spec_of(text, kb).components) == names


def test_every_example_loads(kb):
    examples = sorted(EXAMPLES.glob("*.yaml"))
    assert len(examples) >= 6
    for path in examples:
        spec = load_spec(path, kb)
        assert spec.components and spec.connections, path
        for conn in spec.connections:
            if conn.kind == "triggers":
                assert conn.mode and conn.via, (path, conn.name)  # every trigger is in the KB


def test_load_any_reads_specs(kb):
    spec = load_any(GOOD / "design-example.yaml", kb)
    assert list(spec.components)[0] == "api"


def test_load_any_sends_templates_to_the_importer(kb, tmp_path, monkeypatch):
    import sys
    import types

    seen = {}
    fake = types.ModuleType("generator.importers")

    def spec_from_template(doc, kb_):
        seen["data"] = doc.data
        return "imported"

    fake.spec_from_template = spec_from_template
    monkeypatch.setitem(sys.modules, "generator.importers", fake)
    path = tmp_path / "template.yaml"
    path.write_text("Resources:\n  Q: {Type: AWS::SQS::Queue}\n"
                    "Outputs: {A: {Value: !GetAtt Q.Arn}, R: {Value: !Ref Q}}\n")
    assert load_any(path, kb) == "imported"
    assert seen["data"]["Outputs"] == {"A": {"Value": {"Fn::GetAtt": ["Q", "Arn"]}},
                                       "R": {"Value": {"Ref": "Q"}}}


def test_load_any_lets_the_importer_read_templates_passing_the_duplicates_flag(kb, tmp_path,
                                                                               monkeypatch):
    import sys
    import types

    from generator.yamlsafe import Document

    calls = []

    def load_template(text, file, allow_duplicate_keys=False):
        calls.append((file, allow_duplicate_keys))
        return Document({"Resources": {}}, file)

    fake = types.ModuleType("generator.importers")
    fake.load_template = load_template
    fake.spec_from_template = lambda doc, kb_: ("imported", doc.file)
    monkeypatch.setitem(sys.modules, "generator.importers", fake)
    path = tmp_path / "dup.yaml"
    path.write_text("Resources:\n  Q: {Type: AWS::SQS::Queue}\n  Q: {Type: AWS::SNS::Topic}\n")
    assert load_any(path, kb) == ("imported", str(path))
    assert load_any(path, kb, allow_duplicate_keys=True) == ("imported", str(path))
    assert calls == [(str(path), False), (str(path), True)]


def test_a_template_with_a_duplicate_key_is_an_error_unless_allowed(kb, tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("Resources:\n  Q: {Type: AWS::SQS::Queue}\n  Q: {Type: AWS::SNS::Topic}\n")
    with pytest.raises(InputError, match="use --allow-duplicate-keys") as info:
        load_any(path, kb)
    assert (info.value.line, info.value.column) == (3, 3)
    assert "first defined at line 2" in info.value.message
    spec = load_any(path, kb, allow_duplicate_keys=True)
    assert [c.service for c in spec.components.values()] == ["sns"]
    assert [(w.file, w.line, w.column) for w in spec.warnings] == [(str(path), 3, 3)]


def test_a_spec_with_a_duplicate_key_is_always_an_error(kb, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda}\n  fn: {service: sqs}\n")
    for allow in (False, True):
        with pytest.raises(InputError, match="duplicate key 'fn'") as info:
            load_any(path, kb, allow_duplicate_keys=allow)
        assert (info.value.line, info.value.column) == (4, 3)
        assert "allow-duplicate-keys" not in info.value.message


def test_load_any_text_loads_specs_and_templates_from_text(kb):
    from generator.spec import load_any_text

    spec = load_any_text("archkb: 1\ncomponents: {fn: {service: lambda}}\n", "page.md", kb)
    assert spec.file == "page.md" and spec.warnings == []
    text = ('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"},\n'
            '               "Q": {"Type": "AWS::SNS::Topic"}}}')  # flow style, JSON
    with pytest.raises(InputError, match="duplicate key 'Q'"):
        load_any_text(text, "t.json", kb)
    spec = load_any_text(text, "t.json", kb, allow_duplicate_keys=True)
    assert [c.service for c in spec.components.values()] == ["sns"]
    assert [str(w) for w in spec.warnings] == [
        "t.json:2:16: duplicate key 'Q' (first defined at line 1); the last value is kept"]
    flow = "{Resources: {Q: {Type: AWS::SQS::Queue},\n             Q: {Type: AWS::SNS::Topic}}}"
    with pytest.raises(InputError, match="duplicate key 'Q'"):
        load_any_text(flow, "flow.yaml", kb)
    spec = load_any_text(flow, "flow.yaml", kb, allow_duplicate_keys=True)
    assert [c.service for c in spec.components.values()] == ["sns"]
    assert [(w.line, w.column) for w in spec.warnings] == [(2, 14)]


def test_spec_with_a_tag_is_not_a_template(kb, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("archkb: 1\ncomponents:\n  fn: {service: !Ref lambda}\n")
    with pytest.raises(InputError, match="unknown tag '!Ref'") as info:
        load_any(path, kb)
    assert (info.value.line, info.value.column) == (3, 17)


def test_real_template_import(kb, tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n"
                    "  Queue: {Type: AWS::SQS::Queue}\n  Worker:\n"
                    "    Type: AWS::Serverless::Function\n    Properties:\n"
                    "      Events: {Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}}\n")
    spec = load_any(path, kb)
    assert {c.service for c in spec.components.values()} == {"sqs", "lambda"}
