"""HTML building blocks for the static site: escaping, links, tables and the page frame.

Every page links its stylesheet and its neighbours with relative URLs, so the site opens from
disk without a server; nothing here reads the clock, so the same input gives the same bytes.

>>> esc('<a href="x">')
'&lt;a href=&quot;x&quot;&gt;'
>>> link("kb/sqs.html", "Amazon SQS")
'<a href="kb/sqs.html">Amazon SQS</a>'
>>> root_of("kb/lambda.html"), root_of("index.html")
('../', '')
"""
from __future__ import annotations

import html
import re
from typing import Iterable

CSS_PATH = "assets/archkb.css"
SCRIPTS = ("assets/lunr.min.js", "assets/search-index.js", "assets/search.js")
"""Offline search (:mod:`generator.docs.search`): vendored lunr.js, the index, the search box."""
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def esc(text) -> str:
    """HTML-escape any value (``None`` becomes the empty string)."""
    return "" if text is None else html.escape(str(text), quote=True)


def root_of(page: str) -> str:
    """The relative prefix from a site page (``kb/x.html``) back to the site root."""
    return "../" * page.count("/")


def link(href: str, text: str, cls: str | None = None) -> str:
    """An anchor whose text is escaped (the href is ours, built from ids)."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{esc(href)}"{attr}>{esc(text)}</a>'


def external(url: str | None, text: str) -> str:
    """A link to an http(s) URL; anything else (``javascript:``...) stays plain text."""
    if url and _SAFE_URL.match(url):
        return f'<a href="{esc(url)}" rel="noopener">{esc(text)}</a>'
    return esc(text)


def anchor_id(*parts: str) -> str:
    """An HTML id from parts: lowercase letters, digits and hyphens.

    >>> anchor_id("src", "lambda-quotas"), anchor_id("setting", "reserved_concurrency")
    ('src-lambda-quotas', 'setting-reserved-concurrency')
    """
    text = "-".join(parts).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def table(headers: list[str], rows: Iterable[list[str]], cls: str | None = None) -> str:
    """A table; ``rows`` hold HTML already (escape with :func:`esc`)."""
    rows = list(rows)
    if not rows:
        return ""
    attr = f' class="{esc(cls)}"' if cls else ""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{attr}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def section(title: str, body: str, ident: str | None = None) -> str:
    """An ``<h2>`` section, or nothing when ``body`` is empty."""
    if not body.strip():
        return ""
    attr = f' id="{esc(ident)}"' if ident else ""
    return f"<section{attr}>\n<h2>{esc(title)}</h2>\n{body}\n</section>"


def bullet_list(items: Iterable[str], cls: str | None = None) -> str:
    items = list(items)
    if not items:
        return ""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<ul{attr}>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"


def diagram_box(svg: str) -> str:
    """A diagram that fits the page; a click (focus) shows it at full size, to scroll through,
    and a click elsewhere fits it back. Plain CSS (``:focus``): the site runs no script.

    >>> diagram_box("<svg></svg>")
    '<div class="diagram" tabindex="0" title="Click for full size"><svg></svg></div>'
    """
    return f'<div class="diagram" tabindex="0" title="Click for full size">{svg}</div>'


NAV = (("index.html", "Home"), ("specs/index.html", "Specs"), ("kb/index.html", "Knowledge base"),
       ("graph.html", "Graph overview"))


def page(path: str, title: str, body: str, version: str, subtitle: str | None = None,
         kind: str = "page") -> str:
    """A complete HTML page at site path ``path`` (``kb/lambda.html``), from the Jinja2
    template of its ``kind`` (:mod:`generator.docs.theme`)."""
    from .theme import render

    return render(path, kind, title, body, version, subtitle)
