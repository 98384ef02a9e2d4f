"""The importer on the shared corpus of real templates (``../shared/corpus`` beside the
repository): every template imports or fails cleanly, recall against the reference
extraction, and every imported spec loads back through the spec loader."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.importers import import_template, read_template
from generator.importers.corpus import expected, measure, template_files
from generator.importers.specyaml import spec_to_yaml
from generator.spec import spec_from_document
from generator.yamlsafe import load

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TEMPLATES = CORPUS / "serverless-patterns"
REFERENCE = CORPUS / "serverless-patterns-edges.jsonl"

pytestmark = pytest.mark.skipif(
    not (TEMPLATES.is_dir() and REFERENCE.is_file()),
    reason=f"the shared corpus is not beside this clone ({CORPUS})")


@pytest.fixture(scope="module")
def measured(kb):
    return measure(TEMPLATES, REFERENCE, kb)


def test_recall_of_components_and_connections(measured):
    assert measured.components_expected > 900 and measured.connections_expected > 500
    assert measured.component_recall >= 0.95
    assert measured.connection_recall >= 0.85


def test_every_template_imports_or_fails_cleanly_at_a_line(measured):
    assert measured.templates >= 400
    assert measured.imported >= measured.templates - 10
    for failure in measured.failed:
        assert "invalid YAML" in failure or "declares no resources" in failure, failure
        location = failure.split(": ", 1)[0]
        assert location.count(":") == 2, failure  # file:line:column


def test_broken_corpus_template_exits_2_naming_file_and_line(invoke):
    result = invoke("import", TEMPLATES / "rds-sns-event-notification" / "template.yaml")
    assert result.exit_code == 2
    assert "template.yaml:3:97: invalid YAML" in result.stderr


def test_every_imported_spec_loads_back_through_the_spec_loader(kb):
    checked = 0
    for path in template_files(TEMPLATES):
        try:
            result = import_template(read_template(path), kb)
        except InputError:
            continue
        text = spec_to_yaml(result.spec, kb, result.notes)
        spec = spec_from_document(load(text, f"{path.parent.name}.yaml"), kb)
        assert list(spec.components) == list(result.spec.components), path
        assert [(c.source, c.target, c.kind) for c in spec.connections] == \
            [(c.source, c.target, c.kind) for c in result.spec.connections], path
        checked += 1
    assert checked >= 400


def test_reference_normalization_collapses_rules_and_keeps_schedules():
    record = {
        "resources": {"Bus": "AWS::Events::EventBus", "R": "AWS::Events::Rule",
                      "S": "AWS::Events::Rule", "Fn": "AWS::Serverless::Function",
                      "Role": "AWS::IAM::Role", "Q": "AWS::SQS::Queue"},
        "edges": [
            {"source_id": "Bus", "target_id": "R", "kind": "eventbridge_bus_rule",
             "resolved": True, "template": "t"},
            {"source_id": "R", "target_id": "Fn", "kind": "eventbridge_rule_target",
             "resolved": True, "template": "t"},
            {"source_id": "S", "target_id": "Q", "kind": "eventbridge_rule_target",
             "resolved": True, "template": "t"},
            {"source_id": "Fn", "target_id": "Role", "kind": "iam_statement",
             "resolved": True, "template": "t"},
            {"source_id": "Fn", "target_id": "x", "kind": "iam_statement",
             "resolved": False, "template": "t"},
        ]}
    exp = expected(record)
    assert exp.connections["t"] == {("Bus", "Fn"), ("S", "Q")}
    assert exp.components == {"Bus", "Fn", "S", "Q"}
    assert exp.unresolved_edges == 1 and exp.dropped_edges == 1
