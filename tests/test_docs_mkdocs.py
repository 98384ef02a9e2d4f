"""The MkDocs plugin in a real `mkdocs build`: blocks become diagrams and findings, errors name
page and line and fail --strict, and nothing in a page is ever run or read outside docs/."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *extra,
                           "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
                          capture_output=True, text=True, cwd=project, timeout=300,
                          env=dict(os.environ, NO_COLOR="1"))


@pytest.fixture
def project(tmp_path):
    dst = tmp_path / "project"
    shutil.copytree(FIXTURES / "mkdocs", dst)
    return dst


def test_the_entry_point_is_registered():
    from generator.docs.mkdocs_plugin import ArchkbPlugin

    found = [e for e in entry_points(group="mkdocs.plugins") if e.name == "archkb"]
    assert found, "run: .venv/bin/pip install -e '.[test,docs]'"
    assert found[0].load() is ArchkbPlugin


def test_blocks_become_diagrams_and_findings(project, kb):
    done = mkdocs_build(project, "--strict")
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert html.count('<div class="archkb-diagram"') == 3  # inline, file:, template
    assert html.count("<svg") == 3 and "data:image/png;base64," in html
    assert "ARCHKBBLOCK" not in html
    # the inline spec's timeout is above the KB's maximum: an error finding, at the page's line
    limit = kb.limit_value("lambda", "timeout-max")
    assert 'class="admonition danger archkb-findings"' in html
    assert "E2001" in html and "index.md:10:" in html and f"{limit:,}" in html
    assert "specs/orders.yaml:8:" in html  # findings of a file: block name that file
    # a block shown inside another fence stays code
    assert "```archkb" in html and html.count("archkb-findings") == 3


def test_errors_name_page_and_line_and_fail_strict(project, tmp_path):
    marker = tmp_path / "pwned"
    outside = tmp_path / "outside.yaml"
    outside.write_text("archkb: 1\ncomponents: {fn: {service: lambda}}\n")
    (project / "docs" / "leak.yaml").symlink_to(outside)
    (project / "docs" / "bad.md").write_text(
        "# Bad\n"
        "\n"
        "```archkb\n"
        "archkb: 1\n"
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
        "components: {fn: {service: lambda}}\n"
        "```\n"
        "\n"
        "```archkb\n"
        "file: ../mkdocs.yml\n"
        "```\n"
        "\n"
        "```archkb\n"
        "file: /etc/passwd\n"
        "```\n"
        "\n"
        "```archkb\n"
        "file: leak.yaml\n"
        "```\n"
        "\n"
        "```archkb\n"
        "archkb: 1\n"
        "components:\n"
        "  fn: {service: lambda, memroy: 512}\n"
        "```\n"
        "\n"
        "```archkb\n"
        "file: specs/nothing-here.yaml\n"
        "```\n"
        "\n"
        "```archkb\n"
        "archkb: 1\n")
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode != 0
    for expected in ("bad.md:5:7: tag '!!python/object/apply:os.system' is not allowed",
                     "bad.md:10: file: '../mkdocs.yml' is outside the docs folder",
                     "bad.md:14: file: '/etc/passwd' must be a path relative",
                     "bad.md:18: file: 'leak.yaml' is outside the docs folder",
                     "bad.md:24:25: unknown setting 'memroy'",
                     "bad.md:28: file: 'specs/nothing-here.yaml' does not exist",
                     "bad.md:31: the ```archkb block is not closed"):
        assert expected in strict.stderr, expected
    assert "Traceback" not in strict.stderr
    assert not marker.exists()
    assert mkdocs_build(project, "--strict", "-q").returncode != 0  # errors, not warnings

    lenient = mkdocs_build(project)
    assert lenient.returncode == 0, lenient.stderr
    html = (project / "site" / "bad" / "index.html").read_text(encoding="utf-8")
    assert html.count("archkb-error") == 7 and "<svg" not in html
    assert "root:" not in html  # /etc/passwd was not read


def test_fail_on_turns_findings_into_build_warnings(project):
    (project / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - archkb:\n      fail_on: error\n")
    done = mkdocs_build(project, "--strict")
    assert done.returncode != 0
    assert "index.md:10:" in done.stderr and "E2001" in done.stderr


def test_a_missing_kb_folder_is_a_clean_error(project):
    (project / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - archkb:\n      kb: [no-such-kb]\n")
    done = mkdocs_build(project)
    assert done.returncode != 0
    assert "KB directory not found" in done.stderr and "Traceback" not in done.stderr


def test_an_overlay_kb_is_used(project):
    kb_dir = project / "my-kb" / "services"
    kb_dir.mkdir(parents=True)
    (project / "my-kb" / "sources.yaml").write_text(
        "sources:\n  team-wiki:\n    title: Team wiki\n    kind: article\n")
    (kb_dir / "lambda.yaml").write_text(
        "id: lambda\nextend: true\nlimits:\n"
        "  - {id: timeout-max, name: Maximum function timeout, value: 2000, unit: s, "
        "source: team-wiki}\n")
    (project / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - archkb:\n      kb: [my-kb]\n")
    done = mkdocs_build(project, "--strict")
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "E2001" not in html  # 1,200 s is under the overlay's 2,000 s maximum
