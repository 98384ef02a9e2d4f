"""The Terraform importer on the shared corpus of real Terraform patterns
(``../shared/corpus/serverless-patterns-terraform`` beside the repository): every root module
imports without a crash, recall against the reference extraction, every location points into
a real file, and every imported spec loads back through the spec loader."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.terraform_recall import measure_tf, read_reference, root_modules
from generator.importers.specyaml import spec_to_yaml
from generator.importers.terraform import import_path
from generator.spec import spec_from_document
from generator.yamlsafe import load

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PATTERNS = CORPUS / "serverless-patterns-terraform"
REFERENCE = CORPUS / "serverless-patterns-terraform-edges.jsonl"

pytestmark = pytest.mark.skipif(
    not (PATTERNS.is_dir() and REFERENCE.is_file()),
    reason=f"the shared Terraform corpus is not beside this clone ({CORPUS})")


@pytest.fixture(scope="module")
def measured(kb):
    return measure_tf(PATTERNS, REFERENCE, kb)


def test_recall_of_components_and_connections(measured):
    m, timings = measured
    assert m.components_expected > 150 and m.connections_expected > 100
    assert m.component_recall >= 0.95
    assert m.connection_recall >= 0.85


def test_every_root_module_imports_without_a_crash(measured):
    m, timings = measured
    assert timings["crashes"] == []
    assert m.templates >= 77 and m.imported == m.templates, m.failed


@pytest.fixture(scope="module")
def imported(kb):
    out = []
    for name, record in sorted(read_reference(REFERENCE).items()):
        for root in root_modules(PATTERNS / name, record):
            folder = PATTERNS / name / root
            out.append((folder, import_path(folder, kb, display=str(folder))))
    return out


def test_every_location_points_at_a_line_of_a_real_file(imported):
    for folder, result in imported:
        spec = result.spec
        for item in list(spec.components.values()) + spec.connections:
            loc = item.location
            assert loc.line and loc.column, (folder, item)
            path = Path(loc.file)
            assert path.is_file(), (folder, loc)
            assert 1 <= loc.line <= len(path.read_text(encoding="utf-8").splitlines()), loc


def test_every_imported_spec_loads_back(imported, kb):
    for folder, result in imported:
        text = spec_to_yaml(result.spec, kb, result.notes, "a Terraform module")
        spec = spec_from_document(load(text, f"{folder.name}.yaml"), kb)
        assert set(spec.components) == set(result.spec.components), folder
        assert len(spec.connections) == len(result.spec.connections), folder


def test_registry_modules_are_drawn_or_reported(imported):
    for folder, result in imported:
        for path in folder.glob("*.tf"):
            text = path.read_text(encoding="utf-8")
            if 'source  = "terraform-aws-modules/' in text or \
                    'source = "terraform-aws-modules/' in text:
                assert any(c.startswith("module.") for c in result.spec.components), folder
