"""The README's KB overlay example, run as written: its files, then its commands."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
FILE_BLOCK = re.compile(r"^`([\w./-]+\.yaml)`:\n\n```yaml\n(.*?)```", re.S | re.M)


def overlay_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Your own knowledge: KB overlays")
    return text[start:text.index("\n## ", start)]


def write_example(tmp_path: Path) -> list[str]:
    section = overlay_section()
    files = FILE_BLOCK.findall(section)
    assert {name for name, _ in files} >= {"my-kb/sources.yaml", "jobs.yaml"}
    for name, body in files:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    shell = section[section.index("```sh\n") + 6:]
    return [shlex.split(line.split("#")[0])[1:] for line in shell[:shell.index("```")].splitlines()
            if line.strip()]


def test_readme_overlay_example_runs_as_documented(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARCHKB_KB_PATH", raising=False)
    check, explain, lint_with, lint_without = write_example(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, check)
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, explain)
    assert result.exit_code == 0 and "Amazon EMR Serverless" in result.output, result.output
    result = runner.invoke(cli, lint_with)
    assert "W4002" in result.output and "unknown service" not in result.output, result.output
    result = runner.invoke(cli, lint_without)
    assert result.exit_code == 2 and "unknown service 'emr serverless'" in result.output
    assert "archkb services" in result.output and "service: generic" in result.output
