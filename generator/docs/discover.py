"""Find the specs, CloudFormation/SAM templates, Terraform root modules and plans under the
source folders of a docs build.

A file is a candidate when its name ends in ``.yaml``, ``.yml``, ``.json`` or ``.template``
and its text has a top-level ``archkb:`` key (a spec) or ``AWSTemplateFormatVersion``,
``Resources`` or ``Transform`` (a template), or is a Terraform plan (``format_version`` and
``planned_values``). A folder of ``.tf`` files is a candidate too, unless it is under a
``modules`` folder or another folder calls it as a local module. Other YAML (``mkdocs.yml``, CI files) is left
alone without being parsed; a candidate that fails to load gets a page naming the error.

>>> slugify("orders/api v2.yaml")
'orders-api-v2'
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".yaml", ".yml", ".json", ".template")
SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", ".aws-sam", "cdk.out"}
MAX_BYTES = 5_000_000
_YAML_KEYS = re.compile(r"^(?:archkb|AWSTemplateFormatVersion|Resources|Transform)\s*:", re.M)
_JSON_KEYS = re.compile(r'"(?:archkb|AWSTemplateFormatVersion|Resources|Transform)"\s*:')


@dataclass(frozen=True)
class SourceFile:
    """A spec or template to document: where it is, how pages call it, its page slug."""

    path: Path
    display: str
    slug: str
    root: Path | None = None
    """The source folder the file was found under: it may not lead out of it (symlinks)."""


def slugify(text: str) -> str:
    """A file-name-safe slug: lowercase, digits, hyphens; the file extension dropped."""
    text = re.sub(r"\.(ya?ml|json|template)$", "", text, flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "spec"


def looks_like_spec(path: Path, root: Path | None = None) -> bool:
    """Whether the file's text has the top-level key of a spec or a template. A file the
    loader would refuse (a FIFO, a device, too large, a symlink out of ``root``) counts, so
    its page names the problem; it is not read here (a FIFO would block)."""
    import stat

    try:
        st = path.stat()
        if root is not None and not path.resolve().is_relative_to(root):
            return True
    except (OSError, RuntimeError):
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return True  # let the loader say what is wrong with it
    try:
        with open(path, "rb") as fh:
            text = fh.read(MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    if text.lstrip().startswith("{") and '"format_version"' in text[:4096] and \
            '"planned_values"' in text:
        return True  # a Terraform plan (terraform show -json)
    pattern = _JSON_KEYS if text.lstrip().startswith("{") else _YAML_KEYS
    return bool(pattern.search(text))


def _walk(root: Path, exclude: set[Path]) -> list[Path]:
    """Candidate files, and Terraform root module folders (a folder of ``.tf`` files that is
    not a ``modules/...`` folder and that no other folder calls as a local module)."""
    found = []
    called: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS
                             and (here / d).resolve() not in exclude)
        tf = [n for n in filenames if n.endswith((".tf", ".tf.json"))]
        if tf and "modules" not in here.relative_to(root).parts:
            found.append(here)
            called |= _local_modules(here, tf)
        for name in sorted(filenames):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                found.append(here / name)
    return [p for p in found if p.resolve() not in called]


_MODULE_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]+)"', re.M)


def _local_modules(folder: Path, names: list[str]) -> set[Path]:
    out = set()
    for name in names:
        try:
            text = (folder / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        out |= {(folder / m).resolve() for m in _MODULE_SOURCE.findall(text)}
    return out


def find_sources(srcs: list, exclude: list = ()) -> list[SourceFile]:
    """The candidates under ``srcs`` (folders or files), in a stable order, with unique slugs.

    Pages name a file by its folder's name and its path below it
    (``serverless-patterns/sqs-lambda/template.yaml``), so the site does not depend on where
    the build ran. ``exclude`` folders (the output site) are not searched.
    """
    skip = {Path(e).resolve() for e in exclude}
    seen: set[Path] = set()
    files: list[SourceFile] = []
    slugs: set[str] = {"index"}  # specs/index.html is the list of specs
    for src in srcs:
        src = Path(src)
        root = None
        if src.is_file() or (src.exists() and not src.is_dir()):
            pairs = [(src, src.name)]
        elif src.is_dir():
            base = src.resolve().name or "src"
            root = src.resolve()
            pairs = [(p, f"{base}/{p.relative_to(src).as_posix()}".rstrip("/."))
                     for p in _walk(src, skip) if p.is_dir() or looks_like_spec(p, root)]
        else:
            from ..errors import InputError

            raise InputError(f"no such file or folder: {src}")
        for path, display in pairs:
            try:
                real = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop: the reader names it
                real = path.absolute()
            if real in seen:
                continue
            seen.add(real)
            slug, n = slugify(display), 1
            while slug in slugs:
                n += 1
                slug = f"{slugify(display)}-{n}"
            slugs.add(slug)
            files.append(SourceFile(path, display, slug, root))
    return files
