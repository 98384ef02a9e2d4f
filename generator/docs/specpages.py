"""One HTML page per spec or template (``specs/<slug>.html``) and the list of them.

A page holds the diagram (inline SVG), the lint findings, the components linked to their KB
pages, the connections with their modes, and the source text; a file that does not load
gets a page with the error at its line instead.

>>> from generator.kb import load_kb
>>> result = {"ok": False, "file": "x/a.yaml", "kind": "spec",
...           "error": {"message": "bad", "file": "x/a.yaml", "line": 2, "column": 3}}
>>> "x/a.yaml:2:3: bad" in spec_page(load_kb(), "specs/a.html", result, "a: 1\\nb: [\\n", "0")
True
"""
from __future__ import annotations

from ..kb.model import KB
from .facts import source_text
from .kbpages import node_href
from .layout import anchor_id, bullet_list, diagram_box, esc, external, link, page, section, table
from .svg import inline_svg

SEVERITY_ORDER = ("error", "warning", "info")
KINDS = {"template": "CloudFormation/SAM template", "terraform": "Terraform module",
         "terraform-plan": "Terraform plan", "cdk": "CDK output", "spec": "archkb spec"}
MAX_SOURCE_CHARS = 200_000


def location_text(loc: dict) -> str:
    return ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k) is not None)


def warning_text(warning: dict) -> str:
    """A load warning of a spec job as ``file:line:col: message``."""
    where = location_text(warning)
    return f"{where}: {warning['message']}" if where else warning["message"]


def finding_counts(result: dict) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITY_ORDER}
    for f in result.get("findings", []):
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return counts


def _kb_source(kb: KB, source_id: str | None) -> str:
    if not source_id:
        return ""
    src = kb.sources.get(source_id)
    if src is None:
        return esc(source_id)
    return external(src.get("url"), source_text({"id": source_id, **src}))


def _where(loc: dict, file: str, lines: int) -> str:
    """A finding's location, linked to its line in the source listing when it is in it."""
    text = esc(location_text(loc))
    line = loc.get("line")
    if loc.get("file") == file and isinstance(line, int) and 1 <= line <= lines:
        return f'<a href="#L{line}">{text}</a>'
    return text


def findings_html(kb: KB, result: dict, lines: int = 0) -> str:
    """The findings table, or a line saying there are none (or that lint is not installed)."""
    if not result.get("lint", True):
        return '<p class="muted">The lint module is not installed: no findings computed.</p>'
    findings = result.get("findings", [])
    if not findings:
        return '<p class="ok-box">No findings: the spec agrees with the knowledge base.</p>'
    rows = []
    for f in findings:
        what = f.get("component") or f.get("connection") or ""
        rows.append([f'<span class="sev-{esc(f["severity"])}">{esc(f["severity"])}</span>',
                     f"<code>{esc(f['rule'])}</code>", esc(f["message"]),
                     _where(f["location"], result["file"], lines), esc(what),
                     _kb_source(kb, f.get("source"))])
    return table(["Severity", "Rule", "Message", "Where", "Component / connection", "KB source"],
                 rows)


def _settings_text(settings: dict) -> str:
    return "<br>".join(f"<code>{esc(k)}</code>: {esc(v)}" for k, v in settings.items())


def _components(kb: KB, result: dict) -> str:
    rows = []
    for c in result["components"]:
        service = (link(node_href(kb, c["service"], "../kb/"), kb.name(c["service"]))
                   if c["service"] in kb.nodes else esc(c["service"]))
        rows.append([f'<code id="{anchor_id("component", c["id"])}">{esc(c["id"])}</code>',
                     esc(c["label"]), service, esc(c.get("group") or ""),
                     _settings_text(c.get("settings") or {})])
    return table(["Component", "Label", "Service (KB)", "Group", "Settings"], rows)


def _connections(result: dict) -> str:
    rows = []
    for c in result["connections"]:
        mode = f'<span class="mode-{esc(c["mode"])}">{esc(c["mode"])}</span>' if c.get("mode") else ""
        rows.append([link(f'#{anchor_id("component", c["from"])}', c["from"]),
                     link(f'#{anchor_id("component", c["to"])}', c["to"]), esc(c["kind"]), mode,
                     esc(c.get("via") or ""), esc(c.get("label") or "")])
    return table(["From", "To", "Kind", "Mode", "Via", "Label"], rows)


def _groups(result: dict) -> str:
    return table(["Group", "Kind", "Label", "Parent"], [
        [f"<code>{esc(g['id'])}</code>", esc(g["kind"]), esc(g["label"]), esc(g.get("parent") or "")]
        for g in result.get("groups", [])])


def source_html(text: str, highlight: int | None = None) -> str:
    """The source with line numbers; the line of an error is marked."""
    if len(text) > MAX_SOURCE_CHARS:
        text = text[:MAX_SOURCE_CHARS] + "\n… (truncated)"
    lines = []
    for n, line in enumerate(text.splitlines(), 1):
        mark = "▶" if n == highlight else " "
        row = f"{mark}{n:5} {esc(line)}"
        row = f"<strong>{row}</strong>" if n == highlight else row
        lines.append(f'<span id="L{n}">{row}</span>')
    return "<pre>" + "\n".join(lines) + "</pre>"


def spec_page(kb: KB, path: str, result: dict, text: str, version: str) -> str:
    """The page of one spec or template at site path ``path``."""
    kind = KINDS.get(result["kind"], "archkb spec")
    subtitle = f"{result['file']} · {kind}"
    if not result["ok"]:
        err = result["error"]
        body = (f'<div class="error-box"><strong>This file does not load:</strong> '
                f"{esc(location_text(err))}: {esc(err['message'])}</div>\n"
                + section("Source", source_html(text, err.get("line")), "source"))
        return page(path, result["file"], body, version, subtitle=subtitle, kind="spec")
    parts = []
    if result.get("description"):
        parts.append(f"<p>{esc(result['description'])}</p>")
    counts = finding_counts(result)
    parts.append("<p>" + f"{len(result['components'])} components, "
                 f"{len(result['connections'])} connections; findings: "
                 + ", ".join(f'<span class="sev-{s}">{counts[s]} {s}</span>' for s in SEVERITY_ORDER)
                 + ".</p>")
    if result.get("svg"):
        diagram = diagram_box(inline_svg(result["svg"], "d"))
    else:
        diagram = (f'<div class="error-box">The diagram could not be drawn: '
                   f'{esc(result.get("render_error") or "not rendered")}</div>')
    parts.append(section("Diagram", diagram, "diagram"))
    shown = min(len(text), MAX_SOURCE_CHARS)
    parts.append(section("Findings", findings_html(kb, result, text[:shown].count("\n") + 1),
                         "findings"))
    parts.append(section("Import warnings", bullet_list(esc(warning_text(w))
                                                        for w in result.get("warnings", [])),
                         "import-warnings"))
    parts.append(section("Components", _components(kb, result), "components"))
    parts.append(section("Connections", _connections(result), "connections"))
    parts.append(section("Groups", _groups(result), "groups"))
    parts.append(section("Source", f"<details><summary>{esc(result['file'])}</summary>\n"
                                   f"{source_html(text)}\n</details>", "source"))
    return page(path, result["name"], "\n".join(p for p in parts if p), version,
                subtitle=subtitle, kind="spec")


def specs_index_page(entries: list[tuple[str, dict]], version: str, src_note: str) -> str:
    """``specs/index.html``: every spec with its counts; ``entries`` are (slug, result)."""
    rows = []
    for slug, r in entries:
        if r["ok"]:
            c = finding_counts(r)
            status = " ".join(f'<span class="sev-{s}">{c[s]} {s}</span>' for s in SEVERITY_ORDER
                              if c[s]) or "no findings"
            rows.append([link(f"{slug}.html", r["name"]), f"<code>{esc(r['file'])}</code>",
                         esc(r["kind"]), str(len(r["components"])), status])
        else:
            rows.append([link(f"{slug}.html", r["file"]), f"<code>{esc(r['file'])}</code>",
                         esc(r["kind"]), "", '<span class="sev-error">does not load</span>'])
    body = (f"<p>{len(entries)} specs and templates {esc(src_note)}.</p>\n"
            + (table(["Name", "File", "Kind", "Components", "Lint"], rows)
               or "<p>No spec or template was found.</p>"))
    return page("specs/index.html", "Specs and templates", body, version, kind="index")
