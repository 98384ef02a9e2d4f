"""The MkDocs plugin ``archkb`` (``plugins: [archkb]`` in ``mkdocs.yml``).

A fenced block ```` ```archkb ```` holding a spec, a CloudFormation/SAM template, or one line
``file: path/to/spec.yaml`` (relative to the docs folder; also a Terraform module folder, a
Terraform plan in JSON or a ``cdk.out`` folder) becomes the diagram as inline SVG,
followed by its lint findings as an admonition. A block that cannot be drawn becomes an error
admonition, and the error — naming the page and line — is logged as an error, so
``mkdocs build --strict`` fails (even with ``-q``); without ``--strict`` the build goes on. Nothing in a page is ever executed: blocks are YAML, read
safely; ``file:`` paths cannot leave the docs folder.

Options::

    plugins:
      - archkb:
          kb: [my-kb]        # extra KB folders, relative to mkdocs.yml
          fail_on: never     # error | warning | info: findings this severe are also
                             # logged as warnings (so --strict fails on them)
          cache: true        # reuse diagrams whose block and KB did not change
          allow_duplicate_keys: false  # read templates with duplicate keys last-wins, as
                             # CloudFormation does (each duplicate logged at info level, so
                             # --strict does not fail on it); by default it is an error

MkDocs is an optional extra: ``pip install 'archkb[docs]'``.

>>> plugin = ArchkbPlugin()
>>> plugin.load_config({"fail_on": "warning"})
([], [])
>>> plugin.config.fail_on, plugin.config.cache
('warning', True)
"""
from __future__ import annotations

import secrets
import zlib
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..errors import ArchkbError, MissingDependencyError

log = get_plugin_logger("archkb")


class ArchkbConfig(base.Config):
    kb = c.ListOfItems(c.Type(str), default=[])
    fail_on = c.Choice(("never", "error", "warning", "info"), default="never")
    cache = c.Type(bool, default=True)
    allow_duplicate_keys = c.Type(bool, default=False)


class ArchkbPlugin(BasePlugin[ArchkbConfig]):
    """Replaces ```` ```archkb ```` blocks by diagrams and findings (see the module doc)."""

    def __init__(self):
        self._kb = None
        self._store = None
        self._versions = None
        self._digest = None
        self._pending: dict[str, dict[str, str]] = {}
        self._docs_dir: Path | None = None
        self._nonce = secrets.token_hex(6)
        self._config_dir: Path | None = None

    # -- set-up -----------------------------------------------------------------------------
    def on_config(self, config):
        self._docs_dir = Path(config["docs_dir"])
        self._config_dir = Path(config.config_file_path or ".").resolve().parent
        self._kb = None  # reload on each build (mkdocs serve): the KB may have changed
        return config

    def _load(self):
        if self._kb is None:
            from ..kb import load_kb
            from .cache import RenderCache, kb_digest
            from .site import _version_parts

            dirs = [str((self._config_dir / d).resolve()) for d in self.config.kb]
            try:
                self._kb = load_kb(tuple(dirs))
            except ArchkbError as exc:
                raise PluginError(f"archkb: the knowledge base does not load: {exc}") from None
            self._digest = kb_digest(self._kb)
            self._versions = _version_parts()
            self._store = RenderCache(enabled=self.config.cache)
        return self._kb

    def _run(self, text: str, name: str, real: str | None = None) -> dict:
        """Load, lint and render one spec text (through the cache)."""
        from .cache import key
        from .jobs import set_kb, spec_job

        from ..spec.template import looks_like_template
        from .site import _neighbour_files

        kb = self._load()
        allow = self.config.allow_duplicate_keys
        deps = ""
        if looks_like_template(text):  # files it names (OpenAPI) are part of the key
            deps = _neighbour_files(Path(real).parent if real else
                                    (self._docs_dir / name).resolve().parent)
        k = key("spec", self._versions, self._digest, name, real, text, allow, deps)
        hit = self._store.get(k)
        if hit is not None:
            return hit["value"]
        set_kb(kb)
        try:
            result = spec_job(text, name, True, real, allow_duplicate_keys=allow,
                              root=str(self._docs_dir.resolve()))
        except MissingDependencyError as exc:
            raise PluginError(f"archkb: {exc}") from None
        self._store.put(k, {"value": result})
        return result

    # -- pages ------------------------------------------------------------------------------
    def on_page_markdown(self, markdown, page, config, files):
        from .blocks import render_block
        from .fences import find_blocks, replace_blocks
        from .specpages import SEVERITY_ORDER

        blocks = find_blocks(markdown)
        if not blocks:
            return markdown
        src = page.file.src_uri
        tokens, html = [], {}
        threshold = self.config.fail_on
        for n, block in enumerate(blocks, 1):
            # closed at both ends, with a per-build nonce: no token is a prefix of another
            # (block 1 of block 10) and a page cannot spell one
            token = f"ARCHKBBLOCK{self._nonce}{zlib.crc32(src.encode()):08x}X{n}Z"
            result = render_block(block, src, self._docs_dir, self._run, n)
            for problem in result.problems:
                log.error(problem)
            for warning in result.warnings:
                log.info(f"{warning} (archkb block in {src})")
            if threshold != "never":
                limit = SEVERITY_ORDER.index(threshold)
                for f in result.findings:
                    if SEVERITY_ORDER.index(f["severity"]) <= limit:
                        loc = ":".join(str(f["location"][k]) for k in ("file", "line", "column")
                                       if f["location"].get(k) is not None)
                        log.warning(f"{loc}: {f['severity']} {f['rule']} {f['message']} "
                                    f"(archkb block in {src})")
            tokens.append(token)
            html[token] = result.html
        self._pending[src] = html
        return replace_blocks(markdown, blocks, tokens)

    def on_page_content(self, html, page, config, files):
        pending = self._pending.pop(page.file.src_uri, None)
        if not pending:
            return html
        for token, fragment in pending.items():
            html = html.replace(f"<p>{token}</p>", fragment).replace(token, fragment)
        return html
