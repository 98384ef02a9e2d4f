"""``archkb render`` and ``archkb schema`` from the command line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOOD = Path(__file__).parent / "fixtures" / "spec" / "good"
BAD = Path(__file__).parent / "fixtures" / "spec" / "bad"
SIGNATURES = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml", "dot": b"//", "mmd": b"%%"}
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz 'dot' is not installed (make test installs it)")


@pytest.fixture
def no_graphviz(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot"
                        else real(name, *a, **k))


@needs_dot
def test_every_example_renders_in_every_format(invoke, tmp_path):
    result = invoke("render", *EXAMPLES, "-f", "png,svg,pdf,dot,mermaid", "-o", tmp_path,
                    "--no-lint")
    assert result.exit_code == 0, result.stderr
    for path in EXAMPLES:
        for ext, magic in SIGNATURES.items():
            out = tmp_path / f"{path.stem}.{ext}"
            assert out.read_bytes().startswith(magic), out
    assert sorted(result.stdout.split()) == sorted(str(p) for p in tmp_path.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


@needs_dot
def test_default_formats_and_folder(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "orders.yaml"
    spec.write_bytes((GOOD / "design-example.yaml").read_bytes())
    result = invoke("render", spec.name, "--no-lint")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["orders.png", "orders.svg"]


def test_unknown_format_is_a_usage_error(invoke, tmp_path):
    result = invoke("render", GOOD / "design-example.yaml", "-f", "svg,jpeg", "-o", tmp_path)
    assert result.exit_code == 2
    assert "unknown format 'jpeg'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_spec_exits_2_with_location_and_the_others_are_still_drawn(invoke, tmp_path):
    result = invoke("render", BAD / "unknown-setting.yaml", GOOD / "design-example.yaml",
                    "-f", "dot", "-o", tmp_path)
    assert result.exit_code == 2
    assert f"{BAD / 'unknown-setting.yaml'}:6:5: unknown setting 'memroy'" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["design-example.dot"]


def test_a_bad_spec_alone_writes_nothing(invoke, tmp_path):
    result = invoke("render", BAD / "unknown-setting.yaml", "-f", "dot", "-o", tmp_path)
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_same_stem_twice_is_refused(invoke, tmp_path):
    other = tmp_path / "b"
    other.mkdir()
    copy = other / "design-example.yaml"
    copy.write_bytes((GOOD / "design-example.yaml").read_bytes())
    result = invoke("render", GOOD / "design-example.yaml", copy, "-f", "dot", "-o", tmp_path)
    assert result.exit_code == 2 and "would both write design-example.*" in result.stderr


def test_no_graphviz_exits_3_but_writes_text_formats(invoke, tmp_path, no_graphviz):
    from generator.system import graphviz_install_hint

    result = invoke("render", GOOD / "design-example.yaml", "-f", "svg,dot,mermaid", "-o",
                    tmp_path, "--no-lint")
    assert result.exit_code == 3
    assert graphviz_install_hint() in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design-example.dot",
                                                          "design-example.mmd"]


def test_no_graphviz_text_formats_succeed(invoke, tmp_path, no_graphviz):
    result = invoke("render", GOOD / "design-example.yaml", "-f", "dot,mermaid", "-o", tmp_path,
                    "--no-lint")
    assert result.exit_code == 0, result.stderr


def test_failed_render_leaves_earlier_output_intact(invoke, tmp_path, monkeypatch):
    from generator.render import backend

    spec = GOOD / "design-example.yaml"
    assert invoke("render", spec, "-f", "dot,mermaid", "-o", tmp_path, "--no-lint").exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    old_svg = tmp_path / "design-example.svg"
    old_svg.write_bytes(b"<svg>earlier</svg>")

    def broken(dot_text, formats, **kwargs):
        raise backend.RenderError("Graphviz dot failed: syntax error in line 1")

    monkeypatch.setattr(backend, "run_dot", broken)
    result = invoke("render", GOOD / "names-and-units.yaml", spec, "-f", "dot,mermaid,svg",
                    "-o", tmp_path, "--no-lint")
    assert result.exit_code == 2 and "Graphviz dot failed" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in before} == before
    assert old_svg.read_bytes() == b"<svg>earlier</svg>"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_lint_findings_are_printed_as_warnings(invoke, tmp_path):
    spec = ROOT / "tests" / "fixtures" / "spec" / "good" / "design-example.yaml"
    result = invoke("render", spec, "-f", "dot", "-o", tmp_path)
    assert result.exit_code == 0
    import importlib.util

    if importlib.util.find_spec("generator.lint") is None:
        assert result.stderr == ""
    else:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(f"{spec}:") for line in lines)
        assert any(" warning " in line for line in lines)
    quiet = invoke("render", spec, "-f", "dot", "-o", tmp_path, "--no-lint")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_templates_render_too(invoke, tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n"
                        "  Queue: {Type: AWS::SQS::Queue}\n  Worker:\n"
                        "    Type: AWS::Serverless::Function\n    Properties:\n"
                        "      Events: {Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}}\n")
    result = invoke("render", template, "-f", "dot", "-o", tmp_path / "out", "--no-lint")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / "template.dot").read_text()
    assert '"Queue" -> "Worker"' in text


def test_finding_line_formats_records_and_dicts():
    from generator.commands.render import finding_line
    from generator.spec.model import Location

    class Finding:
        rule, severity, message = "W1", "warning", "too slow"
        location = Location("s.yaml", 3, 5)

    assert finding_line(Finding()) == "s.yaml:3:5: warning W1 too slow"
    assert finding_line({"rule": "E2", "severity": "error", "message": "bad",
                         "location": {"file": "s.yaml", "line": 1, "column": 2}}) == \
        "s.yaml:1:2: error E2 bad"


def test_unwritable_output_is_a_clean_error(invoke, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = invoke("render", GOOD / "design-example.yaml", "-f", "dot", "-o",
                    blocker / "sub", "--no-lint")
    assert result.exit_code == 2 and "cannot write" in result.stderr
    assert "Traceback" not in result.stderr



def _draw_calls(kb, tmp_path, formats) -> list:
    from generator.errors import MissingDependencyError
    from generator.render import render_spec
    from generator.spec import load_spec

    calls: list = []
    try:
        render_spec(load_spec(GOOD / "design-example.yaml", kb), kb, formats, tmp_path,
                    on_draw=lambda: calls.append(1))
    except MissingDependencyError:
        calls.append("missing")
    return calls


@needs_dot
def test_on_draw_is_called_once_as_graphviz_starts(kb, tmp_path):
    """render_spec calls on_draw (where render starts lint) once, as Graphviz starts."""
    assert _draw_calls(kb, tmp_path, ["svg", "png"]) == [1]


def test_on_draw_is_called_once_without_a_graphviz_run(kb, tmp_path, no_graphviz):
    """With text formats only, or Graphviz missing, on_draw is still called once."""
    assert _draw_calls(kb, tmp_path, ["dot", "mermaid"]) == [1]
    assert _draw_calls(kb, tmp_path, ["svg", "dot"]) == [1, "missing"]
