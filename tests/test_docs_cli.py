"""The `archkb docs` commands at the CLI boundary: help, reference, check, exit codes."""
from __future__ import annotations

from generator.docs import kb_reference_markdown


def test_docs_group_lists_its_commands(invoke):
    result = invoke("docs", "--help")
    assert result.exit_code == 0
    for name in ("build", "reference", "gallery", "check"):
        assert name in result.output


def test_reference_goes_to_stdout_or_a_file(invoke, kb, tmp_path):
    result = invoke("docs", "reference")
    assert result.exit_code == 0 and result.stdout == kb_reference_markdown(kb)
    out = tmp_path / "ref.md"
    assert invoke("docs", "reference", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == kb_reference_markdown(kb)


def test_check_reports_broken_links(invoke, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="a.html">a</a>')
    result = invoke("docs", "check", site)
    assert result.exit_code == 2 and "a.html: missing file" in result.stderr
    (site / "a.html").write_text("<p>a</p>")
    assert invoke("docs", "check", site).exit_code == 0


def test_missing_source_is_a_usage_error(invoke, tmp_path):
    result = invoke("docs", "build", tmp_path / "nope", "-o", tmp_path / "site")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_missing_graphviz_exits_3_with_the_fix(invoke, tmp_path, monkeypatch):
    import generator.system as system

    real = system.shutil.which
    monkeypatch.setattr(system.shutil, "which", lambda name: None if name == "dot" else real(name))
    result = invoke("docs", "build", "-o", tmp_path / "site", "-j", "1", "--no-cache", "-q")
    assert result.exit_code == 3
    assert "Graphviz 'dot' is not installed" in result.stderr and "Traceback" not in result.output
