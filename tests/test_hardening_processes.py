"""Hardening (issue 17): Graphviz has a time limit, and neither ``dot`` children, docs build
workers nor temp folders outlive archkb, whether it is stopped by SIGTERM or killed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = "archkb: 1\ncomponents:\n  q: {service: sqs}\n  fn: {service: lambda}\n" \
       "connections: [{from: q, to: fn}]\n"
FAKE_DOT = """#!/bin/sh
if [ "$1" = "-V" ]; then echo "dot - fake" >&2; exit 0; fi
echo $$ >> "$FAKE_DOT_PIDS"
exec sleep 60
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")


@pytest.fixture
def slow_dot(tmp_path):
    """A ``dot`` that never finishes (it records its pid), first on PATH; a private TMPDIR."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    dot = bindir / "dot"
    dot.write_text(FAKE_DOT)
    dot.chmod(0o755)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    pids = tmp_path / "dot.pids"
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", TMPDIR=str(tmp),
               FAKE_DOT_PIDS=str(pids), ARCHKB_CACHE_DIR=str(tmp_path / "cache"))
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    return {"env": env, "pids": pids, "tmp": tmp, "spec": spec, "dir": tmp_path}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _dot_pids(pids: Path) -> list[int]:
    return [int(x) for x in pids.read_text().split()] if pids.exists() else []


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split(")")[-1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _start(slow_dot, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT,
                            env=slow_dot["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_dot_has_a_time_limit(slow_dot):
    env = dict(slow_dot["env"], ARCHKB_DOT_TIMEOUT="1")
    out = slow_dot["dir"] / "out"
    done = subprocess.run([sys.executable, "-m", "generator", "render", str(slow_dot["spec"]),
                           "-o", str(out), "-f", "svg,png"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert str(slow_dot["spec"]) in done.stderr and "dot_timeout" in done.stderr
    assert all(not _alive(p) for p in _dot_pids(slow_dot["pids"]))
    assert list(slow_dot["tmp"].iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_dot_does_not_outlive_archkb(slow_dot, sig):
    proc = _start(slow_dot, "render", slow_dot["spec"], "-o", slow_dot["dir"] / "out",
                  "-f", "svg,png")
    assert _wait_for(lambda: _dot_pids(slow_dot["pids"])), proc.communicate(timeout=5)
    [dot] = _dot_pids(slow_dot["pids"])
    proc.send_signal(sig)
    proc.communicate(timeout=30)
    assert _wait_for(lambda: not _alive(dot), 30), "dot outlived archkb"
    if sig == signal.SIGTERM:  # SIGKILL leaves archkb no chance to clean up its temp folder
        assert proc.returncode == 128 + sig
        assert list(slow_dot["tmp"].iterdir()) == []


def test_docs_build_workers_do_not_outlive_sigterm(slow_dot):
    proc = _start(slow_dot, "docs", "build", slow_dot["spec"], "-o", slow_dot["dir"] / "site",
                  "-j", "2")
    assert _wait_for(lambda: len(_dot_pids(slow_dot["pids"])) >= 2), proc.communicate(timeout=5)
    workers = _children(proc.pid)
    assert workers
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert _wait_for(lambda: not any(_alive(p) for p in workers), 30), "workers outlived"
    assert _wait_for(lambda: not any(_alive(p) for p in _dot_pids(slow_dot["pids"])), 30)
    assert _wait_for(lambda: list(slow_dot["tmp"].iterdir()) == [], 30), \
        list(slow_dot["tmp"].iterdir())
