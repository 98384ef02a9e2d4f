"""`archkb docs build` and the MkDocs plugin take Terraform folders and plans as they take
templates."""
from __future__ import annotations

import shutil
from pathlib import Path

from generator.docs.discover import find_sources

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TERRAFORM = FIXTURES / "terraform"


def test_sources_include_terraform_root_modules_and_plans_not_child_modules():
    found = {s.display for s in find_sources([TERRAFORM])}
    assert {"terraform/orders", "terraform/plan", "terraform/plan/plan.json"} <= found
    assert not any("modules" in d for d in found)


def test_docs_build_draws_a_terraform_folder_with_its_findings(invoke, tmp_path):
    src = tmp_path / "infra"
    shutil.copytree(TERRAFORM / "orders", src / "orders")
    out = tmp_path / "site"
    result = invoke("docs", "build", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "specs" / "infra-orders.html").read_text(encoding="utf-8")
    assert "Terraform module" in page and "<svg" in page
    assert "infra/orders/main.tf:40:1" in page  # a finding's place in the .tf files
    assert str(tmp_path) not in page  # pages do not depend on where the build ran


def test_mkdocs_file_block_takes_a_terraform_folder_and_a_plan(tmp_path, kb):
    from generator.docs.blocks import render_block
    from generator.docs.fences import find_blocks
    from generator.docs.jobs import set_kb, spec_job

    docs = tmp_path / "docs"
    shutil.copytree(TERRAFORM / "orders", docs / "orders")
    shutil.copy(TERRAFORM / "plan" / "plan.json", docs / "plan.json")
    page = "```archkb\nfile: orders\n```\n\n```archkb\nfile: plan.json\n```\n"
    set_kb(kb)

    def run(text, name, real=None):
        return spec_job(text, name, True, real)

    for n, block in enumerate(find_blocks(page), 1):
        result = render_block(block, "index.md", docs, run, n)
        assert not result.problems, result.problems
        assert '<div class="archkb-diagram"' in result.html
    orders = render_block(find_blocks(page)[0], "index.md", docs, run, 1)
    assert any(f["location"]["file"] == "orders/main.tf" for f in orders.findings)
