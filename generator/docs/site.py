"""``archkb docs build``: a static HTML site of the specs under some folders and of the KB.

The work (loading, linting and rendering each spec; drawing each KB node's neighbourhood and
the overview) runs in ``jobs`` worker processes and goes through a content-addressed cache
(:mod:`generator.docs.cache`), so a rebuild only redoes what changed. Pages are then written
(only those whose bytes changed, atomically), pages of a previous build that no longer exist
are removed, and every internal link is checked.

Layout: ``index.html``, ``specs/index.html``, ``specs/<slug>.html``, ``kb/index.html``,
``kb/<id>.html``, ``graph.html``, ``assets/archkb.css``. All links are relative, there is no
script, and the diagrams are inline SVG with embedded icons: the site works from disk,
offline.

>>> default_jobs() >= 1
True
"""
from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..errors import InputError
from . import cache as cachemod
from .discover import SourceFile, find_sources
from .jobs import dot_job, set_kb, spec_job
from .links import BrokenLink, check_links
from .outdir import write_site

CSS_SOURCE = Path(__file__).resolve().parent / "assets" / "archkb.css"

Progress = Callable[[int, int, str, str], None]
"""``progress(done, total, label, status)``; status is rendered, cached or failed."""


@dataclass
class Task:
    key: str
    label: str
    kind: str  # "spec" | "dot" | "const" (a result known without work: an unreadable file)
    args: tuple


@dataclass
class BuildResult:
    site: Path
    pages: list[str] = field(default_factory=list)
    specs: int = 0
    failed: list[str] = field(default_factory=list)  # "file:line:col: message" per bad spec
    warnings: list[str] = field(default_factory=list)  # "file:line:col: warning: message"
    rendered: int = 0
    cached: int = 0
    removed: list[str] = field(default_factory=list)
    broken_links: list[BrokenLink] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"site": str(self.site), "pages": len(self.pages), "specs": self.specs,
                "failed": self.failed, "warnings": self.warnings, "rendered": self.rendered, "cached": self.cached,
                "removed": self.removed, "broken_links": [str(b) for b in self.broken_links],
                "seconds": round(self.seconds, 3)}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _pool_context():
    """Fork on Linux (workers start at once, with the KB already loaded); spawn elsewhere,
    where forking a process that has used system frameworks is not safe."""
    linux = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if linux else "spawn")


def _run(task: Task):
    if task.kind == "spec":
        return spec_job(*task.args)
    return dot_job(*task.args)


def _worker_init(kb, tmp: str) -> None:
    """A worker dies with the build (even a SIGKILLed one), and SIGTERM unwinds its job (the
    ``dot`` child killed, temp folders removed) before it exits (:func:`_run_in_worker`).
    Its temporary folders go under ``tmp``, which the build removes whatever happens to the
    worker (a worker killed before it could clean up leaves nothing behind)."""
    import signal
    import tempfile

    from ..procs import terminated, die_with_parent

    die_with_parent()
    signal.signal(signal.SIGTERM, terminated)
    tempfile.tempdir = tmp
    set_kb(kb)


def _run_in_worker(task: Task):
    try:
        return _run(task)
    except SystemExit as exc:  # SIGTERM: the job unwound; the pool would swallow the exit
        os._exit(exc.code if isinstance(exc.code, int) else 1)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: pending work cancelled, running workers (and so their ``dot``
    children, which die with them) terminated and reaped."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()


def run_tasks(tasks: list[Task], kb, jobs: int, store: cachemod.RenderCache,
              progress: Progress | None = None) -> tuple[dict, int, int]:
    """Results by key (from the cache, else computed by ``jobs`` processes), with the counts
    of rendered and cached results."""
    results: dict = {}
    todo: list[Task] = []
    queued: set[str] = set()
    total = len({t.key for t in tasks})
    rendered = cached = 0
    for task in tasks:
        if task.key in results or task.key in queued:
            continue
        hit = store.get(task.key)
        if hit is not None and _fits(task, hit["value"]):
            results[task.key] = hit["value"]
            cached += 1
            if progress:
                progress(len(results), total, task.label, "cached")
        else:
            todo.append(task)
            queued.add(task.key)

    def done(task: Task, value) -> None:
        nonlocal rendered
        results[task.key] = value
        rendered += 1
        store.put(task.key, {"value": value})
        if progress:
            failed = isinstance(value, dict) and not value.get("ok", True)
            progress(len(results), total, task.label, "failed" if failed else "rendered")

    set_kb(kb)
    if jobs <= 1 or len(todo) <= 1:
        for task in todo:
            done(task, _run(task))
    else:
        import shutil
        import tempfile

        tmp = tempfile.mkdtemp(prefix="archkb-docs-")
        try:
            pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)),
                                       mp_context=_pool_context(), initializer=_worker_init,
                                       initargs=(kb, tmp))
            try:
                futures = {pool.submit(_run_in_worker, task): task for task in todo}
                for future in as_completed(futures):
                    done(futures[future], future.result())
            except BaseException:  # an error, Ctrl-C, SIGTERM: the workers end with the build
                _terminate(pool)
                raise
            pool.shutdown()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return results, rendered, cached


def _fits(task: Task, value) -> bool:
    """Whether a cached value has the shape the task's result has (else it is a miss)."""
    if task.kind == "dot":
        return isinstance(value, str)
    return isinstance(value, dict) and isinstance(value.get("ok"), bool) and (
        isinstance(value.get("error"), dict) or value["ok"])


@functools.lru_cache(maxsize=1)
def _versions() -> tuple:
    """What rendered results depend on besides their input: archkb's code (a hash of its
    files' contents, so an upgrade or any edit invalidates the cache), Graphviz and
    ``diagrams``. Computed once per process: the code that runs is the code imported at its
    start."""
    from importlib import metadata

    from ..system import dot_version

    try:
        diagrams_version = metadata.version("diagrams")
    except metadata.PackageNotFoundError:
        diagrams_version = None
    code = code_hash(Path(__file__).resolve().parent.parent)
    return (__version__, code, dot_version(), diagrams_version)


def code_hash(package: Path) -> str:
    """A hash of the contents of the Python files (and templates) under ``package``: an edit
    that keeps a file's size and modification time still changes it.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.py").write_text("x = 1")
    >>> before = code_hash(d); _ = (d / "a.py").write_text("x = 2")
    >>> code_hash(d) != before
    True
    """
    import hashlib

    code = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".html", ".css", ".js")
                       and p.is_file()):
        code.update(f"{path.relative_to(package).as_posix()}\0".encode())
        code.update(hashlib.sha256(path.read_bytes()).digest())
    return code.hexdigest()[:16]


def _version_parts() -> list:
    return list(_versions())


def plan(kb, sources: list[SourceFile], versions: list | None = None,
         allow_duplicate_keys: bool = False) -> tuple[list[Task], dict]:
    """The tasks of a build and, for the pages, each source's text and each diagram's key."""
    from ..spec.template import looks_like_template
    from .neighbourhood import neighbourhood_dot
    from .overview import trigger_map_dot
    from .specload import read_source

    versions = versions if versions is not None else _version_parts()
    digest = cachemod.kb_digest(kb)
    tasks, texts, keys = [], {}, {"spec": {}, "kb": {}}
    folders: dict[Path, str] = {}
    for src in sources:
        try:
            text = read_source(src.path, src.display, src.root)
        except InputError as exc:
            text = ""
            result = {"ok": False, "file": src.display, "kind": "spec",
                      "error": {"message": exc.message, "file": src.display, "line": exc.line,
                                "column": exc.column}}
            k = cachemod.key("unreadable", src.display, exc.message, exc.line)
            tasks.append(Task(k, src.display, "const", (result,)))
        else:
            real = str(src.path.resolve())
            deps = ""
            if looks_like_template(text) or src.path.is_dir() or src.path.suffix == ".json":
                folder = src.path.resolve() if src.path.is_dir() else src.path.resolve().parent
                if folder not in folders:
                    folders[folder] = _neighbour_files(folder)
                deps = folders[folder]
            k = cachemod.key("spec", versions, digest, src.display, real, deps, text,
                             allow_duplicate_keys)
            root = str(src.root) if src.root else str(Path(real).parent)
            tasks.append(Task(k, src.display, "spec",
                              (text, src.display, True, real, allow_duplicate_keys, root)))
        texts[src.slug] = text
        keys["spec"][src.slug] = k
    for node_id in sorted(kb.nodes):
        dot = neighbourhood_dot(kb, node_id, href=lambda other: _kb_href(kb, other))
        k = cachemod.key("dot", versions, dot)
        tasks.append(Task(k, f"kb/{node_id}", "dot", (dot,)))
        keys["kb"][node_id] = k
    dot = trigger_map_dot(kb)
    keys["overview"] = cachemod.key("dot", versions, dot)
    tasks.append(Task(keys["overview"], "graph overview", "dot", (dot,)))
    return tasks, {"texts": texts, "keys": keys}


def _neighbour_files(folder: Path, limit: int = 5000) -> str:
    """A fingerprint of the YAML/JSON files under a template's folder: the importer reads
    files a template names (an OpenAPI ``DefinitionUri``), so a change there re-renders it."""
    import hashlib

    from .discover import SKIP_DIRS, SUFFIXES

    h, count = hashlib.sha256(), 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(SUFFIXES + (".tf", ".tftpl", ".tfvars")):
                count += 1
                if count > limit:
                    return f"too many files: {time.time_ns()}"  # never reused
                try:
                    st = (Path(dirpath) / name).stat()
                except OSError:
                    continue
                h.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _kb_href(kb, other: str) -> str:
    from .kbpages import node_href

    return node_href(kb, other)


def build_site(srcs: list, out, kb, jobs: int | None = None, use_cache: bool = True,
               progress: Progress | None = None, cache_root: Path | None = None,
               allow_duplicate_keys: bool = False, theme=None) -> BuildResult:
    """Build the site of the specs under ``srcs`` (folders or files) and of ``kb`` into
    ``out``; see the module docstring. A template with a duplicate key does not load unless
    ``allow_duplicate_keys`` (then the last value wins, with a warning). ``theme``: a folder
    of templates and a stylesheet over the built-in ones (:mod:`generator.docs.theme`)."""
    from .home import home_page
    from .kbpages import kb_index_page, kb_page, legend
    from .overview import overview_page
    from .specpages import spec_page, specs_index_page
    from .svg import inline_svg
    from .theme import stylesheet, use_theme

    use_theme(theme)
    start = time.perf_counter()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"the output {out} is a file, not a folder")
    sources = find_sources(srcs, exclude=[out])
    tasks, info = plan(kb, sources, allow_duplicate_keys=allow_duplicate_keys)
    # a file that cannot be read is a result already: no worker needed
    consts = {t.key: t.args[0] for t in tasks if t.kind == "const"}
    store = cachemod.RenderCache(cache_root, enabled=use_cache)
    results, rendered, cached = run_tasks([t for t in tasks if t.kind != "const"], kb,
                                          jobs or default_jobs(), store, progress)
    results.update(consts)
    if use_cache:
        store.prune()

    pages: dict[str, str] = {}
    entries = []
    failed, warnings = [], []
    for src in sources:
        result = results[info["keys"]["spec"][src.slug]]
        entries.append((src.slug, result))
        for w in result.get("warnings", []) if result["ok"] else ():
            where = ":".join(str(w[k]) for k in ("file", "line", "column") if w.get(k) is not None)
            warnings.append(f"{where}: warning: {w['message']}" if where
                            else f"warning: {w['message']}")
        pages[f"specs/{src.slug}.html"] = spec_page(kb, f"specs/{src.slug}.html", result,
                                                    info["texts"][src.slug], __version__)
        if not result["ok"]:
            e = result["error"]
            where = ":".join(str(e[k]) for k in ("file", "line", "column") if e.get(k) is not None)
            failed.append(f"{where}: {e['message']}")
    note = "found under " + ", ".join(_display_src(s) for s in srcs) if srcs else "(no folder given)"
    pages["specs/index.html"] = specs_index_page(entries, __version__, note)
    used_in: dict[str, list] = {}
    for slug, r in entries:
        services = [c["service"] for c in r.get("components", [])] if r["ok"] else []
        for service in sorted(set(services)):
            used_in.setdefault(service, []).append((slug, r["name"], services.count(service)))
    for node_id in sorted(kb.nodes):
        svg = inline_svg(results[info["keys"]["kb"][node_id]], "nb")
        pages[f"kb/{node_id}.html"] = kb_page(kb, node_id, svg, __version__,
                                              used_in.get(node_id, []))
    pages["kb/index.html"] = kb_index_page(kb, __version__)
    pages["graph.html"] = overview_page(kb, inline_svg(results[info["keys"]["overview"]], "map"),
                                        __version__, legend())
    pages["index.html"] = home_page(kb, entries, note)

    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files["assets/archkb.css"] = stylesheet()
    files.update(_search_files(kb, entries))
    removed = write_site(out, files, f"archkb {__version__}")
    result = BuildResult(site=out, pages=sorted(pages), specs=len(sources), failed=failed,
                         warnings=warnings, rendered=rendered, cached=cached, removed=removed,
                         broken_links=check_links(out))
    result.seconds = time.perf_counter() - start
    return result


def _search_files(kb, entries) -> dict[str, bytes]:
    """The search index of this build and the two scripts that read it (vendored lunr.js)."""
    from .search import INDEX_FILE, search_documents, search_index_js

    assets = CSS_SOURCE.parent
    return {INDEX_FILE: search_index_js(search_documents(kb, entries)).encode("utf-8"),
            "assets/lunr.min.js": (assets / "lunr.min.js").read_bytes(),
            "assets/search.js": (assets / "search.js").read_bytes()}


def _display_src(src) -> str:
    p = Path(src)
    return p.resolve().name if p.is_dir() else p.name
