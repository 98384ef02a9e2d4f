"""Docs builds in parallel and incrementally: the same bytes with 1 or 2 workers, nothing
rendered again when nothing changed, one spec rendered again when one changed, pages of
removed specs removed, progress reported, and a spec that tries to run code refused."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.docs.links import check_links
from generator.docs.site import build_site

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@pytest.fixture
def specs(tmp_path):
    src = tmp_path / "specs"
    shutil.copytree(FIXTURES / "specs", src)
    return src


def test_parallel_and_incremental_builds(specs, tmp_path, kb):
    calls = []

    def progress(done, total, label, status):
        calls.append((done, total, status))

    one = build_site([specs], tmp_path / "one", kb, jobs=1, cache_root=tmp_path / "c1")
    two = build_site([specs], tmp_path / "two", kb, jobs=2, cache_root=tmp_path / "c2",
                     progress=progress)
    assert files(tmp_path / "one") == files(tmp_path / "two")  # deterministic, any -j
    tasks = len(kb.nodes) + 1 + 3  # a diagram per node, the overview, three specs
    assert one.rendered == two.rendered == tasks and two.cached == 0
    assert calls[-1][:2] == (tasks, tasks) and sorted(c[0] for c in calls) == list(range(1, tasks + 1))
    assert sum(1 for c in calls if c[2] == "failed") == 1  # broken.yaml

    before = {p: (tmp_path / "two" / p).stat().st_mtime_ns for p in two.pages}
    again = build_site([specs], tmp_path / "two", kb, jobs=2, cache_root=tmp_path / "c2")
    assert again.rendered == 0 and again.cached == tasks
    assert {p: (tmp_path / "two" / p).stat().st_mtime_ns for p in two.pages} == before

    orders = specs / "orders.yaml"
    orders.write_text(orders.read_text().replace("label: worker", "label: order worker"))
    changed = build_site([specs], tmp_path / "two", kb, jobs=2, cache_root=tmp_path / "c2")
    assert changed.rendered == 1
    assert "order worker" in (tmp_path / "two" / "specs" / "specs-orders.html").read_text()

    (specs / "broken.yaml").unlink()
    fewer = build_site([specs], tmp_path / "two", kb, jobs=2, cache_root=tmp_path / "c2")
    assert fewer.removed == ["specs/specs-broken.html"] and fewer.failed == []
    assert not (tmp_path / "two" / "specs" / "specs-broken.html").exists()
    assert check_links(tmp_path / "two") == []


def test_a_spec_with_a_python_tag_is_refused_not_run(tmp_path, kb):
    marker = tmp_path / "pwned"
    src = tmp_path / "src"
    src.mkdir()
    (src / "evil.yaml").write_text(
        "archkb: 1\n"
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
        "components: {fn: {service: lambda}}\n")
    (src / "evil-template.yaml").write_text(
        "Resources:\n"
        f"  Q: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n")
    result = build_site([src], tmp_path / "site", kb, jobs=2)  # the session's cache
    assert not marker.exists()
    assert sorted(result.failed) == [
        "src/evil-template.yaml:2:6: tag '!!python/object/apply:subprocess.call' is not allowed "
        "(archkb loads YAML safely)",
        "src/evil.yaml:2:7: tag '!!python/object/apply:os.system' is not allowed "
        "(archkb loads YAML safely)"]


def test_output_that_is_a_file_is_an_error(tmp_path, kb):
    from generator.errors import InputError

    (tmp_path / "site").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        build_site([], tmp_path / "site", kb, jobs=1, cache_root=tmp_path / "c")


def test_a_template_reads_its_openapi_file_and_is_rebuilt_when_it_changes(tmp_path, kb):
    src = tmp_path / "openapi"
    shutil.copytree(FIXTURES / "openapi", src)
    site = tmp_path / "site"
    build_site([src], site, kb, jobs=2)  # the session's cache: KB diagrams are reused
    text = (site / "specs" / "openapi-template.html").read_text()
    assert "GET /items" in text and "not found" not in text
    assert str(tmp_path) not in text  # the file's real path is not on the page
    api = src / "api.yaml"
    api.write_text(api.read_text().replace("/items", "/orders"))
    again = build_site([src], site, kb, jobs=2)
    assert again.rendered == 1
    assert "GET /orders" in (site / "specs" / "openapi-template.html").read_text()


def test_a_loader_bug_on_one_file_is_a_failed_page_not_a_crash(monkeypatch, kb):
    import generator.docs.specload as specload
    from generator.docs.jobs import set_kb, spec_job

    def boom(*args):
        raise RuntimeError("odd template")

    monkeypatch.setattr(specload, "load_text", boom)
    monkeypatch.delenv("ARCHKB_DEBUG", raising=False)
    set_kb(kb)
    result = spec_job("archkb: 1\ncomponents: {}\n", "x/odd.yaml", render=False)
    assert not result["ok"] and result["file"] == "x/odd.yaml"
    assert result["error"]["message"].startswith("internal error: RuntimeError: odd template")
