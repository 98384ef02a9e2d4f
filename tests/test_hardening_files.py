"""Hardening (issue 17): nothing outside the output folder is written or deleted, symlinks and
special files in inputs are refused, outputs keep the umask and read-only files."""
from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from generator.docs.discover import find_sources
from generator.docs.outdir import MANIFEST, write_site
from generator.docs.specload import read_text
from generator.errors import InputError
from generator.fsutil import read_input, write_atomic, write_output

SPEC = "archkb: 1\ncomponents: {fn: {service: lambda}}\n"


# -- the docs build's output folder ---------------------------------------------------------
def test_manifest_cannot_delete_absolute_paths(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "site"
    out.mkdir()
    (out / MANIFEST).write_text(json.dumps({"files": [str(victim)]}))
    assert write_site(out, {"index.html": b"x"}, "t") == []
    assert victim.read_text() == "keep me"


def test_manifest_cannot_delete_through_a_symlink(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.html").write_text("keep me")
    out = tmp_path / "site"
    out.mkdir()
    (out / "link").symlink_to(outside)
    (out / MANIFEST).write_text(json.dumps({"files": ["link/precious.html"]}))
    assert write_site(out, {"index.html": b"x"}, "t") == []
    assert (outside / "precious.html").read_text() == "keep me"


def test_a_symlinked_sub_folder_does_not_redirect_writes(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "site"
    out.mkdir()
    (out / "kb").symlink_to(outside)
    with pytest.raises(InputError, match="symbolic link"):
        write_site(out, {"kb/lambda.html": b"x"}, "t")
    assert list(outside.iterdir()) == []


def test_a_symlinked_page_is_not_written_through(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").symlink_to(target)
    with pytest.raises(InputError, match="symbolic link"):
        write_site(out, {"index.html": b"x"}, "t")
    assert target.read_text() == "keep me"


def test_previous_pages_inside_are_still_removed(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"a.html": b"a", "sub/b.html": b"b"}, "t")
    assert write_site(out, {"a.html": b"a"}, "t") == ["sub/b.html"]
    assert not (out / "sub" / "b.html").exists()


# -- the docs build's sources ----------------------------------------------------------------
def test_symlinked_file_leaving_the_source_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("archkb: 1\nname: TOKEN=hunter2\ncomponents: {}\n")
    src = tmp_path / "docs"
    src.mkdir()
    (src / "env.yaml").symlink_to(secret)
    [found] = find_sources([src])
    with pytest.raises(InputError, match="outside the source folder") as err:
        read_text(found.path, found.display, found.root)
    assert "hunter2" not in str(err.value)


def test_a_fifo_does_not_block_discovery_or_reading(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    os.mkfifo(src / "pipe.yaml")
    done = []

    def work():
        [found] = find_sources([src])
        with pytest.raises(InputError, match="not a regular file"):
            read_text(found.path, found.display, found.root)
        done.append(True)

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(20)
    assert done == [True]


def test_a_spec_named_index_does_not_replace_the_spec_list(tmp_path):
    (tmp_path / "index.yaml").write_text(SPEC)
    [found] = find_sources([tmp_path / "index.yaml"])
    assert found.slug != "index"


# -- bounded reads -----------------------------------------------------------------------------
def test_devices_are_refused(invoke):
    result = invoke("lint", "/dev/zero")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_file_size_limit(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_text(SPEC + "#" * 2000 + "\n")
    monkeypatch.setenv("ARCHKB_MAX_FILE_BYTES", "1000")
    with pytest.raises(InputError, match="larger than the limit of 1,000 bytes"):
        read_input(big)
    monkeypatch.setenv("ARCHKB_MAX_FILE_BYTES", "100000")
    assert read_input(big).startswith(b"archkb")


def test_limit_option_raises_a_limit(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKB_MAX_FILE_BYTES", "10")
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    assert invoke("lint", spec).exit_code == 2
    assert invoke("--limit", "max_file_bytes=100000", "lint", spec).exit_code == 0


# -- atomic writes ---------------------------------------------------------------------------
def test_write_atomic_keeps_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "a.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o600


def test_write_atomic_writes_through_a_symlink(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    (tmp_path / "link.txt").symlink_to(target)
    write_atomic(tmp_path / "link.txt", b"new")
    assert (tmp_path / "link.txt").is_symlink()
    assert target.read_text() == "new"


def test_write_atomic_does_not_replace_a_read_only_file(tmp_path):
    target = tmp_path / "ro.txt"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(PermissionError):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    write_atomic(target, b"new", force=True)
    assert target.read_text() == "new"
    assert list(tmp_path.iterdir()) == [target]  # no temp file left


@pytest.mark.parametrize("args", [["schema", "-o"], ["kb", "export", "-o"]])
def test_output_to_a_missing_folder_is_exit_2(invoke, tmp_path, args):
    target = tmp_path / "missing" / "out.json"
    result = invoke(*args, target)
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_import_does_not_replace_its_template(invoke, tmp_path):
    template = tmp_path / "t.yaml"
    text = "Resources:\n  Q: {Type: AWS::SQS::Queue}\n"
    template.write_text(text)
    result = invoke("import", template, "-o", template)
    assert result.exit_code == 2
    assert template.read_text() == text


def test_long_output_names_can_be_written(tmp_path):
    target = tmp_path / ("n" * 245 + ".svg")
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"


@pytest.mark.parametrize("doc", ["README.md", "SECURITY.md"])
def test_the_limits_table_is_current(doc):
    from generator.limits import table_markdown

    text = (Path(__file__).resolve().parents[1] / doc).read_text(encoding="utf-8")
    table = text.split("<!-- limits:start -->\n")[1].split("\n<!-- limits:end -->")[0]
    assert table == table_markdown(), f"update the limits table of {doc}"


def test_site_output_needs_an_existing_parent_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        write_site(tmp_path / "missing" / "site", {"index.html": b"x"}, "t")
    assert not (tmp_path / "missing").exists()


def test_force_replaces_a_read_only_output(invoke, tmp_path):
    target = tmp_path / "schema.json"
    target.write_text("old")
    target.chmod(0o444)
    result = invoke("schema", "-o", target)
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert target.read_text() == "old"
    assert invoke("schema", "-o", target, "--force").exit_code == 0
    assert target.read_text().startswith("{")


def test_render_replaces_a_read_only_diagram_only_with_force(invoke, tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text("archkb: 1\ncomponents: {fn: {service: lambda}}\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "s.dot").write_text("old")
    (out / "s.dot").chmod(0o444)
    result = invoke("render", spec, "-f", "dot", "-o", out, "--no-lint")
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert (out / "s.dot").read_text() == "old"
    assert invoke("render", spec, "-f", "dot", "-o", out, "--no-lint", "--force").exit_code == 0
    assert "digraph" in (out / "s.dot").read_text()
