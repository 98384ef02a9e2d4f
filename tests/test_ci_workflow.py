"""The example GitHub Actions workflow (docs/ci/github-actions.yml): its `run:` steps work,
run with bash as GitHub runs them, in a scratch repository with a base and a head commit."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "docs" / "ci" / "github-actions.yml"
OLD = ROOT / "examples" / "api-backend.yaml"
NEW = ROOT / "tests" / "fixtures" / "review" / "api-backend-v2.yaml"
NOT_RUN = {"Install archkb": "installs archkb and Graphviz (already here)",
           "Comment on the pull request": "needs GitHub (gh pr comment)"}
pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="needs git and bash")


def steps() -> list[dict]:
    data = yaml.safe_load(WORKFLOW.read_text())
    return data["jobs"]["archkb"]["steps"]


def test_workflow_shape():
    data = yaml.safe_load(WORKFLOW.read_text())
    assert data[True]["pull_request"]["paths"] == ["architecture/**"]  # `on:` loads as True
    assert data["permissions"]["security-events"] == "write"
    uses = [s.get("uses", "") for s in steps()]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    upload = next(s for s in steps() if s.get("uses", "").startswith("github/codeql-action"))
    assert upload["with"]["sarif_file"] == "archkb.sarif"
    names = [s.get("name") for s in steps()]
    assert set(NOT_RUN) <= set(names)
    for step in steps():  # expressions only in env/with/if: never spliced into a script
        assert "${{" not in step.get("run", ""), step["name"]
    comment = next(s for s in steps() if s.get("name") == "Comment on the pull request")
    assert "--body-file diff.md" in comment["run"]


def _git(repo: Path, *args: str, env: dict) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_run_steps_on_a_pull_request(tmp_path):
    repo = tmp_path / "repo"
    (repo / "architecture").mkdir(parents=True)
    bindir = str(Path(sys.executable).parent)  # where this archkb is installed
    env = {"PATH": bindir + os.pathsep + os.environ["PATH"], "HOME": str(tmp_path),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "ARCHKB_CACHE_DIR": os.environ.get("ARCHKB_CACHE_DIR", str(tmp_path / "cache"))}
    _git(repo, "init", "-q", env=env)
    (repo / "architecture" / "api.yaml").write_bytes(OLD.read_bytes())
    _git(repo, "add", ".", env=env)
    _git(repo, "commit", "-qm", "base", env=env)
    base = _git(repo, "rev-parse", "HEAD", env=env)
    (repo / "architecture" / "api.yaml").write_bytes(NEW.read_bytes())
    (repo / "architecture" / "new.yaml").write_text(
        "archkb: 1\ncomponents: {fn: {service: lambda, timeout: 1200}}\n")
    _git(repo, "add", ".", env=env)
    _git(repo, "commit", "-qm", "head", env=env)
    output = tmp_path / "github_output"
    env.update({"GITHUB_OUTPUT": str(output), "BASE": base})
    ran = []
    for step in steps():
        if "run" not in step or step.get("name") in NOT_RUN:
            continue
        if step.get("if") == "steps.lint.outputs.status != '0'":
            status = dict(line.split("=", 1) for line in output.read_text().splitlines())
            if status["status"] == "0":
                continue
        env_step = {**env, **{k: env.get(k, "") for k in step.get("env", {})}}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 step["run"]], cwd=repo, env=env_step, capture_output=True,
                                text=True)
        ran.append((step["name"], result.returncode))
    # the lint step records its status without failing; the gate fails the job (E2001 in new)
    assert ran == [("Lint", 0), ("Diff against the base branch", 0), ("Fail on lint errors", 1)]
    assert "status=1" in output.read_text()
    sarif = json.loads((repo / "archkb.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"E2001", "W4001"}
    diff = (repo / "diff.md").read_text()
    assert f"### archkb diff: `{base}:architecture/api.yaml` → `architecture/api.yaml`" in diff
    assert "| ➖ removed | `get-order` |" in diff and "```mermaid" in diff
    assert "### archkb: new spec `architecture/new.yaml`" in diff and "E2001" in diff
