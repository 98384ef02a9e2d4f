"""Make Graphviz's SVG self-contained: icons embedded once each as PNG data URIs (a
``<symbol>`` per icon, a ``<use>`` per node), no file paths left.

>>> import base64, tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAfbLI3wAAAABJRU5ErkJggg==")
>>> _ = (root / "i.png").write_bytes(png)
>>> svg = ('<svg width="8pt" xmlns="http://www.w3.org/2000/svg" '
...        'xmlns:xlink="http://www.w3.org/1999/xlink">'
...        '<image xlink:href="i.png" width="4px" height="4px" x="1" y="-2"/></svg>')
>>> out = embed_icons(svg.encode(), root).decode()
>>> 'href="i.png"' in out, out.count("data:image/png;base64,"), '<use xlink:href="#archkb-icon-1"' in out
(False, 1, True)
"""
from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

_IMAGE = re.compile(rb"<image\b([^>]*?)/?>(?:\s*</image>)?")
_ATTR = re.compile(rb'([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"')
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (from its IHDR chunk)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def _symbol(number: int, data: bytes) -> bytes:
    width, height = png_size(data)
    uri = b"data:image/png;base64," + base64.b64encode(data)
    return (b'<symbol id="archkb-icon-%d" viewBox="0 0 %d %d" preserveAspectRatio="xMinYMin meet">'
            b'<image width="%d" height="%d" xlink:href="%s"/></symbol>'
            % (number, width, height, width, height, uri))


def embed_icons(svg: bytes, root: Path) -> bytes:
    """``svg`` with every ``<image>`` whose path is under ``root`` embedded; other images
    (none are expected) are dropped, so no path of this machine can remain."""
    symbols: dict[bytes, int] = {}
    defs: list[bytes] = []

    def replace(match: re.Match) -> bytes:
        attrs = dict(_ATTR.findall(match.group(1)))
        href = attrs.get(b"xlink:href") or attrs.get(b"href") or b""
        if href not in symbols:
            path = _icon_file(root, href.decode("utf-8", "replace"))
            if path is None:
                return b""
            symbols[href] = len(symbols) + 1
            defs.append(_symbol(symbols[href], path.read_bytes()))
        keep = b"".join(b' %s="%s"' % (k, attrs[k]) for k in (b"x", b"y", b"width", b"height")
                        if k in attrs)
        return b'<use xlink:href="#archkb-icon-%d"%s/>' % (symbols[href], keep)

    out = _IMAGE.sub(replace, svg)
    if defs:
        opening = _SVG_OPEN.search(out)
        if opening is None:
            raise ValueError("not an SVG document")
        block = b"\n<defs>\n" + b"\n".join(defs) + b"\n</defs>"
        out = out[: opening.end()] + block + out[opening.end():]
    return out


def _icon_file(root: Path, href: str) -> Path | None:
    path = Path(href)
    if not path.is_absolute():
        path = root / path
    try:
        resolved = path.resolve()
        resolved.relative_to(root.resolve())
    except (OSError, ValueError):
        return None
    return resolved if resolved.is_file() and resolved.suffix.lower() == ".png" else None
