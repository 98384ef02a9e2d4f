"""Hardening (issue 17): caches hold data only, sealed per user; a cache someone else wrote is
ignored, never run or inlined."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cachefs import read_sealed, write_sealed
from generator.docs import cache as cachemod
from generator.docs.svg import WITHHELD, inline_svg

ROOT = Path(__file__).resolve().parents[1]


class _Boom:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['BOOM_MARK']}",))


def _query(cache: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ARCHKB_CACHE_DIR=str(cache), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "generator", "triggers", "lambda", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_planted_cache_file_runs_no_code(tmp_path):
    cache = tmp_path / "cache"
    assert _query(cache).returncode == 0
    mark = tmp_path / "pwned"
    os.environ["BOOM_MARK"] = str(mark)
    try:
        payload = pickle.dumps(_Boom())
    finally:
        del os.environ["BOOM_MARK"]
    files = [p for p in cache.iterdir() if p.name.startswith("kb-")]
    assert files, list(cache.iterdir())
    for path in files:  # overwrite every KB cache file, whatever it is called
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    result = _query(cache)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]
    assert not mark.exists()


def test_cache_files_are_not_pickles(tmp_path):
    cache = tmp_path / "cache"
    assert _query(cache).returncode == 0
    kb_files = [p for p in cache.iterdir() if p.name.startswith("kb-")]
    for path in kb_files:
        mac, _, data = path.read_bytes().partition(b"\n")
        assert len(mac) == 64 and json.loads(data)["nodes"]


def test_a_cache_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    import generator.cachefs as cachefs

    shared = tmp_path / "shared"
    shared.mkdir()
    write_sealed(shared / "x.json", b"{}")
    monkeypatch.setattr(cachefs.os, "getuid", lambda: os.stat(shared).st_uid + 1)
    assert write_sealed(shared / "y.json", b"{}") is False
    assert read_sealed(shared / "x.json") is None


def test_the_users_own_group_writable_cache_folder_is_made_private(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    mine.chmod(0o777)
    assert write_sealed(mine / "x.json", b"{}")
    assert mine.stat().st_mode & 0o777 == 0o755
    assert read_sealed(mine / "x.json") == b"{}"


def test_an_entry_without_the_right_seal_is_a_miss(tmp_path):
    store = cachemod.RenderCache(tmp_path)
    store.put("ab" * 32, {"value": "<svg/>"})
    assert store.get("ab" * 32) == {"value": "<svg/>"}
    path = tmp_path / "ab" / f"{'ab' * 32}.json"
    path.write_text(json.dumps({"value": "<svg onload='alert(1)'/>"}))
    assert store.get("ab" * 32) is None


def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path):
    store = cachemod.RenderCache(tmp_path)
    store.put("cd" * 32, ["not", "a", "dict"])
    assert store.get("cd" * 32) is None


def test_tampered_svg_is_never_inlined():
    for svg in ('<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"></svg>',
                '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
                '<svg><foreignObject><div>x</div></foreignObject></svg>',
                '<svg><image href="https://evil.example/x.png"/></svg>'):
        assert inline_svg(svg, "p") == WITHHELD, svg


def test_old_entries_are_pruned(tmp_path):
    store = cachemod.RenderCache(tmp_path)
    store.put("ef" * 32, {"value": 1})
    path = tmp_path / "ef" / f"{'ef' * 32}.json"
    old = time.time() - 40 * 86400
    os.utime(path, (old, old))
    assert store.prune() == 1
    assert not path.exists()


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import generator.fsutil as fsutil

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", lambda fd: full(fd, b""))
    assert write_sealed(tmp_path / "x.json", b"{}") is False
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]


def test_kb_cache_key_sees_same_size_edits_that_keep_the_mtime(tmp_path):
    from generator.kb.store import fingerprint

    kb = tmp_path / "kb"
    (kb / "services").mkdir(parents=True)
    f = kb / "services" / "x.yaml"
    f.write_text("id: x\nname: aaa\n")
    before = fingerprint([kb])
    st = f.stat()
    time.sleep(0.01)
    f.write_text("id: x\nname: bbb\n")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert fingerprint([kb]) != before


def test_kb_cache_key_covers_the_compiler_code():
    from generator.kb import store

    assert "graph/compile.py" in store._CODE and "kb/loader.py" in store._CODE


def test_mkdocs_cache_key_covers_included_files(tmp_path, monkeypatch):
    pytest.importorskip("mkdocs")
    import generator.docs.jobs as jobs
    from generator.docs.mkdocs_plugin import ArchkbPlugin

    calls = []

    def fake_job(text, name, render=True, real=None, allow_duplicate_keys=False, root=None):
        calls.append(name)
        return {"ok": True, "svg": "<svg/>", "findings": []}

    monkeypatch.setattr(jobs, "spec_job", fake_job)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "openapi.yaml").write_text("openapi: 3.0.0\npaths: {}\n")
    template = docs / "t.yaml"
    template.write_text("Resources:\n  Api:\n    Type: AWS::Serverless::Api\n"
                        "    Properties: {DefinitionUri: openapi.yaml}\n")
    plugin = ArchkbPlugin()
    plugin.load_config({})
    plugin._docs_dir, plugin._config_dir = docs, tmp_path
    text = template.read_text()
    plugin._run(text, "t.yaml", str(template))
    plugin._run(text, "t.yaml", str(template))
    assert len(calls) == 1  # cached
    (docs / "openapi.yaml").write_text("openapi: 3.0.0\npaths: {/x: {}}\n")
    plugin._run(text, "t.yaml", str(template))
    assert len(calls) == 2  # the included file changed: rendered again


def test_a_secret_others_could_read_is_replaced(tmp_path):
    assert write_sealed(tmp_path / "x.json", b"{}")
    (tmp_path / "secret").chmod(0o644)
    assert read_sealed(tmp_path / "x.json") is None  # a new secret: old entries are misses
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600


def test_a_planted_query_index_pickle_is_never_unpickled(tmp_path):
    """The query indexes are the one pickle in the cache: one that this user's archkb did not
    seal is a miss, and its payload never runs."""
    import pickle

    from generator.cachefs import private_dir
    from generator.query.cache import _read, _write

    folder = private_dir(tmp_path / "cache")
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    planted = folder / "query-lexicon-x-0.pickle"
    planted.write_bytes(pickle.dumps(Payload()))
    assert _read(planted, folder) is None and not marker.exists()
    _write(planted, {"ok": 1}, "query-lexicon-")
    assert _read(planted, folder) == {"ok": 1}
