"""Every command the README and the --help texts show runs, against the files it names.

Commands are the ``archkb ...`` lines of the README's sh/console/text blocks (``$ archkb`` in a
console block, whose shown output must match what the command prints, up to a trailing
``...``) and the ``Examples:`` lines of every ``--help``. Each runs in a scratch folder that
sees the repository's ``examples/`` and ``docs/examples/`` (so what it writes stays there).
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
needs_dot = subprocess.run(["which", "dot"], capture_output=True).returncode == 0


def readme_commands() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown under it) from the README's shell blocks."""
    text = README.read_text(encoding="utf-8")
    text = text.split("<!-- cli-reference:start -->")[0]  # the --help texts are checked below
    start = text.find("### Your own knowledge: KB overlays")  # run by test_readme_overlay.py
    if start >= 0:
        text = text[:start] + text[text.index("\n## ", start):]
    found = []
    for lang, body in FENCE.findall(text):
        if lang not in ("sh", "console", "text"):
            continue
        lines = body.replace("\\\n", " ").splitlines()
        for i, line in enumerate(lines):
            command = line[2:] if line.startswith("$ ") else line
            if not command.startswith("archkb "):
                continue
            shown = []
            if line.startswith("$ "):
                for after in lines[i + 1:]:
                    if after.startswith("$ "):
                        break
                    shown.append(after)
            found.append((command.split(" # ")[0].strip(), shown))
    return found


def help_commands() -> list[str]:
    """The example command lines of every command's --help."""
    found = []

    def visit(command, path, parent=None):
        # contexts as the CLI makes them (its settings inherited): click caches the help option
        ctx = click.Context(command, info_name=path[-1], parent=parent,
                            **(cli.context_settings if parent is None else {}))
        text = command.get_help(ctx)
        if "Examples:" in text:
            block = text.split("Examples:", 1)[1].replace("\\\n", " ")
            found.extend(" ".join(line.split()) for line in block.splitlines()
                         if line.strip().startswith("archkb "))
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                visit(command.get_command(ctx, name), path + [name], ctx)

    visit(cli, ["archkb"])
    return found


def run(command: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "examples").symlink_to(ROOT / "docs" / "examples")
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *shlex.split(command)[1:]],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def normal(line: str) -> str:
    return " ".join(line.split())


README_COMMANDS = readme_commands()
HELP_COMMANDS = help_commands()


def test_the_commands_were_found():
    assert len(README_COMMANDS) >= 10 and len(HELP_COMMANDS) >= 4
    assert any("examples/orders.yaml" in c for c, _ in README_COMMANDS)


@pytest.mark.parametrize("command,shown", README_COMMANDS, ids=[c for c, _ in README_COMMANDS])
def test_readme_command_runs(command, shown, tmp_path):
    if not needs_dot and " render " in f" {command} ":
        pytest.skip("Graphviz 'dot' is not installed (make test installs it)")
    proc = run(command, tmp_path)
    printed = [normal(x) for x in (proc.stdout + proc.stderr).splitlines()]
    shown = [normal(x) for x in shown if x.strip()]
    if any("error" in x for x in shown):
        assert proc.returncode in (1, 2), proc.stdout + proc.stderr
    else:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    for line in shown:
        prefix = line.removesuffix("...").strip()
        assert any(p.startswith(prefix) for p in printed), (line, printed[:20])


@pytest.mark.parametrize("command", HELP_COMMANDS)
def test_help_example_runs(command, tmp_path):
    proc = run(command, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_named_files_exist():
    for command in [c for c, _ in README_COMMANDS] + HELP_COMMANDS:
        for word in shlex.split(command):
            if word.startswith(("examples/", "docs/examples/")):
                assert (ROOT / word).exists(), (command, word)


def test_readme_spec_is_the_example_file():
    text = README.read_text(encoding="utf-8")
    blocks = [body for lang, body in FENCE.findall(text) if lang == "yaml"]
    assert (ROOT / "examples" / "orders.yaml").read_text(encoding="utf-8") in blocks
