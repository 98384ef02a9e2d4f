"""The pre-commit hooks (.pre-commit-hooks.yaml), run for real with ``pre-commit try-repo``
in a scratch git repository: archkb-lint stops a commit on an error; archkb-render fails
when a committed diagram is out of date and passes once it is current."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "examples" / "api-backend.yaml"
pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="archkb is not a git checkout here"),
]


def test_manifest():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"archkb-lint", "archkb-render"}
    assert hooks["archkb-lint"]["entry"] == "archkb lint"
    assert hooks["archkb-render"]["entry"].startswith("archkb render")
    assert all(h["language"] == "system" for h in hooks.values())


@pytest.fixture
def scratch(tmp_path):
    pytest.importorskip("pre_commit", reason="pre-commit is a test dependency (make install)")
    repo = tmp_path / "repo"
    (repo / "architecture").mkdir(parents=True)
    env = {"PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
           "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "ARCHKB_CACHE_DIR": os.environ.get("ARCHKB_CACHE_DIR", str(tmp_path / "cache"))}

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def hook(hook_id):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT),
                               hook_id, "--all-files"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=300)

    git("init", "-q")
    (repo / "architecture" / "orders.yaml").write_bytes(GOOD.read_bytes())
    git("add", ".")
    git("commit", "-qm", "orders")
    return repo, git, hook


def test_lint_hook(scratch):
    repo, git, hook = scratch
    result = hook("archkb-lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "archkb lint" in result.stdout and "Passed" in result.stdout
    (repo / "architecture" / "bad.yaml").write_text(
        "archkb: 1\ncomponents: {fn: {service: lambda, timeout: 1200}}\n")
    git("add", ".")
    result = hook("archkb-lint")
    assert result.returncode == 1
    assert "Failed" in result.stdout and "architecture/bad.yaml:2:" in result.stdout
    assert "E2001" in result.stdout


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is missing")
def test_render_hook_keeps_committed_diagrams_current(scratch):
    repo, git, hook = scratch
    svg = repo / "docs" / "architecture" / "orders.svg"
    first = hook("archkb-render")
    assert svg.read_bytes().startswith(b"<?xml"), first.stdout + first.stderr
    git("add", ".")
    git("commit", "-qm", "diagram")
    again = hook("archkb-render")  # current: nothing to redraw
    assert again.returncode == 0, again.stdout + again.stderr
    before = svg.read_bytes()
    spec = repo / "architecture" / "orders.yaml"
    spec.write_text(spec.read_text().replace("label: orders table", "label: order records"))
    git("add", ".")
    stale = hook("archkb-render")
    assert stale.returncode == 1 and "files were modified by this hook" in stale.stdout
    assert svg.read_bytes() != before and b"order records" in svg.read_bytes()
