"""One HTML page per KB node (``kb/<id>.html``) and the KB index (``kb/index.html``).

A page shows the node's description, limits and settings, what triggers it and what it
triggers (with modes), its trade-offs and their mitigations, related nodes, the article
corrections, every source with its date, and the neighbourhood diagram made by the build.

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
from .layout import anchor_id, bullet_list, esc, external, link, page, section, table


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


def _mode(r: dict) -> str:
    mode = r.get("mode")
    return f'<span class="mode-{esc(mode)}">{esc(mode)}</span>' if mode else esc(r["relation"])


def _note(r: dict) -> str:
    note = esc(r.get("note") or "")
    if r.get("as_of"):
        note += f' <span class="muted">(as of {esc(r["as_of"])})</span>'
    return note.strip()


def _trigger_table(kb: KB, rows: list[dict], other: str) -> str:
    return table(["Mode", "Via", other, "Note", "Sources"], [
        [_mode(r), esc(r.get("via") or ""), link(node_href(kb, r["id"]), r["name"]),
         _note(r), refs(r["refs"])] for r in rows])


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
    body.append(section("Neighbourhood", f'<div class="diagram">{diagram}</div>\n{legend()}',
                        "neighbourhood"))
    body.append(section("Triggered by", _trigger_table(kb, f["triggered_by"], "From"),
                        "triggered-by"))
    body.append(section("Triggers", _trigger_table(kb, f["triggers"], "To"), "triggers"))
    body.append(section("Trade-offs", _tradeoffs(kb, f["tradeoffs"]), "tradeoffs"))
    body.append(section("Alternatives", bullet_list(
        link(node_href(kb, r["id"]), r["name"]) + (f": {esc(r['note'])}" if r.get("note") else "")
        + refs(r["refs"]) for r in f["alternatives"]), "alternatives"))
    body.append(section("Related", table(["Relation", "Node", "Note", "Sources"], [
        [esc(relation_phrase(r)), link(node_href(kb, r["id"]), r["name"]), _note(r),
         refs(r["refs"])] for r in f["related"]]), "related"))
    body.append(section("Limits", _limits(info["limits"]), "limits"))
    body.append(section("Settings", _settings(kb, f["settings"]), "settings"))
    body.append(section("Database", _database(info.get("database"), kb), "database"))
    body.append(section("Facts", _facts(info["facts"]), "facts"))
    body.append(section("Corrections of the article", _corrections(info["corrections"]),
                        "corrections"))
    body.append(section("Prices", _prices(f["prices"]), "prices"))
    body.append(section("Used in these specs", bullet_list(
        link(f"../specs/{slug}.html", name) + f' <span class="muted">({n} component'
        + ("s" if n != 1 else "") + ")</span>" for slug, name, n in used_in), "used-in"))
    body.append(section("Sources", _sources(f["sources"].records), "sources"))
    return page(f"kb/{node_id}.html", info["name"], "\n".join(b for b in body if b), version,
                subtitle=" · ".join(meta))


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
    return page("kb/index.html", "Knowledge base", "\n".join(p for p in parts if p), version)
