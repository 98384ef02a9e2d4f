"""What the terminal shows: tables at the terminal's width, colour only on a terminal (and never
with NO_COLOR or --no-color), JSON errors under --json, did-you-mean, shell completion."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.common import table

ROOT = Path(__file__).resolve().parents[1]
ESC = "\x1b["
ROWS = [["sync", "an-identifier-that-must-not-break", "a description " * 12]]
HEADERS = ["MODE", "ID", "TEXT"]


def archkb(*args, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=120)


def on_a_terminal(*args, env=None) -> str:
    """Run archkb with stdout on a pseudo-terminal; what it printed there."""
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update({"COLUMNS": "160", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=ROOT, stdout=slave,
                            stderr=subprocess.DEVNULL, env=environ)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("columns", [60, 100, 220])
def test_tables_fit_the_terminal_width(columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = table(ROWS, HEADERS).splitlines()
    assert max(len(line) for line in lines) <= columns
    assert any("an-identifier-that-must-not-break" in line for line in lines)  # never mid-word
    if columns == 220:  # wide enough: nothing wraps, no column is capped
        assert len(lines) == 3


def test_piped_tables_use_a_sane_default(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    proc = archkb("triggers", "lambda")
    assert proc.returncode == 0
    rows = proc.stdout.split("Sources:")[0].splitlines()  # source URLs after it do not wrap
    assert len(rows) > 5 and max(len(line) for line in rows) <= 100
    assert ESC not in proc.stdout  # piped: no colour


def test_colour_on_a_terminal_and_its_off_switches():
    coloured = on_a_terminal("triggers", "lambda", "--mode", "poll")
    assert ESC in coloured and "poll" in coloured
    assert ESC not in on_a_terminal("triggers", "lambda", "--mode", "poll",
                                    env={"NO_COLOR": "1"})
    assert ESC not in on_a_terminal("--no-color", "triggers", "lambda", "--mode", "poll")


def test_json_errors_under_json_keep_the_exit_code(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda, memroy: 1}\n",
                   encoding="utf-8")
    for args, code in ((["lint", str(bad), "--json"], 2), (["triggers", "lamda", "--json"], 2),
                       (["lint", str(bad), "--format", "json"], 2),
                       (["triggers", "lambda", "--json", "--bogus"], 2)):
        proc = archkb(*args)
        assert proc.returncode == code, args
        error = json.loads(proc.stdout)["error"]
        assert error["message"] and set(error) <= {"message", "file", "line", "column"}
    located = json.loads(archkb("lint", str(bad), "--json").stdout)["error"]
    assert (located["file"], located["line"], located["column"]) == (str(bad), 3, 25)
    assert "memroy" in located["message"]
    plain = archkb("lint", str(bad))
    assert plain.stdout == "" and plain.stderr.startswith("archkb: error: ")


def test_did_you_mean_for_commands_and_options():
    proc = archkb("rendr", "x.yaml")
    assert proc.returncode == 2 and "Did you mean 'render'?" in proc.stderr
    proc = archkb("render", "x.yaml", "--no-lnt")
    assert proc.returncode == 2 and "--no-lint" in proc.stderr


def test_completion_offers_service_ids_and_spec_files():
    env = {"_ARCHKB_COMPLETE": "bash_complete", "COMP_WORDS": "archkb explain lamb",
           "COMP_CWORD": "2"}
    assert "plain,lambda" in archkb(env=env).stdout.splitlines()
    env.update(COMP_WORDS="archkb render examples/fa", COMP_CWORD="2")
    assert archkb(env=env).stdout.splitlines() == ["file,examples/fan-out.yaml",
                                                   "file,examples/fargate-service.yaml"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shell in ("bash_source", "zsh_source", "fish_source"):
        assert f"_ARCHKB_COMPLETE={shell} archkb" in readme
