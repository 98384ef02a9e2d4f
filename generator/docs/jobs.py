"""The units of work of a docs build, run in worker processes: a spec (load, lint, render to
SVG) or a DOT diagram (render to SVG). Each returns plain JSON-able data for the cache.

>>> from generator.kb import load_kb
>>> set_kb(load_kb())
>>> r = spec_job("archkb: 1\\ncomponents: {fn: {service: lambda}}\\n", "s.yaml", render=False)
>>> r["ok"], r["name"], [c["service"] for c in r["components"]]
(True, 's', ['lambda'])
>>> spec_job("archkb: 1\\nx: !!python/object/apply:os.system [id]\\n", "bad.yaml")["error"]["line"]
2
"""
from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

from ..errors import ArchkbError, InputError, MissingDependencyError

_KB = None


def set_kb(kb) -> None:
    """The KB the jobs of this process use (a pool initializer calls it in each worker)."""
    global _KB
    _KB = kb


def lint_available() -> bool:
    return importlib.util.find_spec("generator.lint") is not None


def error_dict(exc: InputError | ArchkbError, file: str) -> dict:
    return {"message": getattr(exc, "message", str(exc)), "file": getattr(exc, "file", None) or file,
            "line": getattr(exc, "line", None), "column": getattr(exc, "column", None)}


def spec_svg(spec, kb) -> str:
    """The self-contained SVG of a spec, made by :func:`generator.render.render_spec`."""
    from ..render import render_spec

    with tempfile.TemporaryDirectory(prefix="archkb-docs-") as tmp:
        paths = render_spec(spec, kb, ["svg"], tmp)
        return Path(paths[0]).read_text(encoding="utf-8")


def describe_spec(spec) -> dict:
    """The parts of a spec a page lists (components, connections, groups), as plain data."""
    return {
        "name": spec.name,
        "description": getattr(spec, "description", None),
        "direction": spec.direction,
        "groups": [{"id": g.id, "kind": g.kind, "label": g.label, "parent": g.parent}
                   for g in spec.groups.values()],
        "components": [{"id": c.id, "service": c.service, "label": c.label, "group": c.group,
                        "settings": c.settings, "line": c.location.line}
                       for c in spec.components.values()],
        "connections": [{"from": c.source, "to": c.target, "kind": c.kind, "mode": c.mode,
                         "via": c.via, "label": c.label, "line": c.location.line}
                        for c in spec.connections],
        "warnings": [error_dict(w, spec.file) for w in spec.warnings],
    }


def spec_job(text: str, display: str, render: bool = True, real: str | None = None,
             allow_duplicate_keys: bool = False, root: str | None = None) -> dict:
    """Load, lint and render one spec or template given as text; errors become data.

    ``real`` is the file's actual path, if it has one: the importer finds files a template
    names (an OpenAPI ``DefinitionUri``) beside it; every mention of it in the result is then
    replaced by ``display``, so pages do not depend on where the build ran.
    ``allow_duplicate_keys`` reads a template's duplicate keys last-wins (as warnings).
    ``root`` is the source folder: files the template names may not leave it
    (:mod:`generator.confine`).
    """
    from ..confine import within

    with within(root):
        return _spec_job(text, display, render, real, allow_duplicate_keys)


def _spec_job(text: str, display: str, render: bool, real: str | None,
              allow_duplicate_keys: bool) -> dict:
    from ..spec.template import looks_like_template
    from .specload import imported_kind, load_source

    kb = _KB
    kind = imported_kind(real) or ("template" if looks_like_template(text) else "spec")
    try:
        spec = load_source(text, real or display, kb, real, allow_duplicate_keys)
    except InputError as exc:
        result = {"ok": False, "file": display, "kind": kind,
                  "error": error_dict(exc, real or display)}
        return _renamed(result, real, display)
    except Exception as exc:  # a bug on an odd file must not stop a build of hundreds
        if os.environ.get("ARCHKB_DEBUG"):
            raise
        error = {"message": f"internal error: {type(exc).__name__}: {exc} (set ARCHKB_DEBUG=1 "
                            "for the traceback, and please report it)",
                 "file": display, "line": None, "column": None}
        return _renamed({"ok": False, "file": display, "kind": kind, "error": error}, real,
                        display)
    result = {"ok": True, "file": display, "kind": kind, **describe_spec(spec),
              "lint": lint_available(), "findings": []}
    if result["lint"]:
        from ..lint import lint_spec

        result["findings"] = [f.as_dict() for f in lint_spec(spec, kb)]
    if render:
        try:
            result["svg"] = spec_svg(spec, kb)
        except MissingDependencyError:
            raise
        except ArchkbError as exc:
            result["render_error"] = str(exc)
    return _renamed(_json_safe(result), real, display)


def dot_job(dot_text: str) -> str:
    """Self-contained SVG of a DOT text."""
    from .svg import dot_to_svg

    return dot_to_svg(dot_text)


def _renamed(value, real: str | None, display: str):
    """``value`` with every string mention of the path ``real`` replaced by ``display``."""
    if not real or real == display:
        return value
    if isinstance(value, str):
        return value.replace(real, display)
    if isinstance(value, dict):
        return {k: _renamed(v, real, display) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, real, display) for v in value]
    return value


def _json_safe(value):
    """Settings keep their YAML values; make sure the cache (JSON) keeps them as they were."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
