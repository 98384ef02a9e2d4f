"""Check every internal link of a built site: the file must exist and the anchor too.

External links (``http:``, ``https:``, ``mailto:``) and ``data:`` URIs are not followed: the
site must work offline, so only what lives inside it is checked. A root-absolute link
(``/kb/x.html``) is broken by definition, because it does not work when the site is opened
from disk.

>>> import tempfile, pathlib
>>> site = pathlib.Path(tempfile.mkdtemp())
>>> _ = (site / "index.html").write_text('<a href="a.html#top">a</a> <a href="b.html">b</a>')
>>> _ = (site / "a.html").write_text('<h1 id="top">A</h1>')
>>> [(b.page, b.href, b.reason) for b in check_links(site)]
[('index.html', 'b.html', 'missing file')]
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {"href", "src", "xlink:href"}
_EXTERNAL_SCHEMES = {"http", "https", "mailto", "data", "tel"}
_DATA_URI = re.compile(r'"data:[^"]*"')


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page holding the link
    href: str
    reason: str  # missing file | missing anchor | absolute path | outside the site | unsafe scheme

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.reason}"




def strip_comments(text: str) -> str:
    """``text`` without HTML comments, in linear time (an unterminated ``<!--`` runs to the
    end, as in HTML; a regex would rescan the rest of the page for every one of them).

    >>> strip_comments("a<!-- x -->b<!-- unterminated")
    'ab'
    """
    parts, i = [], 0
    while True:
        j = text.find("<!--", i)
        if j < 0:
            parts.append(text[i:])
            break
        parts.append(text[i:j])
        k = text.find("-->", j + 4)
        if k < 0:
            break
        i = k + 3
    return "".join(parts)

_TAG = re.compile(r"<([A-Za-z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)"
                  r"\s*/?>")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


@dataclass
class _Scanned:
    ids: set
    links: list


def _scan(path: Path) -> _Scanned:
    """Ids and link targets of a page (a tag scanner: fast on pages full of SVG)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    text = strip_comments(_DATA_URI.sub('"data:"', text))
    ids, links = set(), []
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        for attr in _ATTR.finditer(tag.group(2)):
            key = attr.group(1).lower()
            value = next((v for v in attr.group(2, 3, 4) if v is not None), None)
            if value is None:
                continue
            value = html.unescape(value)
            if key == "id" or (key == "name" and name == "a"):
                ids.add(value)
            elif key in _LINK_ATTRS:
                links.append(value)
    return _Scanned(ids, links)


def check_links(site: Path) -> list[BrokenLink]:
    """Every broken internal link under ``site``, sorted by page then link."""
    site = Path(site)
    pages = sorted(p for p in site.rglob("*.html") if p.is_file())
    scanned = {p.relative_to(site).as_posix(): _scan(p) for p in pages}
    broken: set[BrokenLink] = set()
    for page, found in scanned.items():
        for href in found.links:
            reason = _problem(site, page, href, scanned)
            if reason:
                broken.add(BrokenLink(page, href, reason))
    return sorted(broken, key=lambda b: (b.page, b.href))


def _problem(site: Path, page: str, href: str, scanned: dict) -> str | None:
    parts = urlsplit(href.strip())
    if parts.scheme:
        return None if parts.scheme.lower() in _EXTERNAL_SCHEMES else "unsafe scheme"
    if parts.netloc:
        return "absolute path"  # protocol-relative //host/x needs a network
    if parts.path.startswith("/"):
        return "absolute path"
    if parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            return "outside the site"
        full = site / target
        if full.is_dir():
            target = posixpath.join(target, "index.html")
            full = site / target
        if not full.is_file():
            return "missing file"
    else:
        target = page
    if parts.fragment and target.endswith(".html"):
        ids = scanned[target].ids if target in scanned else set()
        if unquote(parts.fragment) not in ids:
            return "missing anchor"
    return None
