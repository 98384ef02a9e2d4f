"""The link checker finds every kind of broken internal link and ignores external ones."""
from __future__ import annotations

from pathlib import Path

from generator.docs.links import check_links


def make_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def reasons(site: Path) -> dict[str, str]:
    return {f"{b.page} {b.href}": b.reason for b in check_links(site)}


def test_good_links_pass(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="kb/a.html#top">a</a> <a href="kb/">kb</a> <a href="#me">me</a>'
                      '<p id="me"></p><a href="https://example.com/x">ext</a>'
                      '<a href="mailto:x@example.com">m</a><link rel="stylesheet" href="s.css">',
        "s.css": "body{}",
        "kb/index.html": "<p>kb</p>",
        "kb/a.html": '<h1 id="top">A</h1><a href="../index.html">home</a>'
                     '<svg><a xlink:href="b.html"><image xlink:href="data:image/png;base64,AA"/>'
                     '</a></svg>',
        "kb/b.html": "<p>b</p>",
    })
    assert check_links(site) == []


def test_every_kind_of_broken_link(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="missing.html">1</a><a href="a.html#nowhere">2</a>'
                      '<a href="/a.html">3</a><a href="../outside.html">4</a>'
                      '<a href="javascript:alert(1)">5</a><img src="img/x.png">'
                      "<a href='#gone'>6</a><a href=//cdn.example.com/x.js>7</a>",
        "a.html": '<svg><a xlink:href="nope.html"></a><use xlink:href="#nosuch"/></svg>',
    })
    assert reasons(site) == {
        "index.html missing.html": "missing file",
        "index.html a.html#nowhere": "missing anchor",
        "index.html /a.html": "absolute path",
        "index.html ../outside.html": "outside the site",
        "index.html javascript:alert(1)": "unsafe scheme",
        "index.html img/x.png": "missing file",
        "index.html #gone": "missing anchor",
        "index.html //cdn.example.com/x.js": "absolute path",
        "a.html nope.html": "missing file",
        "a.html #nosuch": "missing anchor",
    }


def test_ids_in_comments_do_not_count(tmp_path):
    site = make_site(tmp_path, {"index.html": '<!-- <p id="x"></p> --><a href="#x">x</a>'})
    assert reasons(site) == {"index.html #x": "missing anchor"}
