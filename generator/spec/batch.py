"""Many specs and templates at once: folders searched recursively, and a file that fails to
load reported (at its file:line:column) while the others go on.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.yaml").write_text("archkb: 1\\ncomponents: {fn: {service: lambda}}\\n")
>>> (root / "node_modules").mkdir(); _ = (root / "node_modules" / "x.yaml").write_text("archkb: 1\\n")
>>> _ = (root / "notes.yaml").write_text("title: not a spec\\n")
>>> [p.name for p in expand_paths([str(root)])]
['a.yaml']
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

SKIPPED_DIRS = frozenset({".aws-sam", "cdk.out", "node_modules", ".git"})
"""Folders never searched: build output and dependencies hold copies, not sources."""
SPEC_SUFFIXES = (".yaml", ".yml", ".json", ".template")
MAX_FILES = 10_000
"""A folder search stops with an error past this many candidate files (a wrong folder)."""
_SNIFF_BYTES = 64 * 1024
_SPEC_OR_TEMPLATE = re.compile(
    r'(?m)^(?:archkb|AWSTemplateFormatVersion|Transform|Resources)\s*:'
    r'|"(?:archkb|AWSTemplateFormatVersion|Transform|Resources)"\s*:')


def _candidate(path: Path) -> bool:
    """A file in a searched folder is read only when its start shows a spec or template key,
    or the keys of a Terraform plan (``terraform show -json``)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    if head.lstrip().startswith("{") and '"format_version"' in head and \
            '"planned_values"' in head:
        return True
    return bool(_SPEC_OR_TEMPLATE.search(head))


def _source_folder(path: Path) -> bool:
    """A folder that is one source: a Terraform module (its own ``.tf`` files) or CDK output
    (``manifest.json`` and stack templates)."""
    try:
        names = {p.name for p in path.iterdir() if p.is_file()}
    except OSError:
        return False
    return any(n.endswith((".tf", ".tf.json")) for n in names) or \
        "manifest.json" in names and any(n.endswith(".template.json") for n in names)


def expand_paths(paths) -> list[Path]:
    """Files named on the command line as given (whatever their name; a missing one fails at
    load with its name), and for each folder the specs and templates under it, sorted."""
    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir() or _source_folder(path):
            if str(path) not in seen:
                seen.add(str(path))
                out.append(path)
            continue
        found = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
            here = Path(folder)
            if here != path and "modules" not in here.relative_to(path).parts and \
                    any(n.endswith((".tf", ".tf.json")) for n in files):
                found.append(here)  # a Terraform root module below the folder
            for name in sorted(files):
                if name.lower().endswith(SPEC_SUFFIXES):
                    found.append(Path(folder) / name)
            if len(found) > MAX_FILES:
                raise InputError(f"more than {MAX_FILES} YAML/JSON files under {raw}; "
                                 "name a narrower folder", file=str(raw))
        for candidate in found:
            if str(candidate) not in seen and (candidate.is_dir() or _candidate(candidate)):
                seen.add(str(candidate))
                out.append(candidate)
    return out


@dataclass
class Batch:
    """What loading many files gave: the specs, and the files that failed (InputErrors)."""

    specs: list = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)

    @property
    def warnings(self) -> list:
        return [w for spec in self.specs for w in spec.warnings]


def load_batch(paths, kb, allow_duplicate_keys: bool = False, strict: bool = False,
               **import_options) -> Batch:
    """Load every file :func:`expand_paths` finds (and Terraform module and ``cdk.out``
    folders); each failure is kept, located, and the rest go on. ``strict`` makes a file with
    load warnings (what an import could not use) a failure, at its first warning
    (``import_options``: see :func:`generator.spec.load_any`)."""
    from . import load_any
    from .source import located

    batch = Batch()
    found: list[Path] = []
    for raw in paths:
        more = [p for p in expand_paths([raw]) if str(p) not in {str(f) for f in found}]
        if not more and Path(raw).is_dir():
            batch.failures.append(InputError(
                "no archkb spec, template, Terraform module or plan found in this folder (searched "
                f"recursively, skipping {', '.join(sorted(SKIPPED_DIRS))})", str(raw)))
        found += more
    for path in found:
        try:
            spec = load_any(path, kb, allow_duplicate_keys=allow_duplicate_keys,
                            **import_options)
        except InputError as exc:
            batch.failures.append(exc if exc.file else InputError(exc.message, str(path)))
            continue
        if strict and spec.warnings:
            first = spec.warnings[0]
            more = f" (and {len(spec.warnings) - 1} more warning(s))" \
                if len(spec.warnings) > 1 else ""
            batch.failures.append(located(InputError(
                f"{first.message}{more} [--strict]", first.file or spec.file, first.line,
                first.column)))
            continue
        batch.specs.append(spec)
    return batch
