"""``archkb import``: stdout, -o, --json, exit codes, determinism, and round trips."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.importers import read_template, template_to_spec_yaml
from generator.spec import load_any, spec_from_document
from generator.yamlsafe import load

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ALL = sorted(p.name for p in FIXTURES.iterdir()
             if p.name not in ("broken.yaml", "api-include.yaml"))


def test_import_prints_the_spec_to_stdout(invoke):
    result = invoke("import", FIXTURES / "sam_events.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Imported from a CloudFormation/SAM template")
    data = load(result.stdout, "out.yaml").data
    assert data["archkb"] == 1 and data["name"] == "sam_events"
    assert data["components"]["Jobs"] == {"service": "sqs", "visibility_timeout": 180}
    assert {"from": "Jobs", "to": "Handler", "batch_size": 10, "batching_window": 5,
            "max_concurrency": 20, "report_batch_item_failures": True} in data["connections"]
    assert result.stderr == ""


def test_import_writes_a_file_with_o(invoke, tmp_path):
    out = tmp_path / "spec.yaml"
    result = invoke("import", FIXTURES / "cfn_wiring.json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote" in result.stderr and "components" in result.stderr
    assert out.read_text().startswith("# Imported")


def test_import_json(invoke):
    result = invoke("import", FIXTURES / "duplicate_keys.yaml", "--allow-duplicate-keys",
                    "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["spec"]["components"] == {"Queue": {"service": "sns"}}
    assert [(w["line"], w["column"]) for w in data["warnings"]] == [(7, 7), (8, 3)]
    assert "duplicate_keys.yaml:7:7: warning: duplicate key" in result.stderr


def test_a_duplicate_key_is_an_error_by_default(invoke):
    result = invoke("import", FIXTURES / "duplicate_keys.yaml")
    assert result.exit_code == 2 and result.stdout == ""
    assert (f"{FIXTURES / 'duplicate_keys.yaml'}:7:7: duplicate key 'VisibilityTimeout' "
            "(first defined at line 6); use --allow-duplicate-keys to import it keeping the "
            "last value, as CloudFormation does") in result.stderr
    assert "Traceback" not in result.stderr


def test_allowed_duplicates_keep_the_last_value_and_go_to_stderr_as_warnings(invoke):
    result = invoke("import", FIXTURES / "duplicate_keys.yaml", "--allow-duplicate-keys")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines == [
        f"{FIXTURES / 'duplicate_keys.yaml'}:7:7: warning: duplicate key 'VisibilityTimeout' "
        "(first defined at line 6); the last value is kept",
        f"{FIXTURES / 'duplicate_keys.yaml'}:8:3: warning: duplicate key 'Queue' "
        "(first defined at line 3); the last value is kept"]
    assert "duplicate key" not in result.stdout
    assert load(result.stdout, "out.yaml").data["components"] == {"Queue": {"service": "sns"}}


@pytest.mark.parametrize("name, where", [("broken.yaml", "broken.yaml:6:8"),
                                         ("api-include.yaml", "api-include.yaml:1:1")])
def test_broken_or_non_template_files_exit_2_with_file_line(invoke, name, where):
    result = invoke("import", FIXTURES / name)
    assert result.exit_code == 2
    assert where in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_2(invoke, tmp_path):
    result = invoke("import", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "cannot read file" in result.stderr


@pytest.mark.parametrize("name", ALL)
def test_output_is_deterministic_and_loads_back_to_the_same_spec(kb, name):
    from generator.importers import import_template

    doc = read_template(FIXTURES / name, allow_duplicate_keys=True)
    text = template_to_spec_yaml(doc, kb)
    assert template_to_spec_yaml(read_template(FIXTURES / name, allow_duplicate_keys=True),
                                 kb) == text
    loaded = spec_from_document(load(text, "out.yaml"), kb)
    direct = import_template(read_template(FIXTURES / name, allow_duplicate_keys=True), kb).spec
    assert list(loaded.components) == list(direct.components)
    for cid, comp in direct.components.items():
        other = loaded.components[cid]
        assert (other.service, other.label, other.group, other.settings) == \
            (comp.service, comp.label, comp.group, comp.settings)
    assert [(c.source, c.target, c.kind, c.mode, c.via, c.label, c.settings)
            for c in loaded.connections] == \
        [(c.source, c.target, c.kind, c.mode, c.via, c.label, c.settings)
         for c in direct.connections]
    assert {g.id: (g.kind, g.label, g.parent, g.settings) for g in loaded.groups.values()} == \
        {g.id: (g.kind, g.label, g.parent, g.settings) for g in direct.groups.values()}
    # the direction is left to the renderer, as for the template itself (a long pipeline may
    # be drawn top to bottom): the imported spec does not pin it
    assert "direction" not in load(text, "out.yaml").data
    assert (loaded.direction, loaded.direction_set) == (direct.direction, direct.direction_set)


def test_the_spec_loader_takes_templates_through_the_importer(kb):
    spec = load_any(FIXTURES / "messaging.yaml", kb)
    assert "Pipe" in spec.components and spec.file.endswith("messaging.yaml")
    assert spec.components["Pipe"].location.line == 67


def test_lint_and_render_accept_a_template(invoke, tmp_path):
    lint = invoke("lint", FIXTURES / "messaging.yaml", "--json")
    assert lint.exit_code in (0, 1), lint.stderr
    findings = json.loads(lint.stdout)["findings"]
    assert all(f["location"]["file"].endswith("messaging.yaml") for f in findings)
    render = invoke("render", FIXTURES / "sam_events.yaml", "-o", tmp_path, "-f", "dot")
    assert render.exit_code == 0, render.stderr
    dot = (tmp_path / "sam_events.dot").read_text()
    assert "Handler" in dot and "ServerlessRestApi" in dot
