"""SVG for web pages: Graphviz DOT to self-contained SVG, and SVG made fit to inline.

Inlining several diagrams in one HTML page needs unique element ids, so :func:`inline_svg`
drops the XML prolog and prefixes every id and every reference to it. It also refuses SVG that
could run script in the page (a ``<script>``, ``<foreignObject>``, an ``on...=`` handler, a link
that is not a fragment, a relative page or an embedded image): Graphviz never writes those, so
an SVG that has one did not come from archkb (a tampered cache entry) and is not inlined.

>>> svg = ('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg><linearGradient id="g1"/>'
...        '<g id="node1" fill="url(#g1)"><use xlink:href="#node1"/></g></svg>')
>>> inline_svg(svg, "p")
'<svg><linearGradient id="p-g1"/><g id="p-node1" fill="url(#p-g1)"><use xlink:href="#p-node1"/></g></svg>'
"""
from __future__ import annotations

import re

_PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*)*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_HREF_REF = re.compile(r'((?:xlink:)?href)="#([^"]+)"')
_DATA_URI = re.compile(r'"data:[^"]*"')
_STASHED = re.compile(r'"\x00(\d+)\x00"')
_UNSAFE = re.compile(
    r"<\s*(?:script|foreignObject|iframe|object|embed|animate|set|handler|listener)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|\b(?:href|src)\s*=\s*[\"'](?!#|data:image/(?:png|jpeg|gif|svg\+xml)[;,]"
    r"|[A-Za-z0-9_./-]+(?:#[A-Za-z0-9_.-]*)?[\"'])", re.I)
WITHHELD = '<p class="archkb-error">diagram withheld: its SVG has active content</p>'


def is_safe(svg: str) -> bool:
    """Whether ``svg`` is free of script, event handlers and foreign links.

    >>> is_safe('<svg><a xlink:href="../kb/lambda.html"><text>x</text></a></svg>')
    True
    >>> is_safe('<svg onload="alert(1)"/>'), is_safe('<svg><a href="javascript:x">y</a></svg>')
    (False, False)
    """
    return _UNSAFE.search(svg) is None


def dot_to_svg(dot_text: str) -> str:
    """Self-contained SVG from DOT, through the render module: Graphviz ``dot`` (exit 3 with
    the install command when it is missing), then every icon embedded as a data URI."""
    from ..render.backend import run_dot
    from ..render.icons import icon_root
    from ..render.svg import embed_icons

    svg = run_dot(dot_text, ["svg"])["svg"]
    root = icon_root()
    return (embed_icons(svg, root) if root else svg).decode("utf-8")


def inline_svg(svg: str, prefix: str) -> str:
    """``svg`` without its XML prolog, with ids prefixed by ``prefix-`` (:data:`WITHHELD`
    when it is not :func:`is_safe`)."""
    if not isinstance(svg, str) or not is_safe(svg):
        return WITHHELD
    body = _PROLOG.sub("", svg).strip()
    stash: list[str] = []  # embedded images are most of the text: keep them out of the scans

    def keep(m: re.Match) -> str:
        stash.append(m.group(0))
        return f'"\x00{len(stash) - 1}\x00"'

    body = _DATA_URI.sub(keep, body)
    ids = set(_ID.findall(body))
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})" if m.group(1) in ids
                        else m.group(0), body)
    body = _HREF_REF.sub(lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"' if m.group(2) in ids
                         else m.group(0), body)
    return _STASHED.sub(lambda m: stash[int(m.group(1))], body)
