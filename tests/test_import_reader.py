"""Reading templates: short tags, JSON, dates, duplicate keys, broken files."""
from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.importers import is_template, load_template, read_template
from generator.importers.cloudformation.tags import FUNCTIONS

FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "import"


def test_every_short_tag_becomes_the_long_form():
    doc = read_template(FIXTURES / "all_tags.yaml")
    fn = doc.data["Resources"]["Fn"]["Properties"]
    env = fn["Environment"]["Variables"]
    assert fn["MemorySize"] == {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "mem"]}
    assert fn["Role"] == {"Fn::GetAtt": ["Role", "Arn"]}
    assert fn["Code"]["ZipFile"] == {"Fn::Base64": "x"}
    assert env["AZ"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert env["CIDR"] == {"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}]}
    assert env["MODE"] == {"Fn::If": ["IsProd", "prod", "dev"]}
    assert env["Q"] == {"Fn::GetAtt": ["Queue", "QueueName"]}
    assert env["U"] == {"Fn::GetAtt": ["Queue", "QueueUrl"]}
    assert env["T"]["Fn::Transform"]["Name"] == "AWS::Include"
    desc = fn["Description"]["Fn::Join"][1]
    assert desc[0] == {"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]}
    assert desc[1] == {"Fn::ImportValue": "shared"}
    conditions = doc.data["Conditions"]
    assert conditions["NotProd"] == {"Fn::Not": [{"Condition": "IsProd"}]}
    assert set(conditions["Either"]) == {"Fn::Or"} and set(conditions["Both"]) == {"Fn::And"}
    asserts = [a["Assert"] for a in doc.data["Rules"]["R"]["Assertions"]]
    assert [next(iter(a)) for a in asserts[:3]] == ["Fn::Contains", "Fn::EachMemberEquals",
                                                    "Fn::EachMemberIn"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_function_tag_on_scalars_and_sequences(name):
    doc = load_template(f"a: !{name} x\nb: !{name} [1, 2]\n", "t.yaml")
    if name == "GetAtt":
        assert doc.data == {"a": {"Fn::GetAtt": ["x"]}, "b": {"Fn::GetAtt": [1, 2]}}
    else:
        assert doc.data == {"a": {f"Fn::{name}": "x"}, "b": {f"Fn::{name}": [1, 2]}}


def test_get_att_string_form_splits_at_the_first_dot_only():
    doc = load_template("a: !GetAtt Db.Endpoint.Address\n", "t.yaml")
    assert doc.data["a"] == {"Fn::GetAtt": ["Db", "Endpoint.Address"]}


def test_template_format_version_stays_a_string():
    doc = read_template(FIXTURES / "all_tags.yaml")
    assert doc.data["AWSTemplateFormatVersion"] == "2010-09-09"


def test_json_template_values_are_json_values_with_marks():
    doc = read_template(FIXTURES / "cfn_wiring.json")
    props = doc.data["Resources"]["Out"]["Properties"]
    assert props["DelaySeconds"] == 10.0 and isinstance(props["DelaySeconds"], float)
    assert doc.data["AWSTemplateFormatVersion"] == "2010-09-09"
    line, _ = doc.mark(("Resources", "Worker"), key=True)
    assert line == 17  # the tab-indented JSON keeps its line marks


def test_json_surrogate_pairs_and_escapes():
    doc = load_template('{"Resources": {}, "Description": "\\ud83d\\ude00 a\\/b"}', "t.json")
    assert doc.data["Description"] == "\U0001f600 a/b"


def test_a_duplicate_key_is_an_error_at_its_line_naming_the_first():
    with pytest.raises(InputError) as err:
        read_template(FIXTURES / "duplicate_keys.yaml")
    assert (err.value.line, err.value.column) == (7, 7)
    assert err.value.message == (
        "duplicate key 'VisibilityTimeout' (first defined at line 6); use "
        "--allow-duplicate-keys to import it keeping the last value, as CloudFormation does")


def test_allowed_duplicate_keys_are_reported_with_their_line_and_the_last_value_wins():
    doc = read_template(FIXTURES / "duplicate_keys.yaml", allow_duplicate_keys=True)
    messages = [(w.line, w.message) for w in doc.warnings]
    assert messages[0][0] == 7 and "duplicate key 'VisibilityTimeout'" in messages[0][1]
    assert messages[1][0] == 8 and "first defined at line 3" in messages[1][1]
    assert doc.data["Resources"]["Queue"] == {"Type": "AWS::SNS::Topic"}
    assert doc.mark(("Resources", "Queue"), key=True) == (8, 3)
    # the replaced value's marks are gone: its Properties do not point into the first Queue
    assert doc.mark(("Resources", "Queue", "Properties", "VisibilityTimeout")) == (9, 5)
    assert doc.duplicates == "last"


def test_json_duplicate_keys_follow_the_same_rule():
    text = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"},\n "Q": {"Type": "AWS::SNS::Topic"}}}'
    with pytest.raises(InputError, match="duplicate key 'Q'") as err:
        load_template(text, "t.json")
    assert (err.value.line, err.value.column) == (2, 2)
    doc = load_template(text, "t.json", allow_duplicate_keys=True)
    assert doc.data["Resources"] == {"Q": {"Type": "AWS::SNS::Topic"}}
    assert [(w.line, w.column) for w in doc.warnings] == [(2, 2)]


def test_a_clean_template_has_no_warnings():
    assert read_template(FIXTURES / "sam_events.yaml").warnings == []


def test_broken_yaml_is_an_input_error_at_its_line():
    with pytest.raises(InputError) as err:
        read_template(FIXTURES / "broken.yaml")
    assert err.value.line == 6 and err.value.file.endswith("broken.yaml")


def test_unknown_tags_and_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="unknown tag '!Rain::Embed'"):
        load_template("a: !Rain::Embed x\n", "t.yaml")
    with pytest.raises(InputError, match="cannot read file"):
        read_template(tmp_path / "missing.yaml")


@pytest.mark.parametrize("data, expected", [
    ({"AWSTemplateFormatVersion": "2010-09-09"}, True),
    ({"Transform": "AWS::Serverless-2016-10-31"}, True),
    ({"Resources": {}}, True),
    ({"archkb": 1, "components": {}}, False),
    (["Resources"], False),
    (None, False),
])
def test_is_template(data, expected):
    assert is_template(data) is expected
