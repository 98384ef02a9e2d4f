"""One HTML page per KB node (``kb/<id>.html``) and the KB index (``kb/index.html``).

A page leads with what people come for: the summary, then the limits and settings, then the
relations as grouped lists (triggered by, per mode; triggers; failure paths; reads; writes;
others), then a small picture of the key neighbours made by the build; trade-offs, facts,
corrections, prices and every source with its date follow. Long pages open with a table of
contents.

>>> from generator.kb import load_kb
>>> html = kb_page(load_kb(), "sqs", "<svg></svg>", "0")
>>> 'href="lambda.html"' in html and 'id="src-1"' in html
True
"""
from __future__ import annotations

from ..kb.model import KB
from ..render.styles import EDGE_STYLES, MODE_KEYS
from .facts import (KIND_ORDER, KIND_TITLES, node_facts, ordered_nodes, page_node,
                    relation_phrase, source_text, value_text)
from ..render.dot import sample
from .layout import anchor_id, bullet_list, diagram_box, esc, external, link, page, section, table

TOC_FROM = 4
"""Pages with at least this many sections get a table of contents."""


def node_href(kb: KB, node_id: str, prefix: str = "") -> str:
    """The URL of the page (and anchor) that describes a node; ``prefix`` leads to the
    ``kb/`` folder (``""`` from a KB page, ``"kb/"`` from the root, ``"../kb/"`` from a spec).

    >>> from generator.kb import load_kb
    >>> node_href(load_kb(), "lambda-timeout"), node_href(load_kb(), "sqs", "../kb/")
    ('lambda.html#setting-timeout', '../kb/sqs.html')
    """
    target, anchor = page_node(kb, node_id)
    return f"{prefix}{target}.html" + (f"#{anchor}" if anchor else "")


def kb_file(kb: KB, node_id: str) -> str | None:
    """The node's file as ``<KB folder name>/<path in it>`` (``kb/services/sqs.yaml``): the
    same wherever the build runs, and no local path on a published page.

    >>> from generator.kb import load_kb
    >>> kb_file(load_kb(), "sqs")
    'kb/services/sqs.yaml'
    """
    from pathlib import Path

    if not kb.files.get(node_id):
        return None
    # the recorded path is relative to where the KB was compiled; find the file by its id
    for folder in reversed([Path(d) for d in kb.dirs]):
        for ext in (".yaml", ".yml"):
            found = sorted(folder.rglob(f"{node_id}{ext}"))
            if found:
                name = "kb" if folder.name == "_kb" else folder.name
                return f"{name}/{found[0].relative_to(folder).as_posix()}"
    return Path(kb.files[node_id]).name


def refs(numbers: list[int]) -> str:
    """Footnote marks linking to the page's source list."""
    return "".join(f'<sup><a href="#src-{n}">[{n}]</a></sup>' for n in numbers)


_GLYPHS = {"solid": "━━", "dashed": "╍╍", "dotted": "┈┈"}


def legend() -> str:
    """What the edge styles of a neighbourhood diagram mean (the spec diagrams' styles)."""
    parts = [f'<span style="color:{esc(EDGE_STYLES[m]["dot"]["color"])}">'
             f'{_GLYPHS.get(EDGE_STYLES[m]["dot"]["style"], "━━")} '
             f'{esc(EDGE_STYLES[m]["legend"])}</span>' for m in MODE_KEYS]
    return ('<p class="legend">' + "".join(parts)
            + '<span class="muted">grey: other relations (labelled)</span></p>')


def _note(r: dict) -> str:
    note = esc(r.get("note") or "")
    if r.get("as_of"):
        note += f' <span class="muted">(as of {esc(r["as_of"])})</span>'
    return note.strip()


def _glyph(style_key: str) -> str:
    """A small line sample in the diagrams' style for a relation list item."""
    style = EDGE_STYLES.get(style_key, EDGE_STYLES["other"])["dot"]
    return (f'<span class="glyph" style="color:{esc(style.get("color", "#7B8894"))}" '
            f'aria-hidden="true">{esc(sample(style))}</span> ')


def _relation_item(kb: KB, r: dict, style_key: str) -> str:
    via = f' <span class="muted">via {esc(r["via"])}</span>' if r.get("via") else ""
    note = _note(r)
    return (_glyph(style_key) + link(node_href(kb, r["id"]), r["name"]) + via
            + (f" — {note}" if note else "") + refs(r["refs"]))


def relation_groups(kb: KB, f: dict) -> list[tuple[str, str, list[str]]]:
    """(title, anchor, list items) of the relations, grouped the way people ask: who triggers
    it (by mode), what it triggers, where failures go, what it reads and writes, the rest."""
    groups: list[tuple[str, str, list[str]]] = []
    for mode in MODE_KEYS:
        rows = [r for r in f["triggered_by"] if r.get("mode") == mode]
        groups.append((f"Triggered by ({mode})", f"triggered-by-{mode}",
                       [_relation_item(kb, r, mode) for r in rows]))
    other_in = [r for r in f["triggered_by"] if r.get("mode") not in MODE_KEYS]
    groups.append(("Invoked by", "invoked-by",
                   [_relation_item(kb, r, "calls") for r in other_in]))
    groups.append(("Triggers", "triggers", [
        _relation_item(kb, r, r["mode"] if r.get("mode") in MODE_KEYS else "calls")
        for r in f["triggers"]]))
    buckets = {"fails_to": [], "reads": [], "writes": [], "other": []}
    for r in f["related"]:
        kind = r["relation"] if r["relation"] in ("fails_to", "reads", "writes") else "other"
        if kind in ("reads", "writes") and r["direction"] != "out":
            kind = "other"
        buckets[kind].append(r)
    groups.append(("Failure paths", "failure-paths",
                   [_relation_item(kb, r, "fails_to") for r in buckets["fails_to"]]))
    groups.append(("Reads", "reads", [_relation_item(kb, r, "reads") for r in buckets["reads"]]))
    groups.append(("Writes", "writes",
                   [_relation_item(kb, r, "writes") for r in buckets["writes"]]))
    groups.append(("Other relations", "related", [
        f'<span class="muted">{esc(relation_phrase(r))}</span> '
        + _relation_item(kb, r, "other") for r in buckets["other"]]))
    return [(title, ident, items) for title, ident, items in groups if items]


def _connections(kb: KB, f: dict) -> str:
    parts = [f'<h3 id="{esc(ident)}">{esc(title)}</h3>\n' + bullet_list(items, "relations")
             for title, ident, items in relation_groups(kb, f)]
    return "\n".join(parts)


def toc(sections: list[str]) -> str:
    """A table of contents of a page's ``<section id=..><h2>`` parts (empty when short)."""
    import re

    found = [m.groups() for html in sections
             for m in [re.match(r'<section id="([^"]+)">\n<h2>(.*?)</h2>', html)] if m]
    if len(found) < TOC_FROM:
        return ""
    items = "".join(f'<li><a href="#{ident}">{title}</a></li>' for ident, title in found)
    return f'<nav class="toc" aria-label="On this page"><strong>On this page</strong><ol>{items}</ol></nav>'


def _tradeoffs(kb: KB, rows: list[dict]) -> str:
    items = []
    for t in rows:
        polarity = f' <span class="badge">{esc(t["polarity"])}</span>' if t.get("polarity") else ""
        mit = ", ".join(link(node_href(kb, m["id"]), m["name"]) + refs(m["refs"])
                        for m in t["mitigated_by"])
        note = f" {esc(t['note'])}" if t.get("note") else ""
        items.append(f"{link(node_href(kb, t['id']), t['name'])}{polarity}{refs(t['refs'])}: "
                     f"{esc(t['summary'])}{note}" + (f"<br>Mitigated by {mit}." if mit else ""))
    return bullet_list(items)


def _limits(limits: list[dict]) -> str:
    return table(["Limit", "Value", "Adjustable", "Note", "Sources"], [
        [esc(item.get("name") or item["id"]) + (f' <span class="muted">({esc(item["applies_to"])})'
                                               "</span>" if item.get("applies_to") else ""),
         esc(value_text(item)), {True: "yes", False: "no"}.get(item.get("adjustable"), ""),
         _note(item), refs(item["refs"])] for item in limits])


def _choices(setting: dict) -> str:
    out = []
    for choice in setting.get("choices", []):
        if isinstance(choice, dict):
            text = esc(choice["value"])
            if choice.get("status") == "deprecated":
                text = f"<s>{text}</s>"
            out.append(text)
        else:
            out.append(esc(choice))
    return ", ".join(out)


def _settings(kb: KB, settings: list[dict]) -> str:
    rows = []
    for s in settings:
        bounds = " – ".join(f"{value_text({'value': s[k]})}" for k in ("min", "max") if k in s)
        allowed = bounds + (f" {esc(s['unit'])}" if bounds and s.get("unit") else "")
        allowed = allowed or _choices(s)
        concept = (" " + link(node_href(kb, s["concept"]), "(concept)")) if s.get("concept") else ""
        default = "" if s.get("default") is None else esc(s["default"])
        rows.append([f'<code id="{anchor_id("setting", s["name"])}">{esc(s["name"])}</code>',
                     esc(s["type"]), allowed, default, esc(s["description"]) + concept,
                     refs(s["refs"])])
    return table(["Setting", "Type", "Allowed", "Default", "Description", "Sources"], rows)


def _facts(facts: list[dict]) -> str:
    return bullet_list(
        esc(f["text"]) + (' <span class="badge">unofficial</span>' if f.get("unofficial") else "")
        + refs(f["refs"]) for f in facts)


def _corrections(items: list[dict]) -> str:
    return "\n".join(
        f"<h3>{esc(c['topic'])}</h3>\n<p><strong>The article said:</strong> {esc(c['article_said'])}"
        f"</p>\n<p><strong>Now ({esc(c['as_of'])}):</strong> {esc(c['now'])}{refs(c['refs'])}</p>"
        for c in items)


def _prices(prices: list[dict]) -> str:
    return table(["Price", "USD", "Unit", "Region", "Note", "Sources"], [
        [esc(p.get("description") or p["id"]), esc(f"{p['usd']:g}"), esc(p["unit"]),
         esc(p.get("region") or ""), _note(p), refs(p["refs"])] for p in prices])


def _database(db: dict | None, kb: KB) -> str:
    if not db:
        return ""
    rows = [[esc(k.replace("_", " ")), esc({True: "yes", False: "no"}.get(v, v))]
            for k, v in db.items() if k not in ("source", "as_of")]
    src = kb.source(db["source"])
    return table(["Property", "Value"], rows) + f'<p class="muted">Source: {esc(source_text(src))}</p>'


def _sources(records: list[dict]) -> str:
    items = []
    for n, src in enumerate(records, 1):
        url = f" — {external(src['url'], src['url'])}" if src.get("url") else ""
        items.append(f'<li id="src-{n}">{esc(source_text(src))}{url} '
                     f'<span class="badge">{esc(src.get("kind") or "source")}</span></li>')
    return '<ol class="sources">\n' + "\n".join(items) + "\n</ol>" if items else ""


def kb_page(kb: KB, node_id: str, diagram: str, version: str,
            used_in: list[tuple[str, str, int]] = ()) -> str:
    """The HTML page of one node; ``diagram`` is its inline neighbourhood SVG and ``used_in``
    lists the site's specs that use it as (page slug, spec name, component count)."""
    f = node_facts(kb, node_id)
    info = f["info"]
    meta = [KIND_TITLES.get(info["kind"], info["kind"]).rstrip("s") if info["kind"] != "database"
            else "Database"]
    meta += [info["category"]] if info.get("category") else []
    meta += [f"status: {info['status']}"] if info.get("status") else []
    body = [f'<p class="summary">{esc(info["summary"])}</p>']
    if info["description"]:
        body.append(f"<p>{esc(info['description'])}</p>")
    if info.get("tradeoff"):
        t = info["tradeoff"]
        body.append(f'<p><span class="badge">{esc(t["polarity"])}</span>'
                    + (f" <strong>When it matters:</strong> {esc(t['when'])}" if t.get("when") else "")
                    + "</p>")
    names = []
    if info["aliases"]:
        names.append("<strong>Also called:</strong> " + ", ".join(esc(a) for a in info["aliases"]))
    if info["cfn_types"]:
        names.append("<strong>CloudFormation:</strong> "
                     + ", ".join(f"<code>{esc(t)}</code>" for t in info["cfn_types"]))
    if info.get("tf_types"):
        names.append("<strong>Terraform:</strong> "
                     + ", ".join(f"<code>{esc(t)}</code>" for t in info["tf_types"]))
    file = kb_file(kb, node_id)
    names.append(f"<strong>KB id:</strong> <code>{esc(node_id)}</code>"
                 + (f" (<code>{esc(file)}</code>)" if file else ""))
    body.append("<p>" + "<br>\n".join(names) + "</p>")
    parts = [
        section("Limits", _limits(info["limits"]), "limits"),
        section("Settings", _settings(kb, f["settings"]), "settings"),
        section("Connections", _connections(kb, f), "connections"),
        section("Key neighbours", f'{diagram_box(diagram)}\n{legend()}',
                "neighbourhood"),
        section("Trade-offs", _tradeoffs(kb, f["tradeoffs"]), "tradeoffs"),
        section("Alternatives", bullet_list(
            link(node_href(kb, r["id"]), r["name"]) + (f": {esc(r['note'])}" if r.get("note")
                                                       else "")
            + refs(r["refs"]) for r in f["alternatives"]), "alternatives"),
        section("Database", _database(info.get("database"), kb), "database"),
        section("Facts", _facts(info["facts"]), "facts"),
        section("Corrections of the article", _corrections(info["corrections"]),
                "corrections"),
        section("Prices", _prices(f["prices"]), "prices"),
        section("Used in these specs", bullet_list(
            link(f"../specs/{slug}.html", name) + f' <span class="muted">({n} component'
            + ("s" if n != 1 else "") + ")</span>" for slug, name, n in used_in), "used-in"),
        section("Sources", _sources(f["sources"].records), "sources"),
    ]
    parts = [p for p in parts if p]
    body.append(toc(parts))
    body += parts
    return page(f"kb/{node_id}.html", info["name"], "\n".join(b for b in body if b), version,
                subtitle=" · ".join(meta), kind="kb")


def kb_index_page(kb: KB, version: str) -> str:
    """``kb/index.html``: every node, grouped by kind, with its summary."""
    ids = ordered_nodes(kb)
    parts = [f"<p>{len(ids)} nodes. Each page lists limits, triggers with their modes, "
             "trade-offs and dated sources. See also the "
             f'{link("../graph.html", "graph overview")}.</p>']
    kinds = list(KIND_ORDER) + sorted({kb.nodes[n]["kind"] for n in ids} - set(KIND_ORDER))
    for kind in kinds:
        members = [n for n in ids if kb.nodes[n]["kind"] == kind]
        rows = [[link(f"{n}.html", kb.nodes[n]["name"]), esc(kb.nodes[n].get("category") or ""),
                 esc(kb.nodes[n]["summary"])] for n in members]
        parts.append(section(KIND_TITLES.get(kind, kind.title()),
                             table(["Name", "Category", "Summary"], rows), anchor_id("kind", kind)))
    return page("kb/index.html", "Knowledge base", "\n".join(p for p in parts if p), version,
                kind="index")
