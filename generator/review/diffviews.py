"""Views of a diff (:func:`generator.review.diff.diff_specs`): plain text for a terminal, and
Markdown for a pull-request comment, with the union diagram as a Mermaid block GitHub draws.

>>> d = {"old": "a.yaml", "new": "b.yaml",
...      "components": {"added": [{"id": "t", "service_name": "Amazon DynamoDB"}],
...                     "removed": [], "changed": [{"id": "fn", "service_name": "AWS Lambda",
...                     "changes": [{"field": "memory", "old": 512, "new": 1024}]}]},
...      "connections": {"added": [], "removed": [], "changed": []},
...      "findings": {"introduced": [], "resolved": []}}
>>> print(diff_text(d))
a.yaml -> b.yaml: 1 component added, 0 removed, 1 changed; 0 connections added, 0 removed, 0 changed; 0 findings introduced, 0 resolved
components:
  + t (Amazon DynamoDB)
  ~ fn (AWS Lambda): memory 512 -> 1024
"""
from __future__ import annotations


def _value(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def change_text(changes: list[dict]) -> str:
    """``memory 512 -> 1024; timeout 10 -> 30``."""
    return "; ".join(f"{c['field']} {_value(c['old'])} -> {_value(c['new'])}" for c in changes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(diff: dict) -> str:
    c, k, f = diff["components"], diff["connections"], diff["findings"]
    return (f"{_plural(len(c['added']), 'component')} added, {len(c['removed'])} removed, "
            f"{len(c['changed'])} changed; {_plural(len(k['added']), 'connection')} added, "
            f"{len(k['removed'])} removed, {len(k['changed'])} changed; "
            f"{_plural(len(f['introduced']), 'finding')} introduced, {len(f['resolved'])} "
            f"resolved")


def _conn_name(c: dict) -> str:
    mode = f", {c['mode']}" if c.get("mode") else ""
    return f"{c['from']} -> {c['to']} ({c['kind']}{mode})"


def _finding_line(f: dict) -> str:
    loc = f.get("location") or {}
    where = ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k) is not None)
    return f"{where}: {f['severity']} {f['rule']} {f['message']}"


def diff_text(diff: dict) -> str:
    """The diff for a terminal: a summary line, then one line per change."""
    lines = [f"{diff['old']} -> {diff['new']}: {summary(diff)}"]
    comps = diff["components"]
    if any(comps.values()):
        lines.append("components:")
        lines += [f"  + {c['id']} ({c['service_name']})" for c in comps["added"]]
        lines += [f"  - {c['id']} ({c['service_name']})" for c in comps["removed"]]
        lines += [f"  ~ {c['id']} ({c['service_name']}): {change_text(c['changes'])}"
                  for c in comps["changed"]]
    conns = diff["connections"]
    if any(conns.values()):
        lines.append("connections:")
        lines += [f"  + {_conn_name(c)}" for c in conns["added"]]
        lines += [f"  - {_conn_name(c)}" for c in conns["removed"]]
        lines += [f"  ~ {_conn_name(c)}: {change_text(c['changes'])}" for c in conns["changed"]]
    found = diff["findings"]
    if any(found.values()):
        lines.append("findings:")
        lines += [f"  new: {_finding_line(f)}" for f in found["introduced"]]
        lines += [f"  resolved: {_finding_line(f)}" for f in found["resolved"]]
    return "\n".join(lines)


def cell(text) -> str:
    """Text for a Markdown table cell: no pipes or newlines, no HTML."""
    text = " ".join(_value(text).split())
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("`", "\\`"))


SEVERITY_ICONS = {"error": "🔴 error", "warning": "🟠 warning", "info": "🔵 info"}


def findings_table(findings: list[dict], numbered: bool = False) -> list[str]:
    """A Markdown table of finding dicts (``#`` column when ``numbered``)."""
    if not findings:
        return []
    head = ("| # " if numbered else "") + "| Severity | Rule | On | Message | Where |"
    lines = [head, ("| ---: " if numbered else "") + "| --- | --- | --- | --- | --- |"]
    for i, f in enumerate(findings, 1):
        loc = f.get("location") or {}
        where = f"{loc.get('file')}:{loc.get('line')}" if loc.get("line") else _value(loc.get("file"))
        on = f.get("connection") or f.get("component") or "spec"
        lines.append((f"| {i} " if numbered else "") +
                     f"| {SEVERITY_ICONS.get(f['severity'], f['severity'])} | {f['rule']} | "
                     f"{cell(on)} | {cell(f['message'])} | {cell(where)} |")
    return lines


def diff_markdown(diff: dict, mermaid: str | None = None) -> str:
    """A pull-request comment: summary, tables of changes and findings, the union diagram."""
    lines = [f"### archkb diff: `{cell(diff['old'])}` → `{cell(diff['new'])}`", "",
             summary(diff) + ".", ""]
    comps, conns = diff["components"], diff["connections"]
    rows = ([("➕ added", c["id"], c["service_name"], "") for c in comps["added"]] +
            [("➖ removed", c["id"], c["service_name"], "") for c in comps["removed"]] +
            [("✏️ changed", c["id"], c["service_name"], change_text(c["changes"]))
             for c in comps["changed"]])
    if rows:
        lines += ["**Components**", "", "| | Component | Service | Change |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {a} | `{cell(b)}` | {cell(c)} | {cell(d)} |" for a, b, c, d in rows]
        lines.append("")
    rows = ([("➕ added", c, "") for c in conns["added"]] +
            [("➖ removed", c, "") for c in conns["removed"]] +
            [("✏️ changed", c, change_text(c["changes"])) for c in conns["changed"]])
    if rows:
        lines += ["**Connections**", "", "| | Connection | Kind | Change |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {a} | `{cell(c['from'])}` → `{cell(c['to'])}` | "
                  f"{cell(c['kind'] + (' (' + c['mode'] + ')' if c.get('mode') else ''))} | "
                  f"{cell(d)} |" for a, c, d in rows]
        lines.append("")
    found = diff["findings"]
    if found["introduced"]:
        lines += ["**Findings introduced** (numbered as on the diagram)", ""]
        lines += findings_table(found["introduced"], numbered=True) + [""]
    if found["resolved"]:
        lines += ["**Findings resolved**", ""] + findings_table(found["resolved"]) + [""]
    if mermaid:
        lines += ["**Diagram** (green: added, red dashed: removed, amber: changed)", "",
                  "```mermaid", mermaid.rstrip("\n"), "```", ""]
    return "\n".join(lines)
