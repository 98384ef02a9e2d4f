"""The console script ends without finalizing the interpreter (generator.procs.quick_exit):
exit statuses, output and atexit handlers must be exactly what a normal exit gives."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ARCHKB = [sys.executable, "-m", "generator"]


def run(*args, **kwargs):
    return subprocess.run(ARCHKB + list(args), capture_output=True, text=True, timeout=60,
                          **kwargs)


@pytest.mark.parametrize("args, status", [
    (["--version"], 0),
    (["explain", "lambda", "--json"], 0),
    (["explain", "no-such-service"], 2),
    (["rendr"], 2),
])
def test_exit_status_is_kept(args, status):
    assert run(*args).returncode == status


def test_piped_output_arrives_whole():
    """A large JSON answer written to a pipe is flushed before the process ends."""
    proc = run("kb", "export")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["nodes"]) >= 100


def test_reader_that_stops_early_gets_no_traceback():
    proc = subprocess.Popen(ARCHKB + ["kb", "export"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_atexit_handlers_still_run(tmp_path):
    """quick_exit runs atexit handlers (the multiprocessing and concurrent.futures ones live
    there) before it skips the interpreter's teardown."""
    mark = tmp_path / "ran"
    code = ("import atexit, sys\n"
            f"atexit.register(lambda: open({str(mark)!r}, 'w').write('yes'))\n"
            "sys.argv = ['archkb', '--version']\n"
            "from generator.cli import main\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert "archkb" in proc.stdout
    assert mark.read_text() == "yes"
