"""The importer on the shared corpus of real templates (``../shared/corpus`` beside the
repository): every template imports or fails cleanly, recall against the reference
extraction, and every imported spec loads back through the spec loader."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.importers import import_template, read_template
from bench.corpus_recall import expected, measure, template_files
from generator.importers.specyaml import spec_to_yaml
from generator.spec import spec_from_document
from generator.yamlsafe import DuplicateKeyError, load

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TEMPLATES = CORPUS / "serverless-patterns"
REFERENCE = CORPUS / "serverless-patterns-edges.jsonl"

pytestmark = pytest.mark.skipif(
    not (TEMPLATES.is_dir() and REFERENCE.is_file()),
    reason=f"the shared corpus is not beside this clone ({CORPUS})")


@pytest.fixture(scope="module")
def measured(kb):
    """The corpus imported as CloudFormation deploys it: duplicate keys last-wins."""
    return measure(TEMPLATES, REFERENCE, kb, allow_duplicate_keys=True)


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


def _exit_2_or_none(path, kb, allow: bool):
    """The located error of importing ``path`` (None when it imports), and its warnings."""
    try:
        result = import_template(read_template(path, allow_duplicate_keys=allow), kb)
    except InputError as exc:
        assert exc.file and exc.line and exc.column, exc  # file:line:column, never a crash
        return exc, []
    return None, result.warnings


def test_by_default_exactly_the_broken_templates_and_those_with_duplicate_keys_fail(kb):
    broken, duplicated, strict_failures = set(), {}, {}
    for path in template_files(TEMPLATES):
        lenient_error, warnings = _exit_2_or_none(path, kb, allow=True)
        if lenient_error is not None:
            assert "invalid YAML" in lenient_error.message or \
                "declares no resources" in lenient_error.message, lenient_error
            broken.add(path)
        dups = [w for w in warnings if isinstance(w, DuplicateKeyError)]
        if dups:
            duplicated[path] = dups[0]
        strict_error, _ = _exit_2_or_none(path, kb, allow=False)
        if strict_error is not None:
            strict_failures[path] = strict_error
    # the templates with duplicate keys, as the loader finds them
    assert len(duplicated) >= 5, sorted(str(p) for p in duplicated)
    assert set(strict_failures) == broken | set(duplicated)
    for path, first in duplicated.items():
        error = strict_failures[path]
        assert isinstance(error, DuplicateKeyError)
        assert (error.line, error.column) == (first.line, first.column)
        assert error.message.startswith(f"duplicate key {first.key!r} (first defined at line "
                                        f"{first.first_line}); use --allow-duplicate-keys")
    for path in broken:
        assert str(strict_failures[path]) == str(_exit_2_or_none(path, kb, allow=True)[0])


def test_a_corpus_template_with_duplicate_keys_exits_2_unless_allowed(invoke, kb):
    path = next(p for p in template_files(TEMPLATES)
                if any(isinstance(w, DuplicateKeyError)
                       for w in _exit_2_or_none(p, kb, allow=True)[1]))
    first = next(w for w in read_template(path, allow_duplicate_keys=True).warnings
                 if isinstance(w, DuplicateKeyError))
    result = invoke("import", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{path}:{first.line}:{first.column}: duplicate key" in result.stderr
    result = invoke("import", path, "--allow-duplicate-keys")
    assert result.exit_code == 0
    assert f"{path}:{first.line}:{first.column}: warning: duplicate key" in result.stderr


def test_broken_corpus_template_exits_2_naming_file_and_line(invoke):
    result = invoke("import", TEMPLATES / "rds-sns-event-notification" / "template.yaml")
    assert result.exit_code == 2
    assert "template.yaml:3:97: invalid YAML" in result.stderr


def test_every_imported_spec_loads_back_through_the_spec_loader(kb):
    checked = 0
    for path in template_files(TEMPLATES):
        try:
            result = import_template(read_template(path, allow_duplicate_keys=True), kb)
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
