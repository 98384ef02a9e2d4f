"""The rule reference (docs/rules.md), generated from the rules and the KB.

``python -m generator.lint.reference docs/rules.md`` rewrites the file; a test keeps the
committed file equal to :func:`rules_markdown`.

>>> text = rules_markdown()
>>> text.startswith("# Lint rules") and "## E2001" in text
True
"""
from __future__ import annotations

import sys

from ..numbers import format_number

HEADER = """# Lint rules

`archkb lint SPEC...` checks an architecture spec against the knowledge base. Each rule has an
id whose first letter gives its severity (`E` error, `W` warning, `I` info), rests on a KB
source, and reads its numbers from the KB (never from code). `--fail-on error|warning|info`
sets which severities make the command exit 1.

Rules marked *templates* check deployment details (memory left at its default, log retention,
access logs...): they run on CloudFormation/SAM templates, and on a hand-written spec only when
enabled (`--enable W2006` or `lint: {enable: [W2006]}` in the spec), since a spec that leaves
memory out has not decided it yet. Suppress a rule with `--ignore RULE`, `lint: {ignore: [...]}`
in a spec, `lint_ignore: [...]` on a component or connection, or a template resource's
`Metadata` (`cfn-lint: {config: {ignore_checks: [...]}}` for the serverless-rules ids below, or
`archkb: {ignore: [...]}`); suppressed findings are counted in the summary.

This page is generated from the rules by `generator.lint.reference.rules_markdown()`; do not
edit it by hand. Regenerate it with `python -m generator.lint.reference docs/rules.md`.
"""


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _source_line(kb, source_id: str) -> str:
    src = kb.sources.get(source_id)
    if src is None:
        return f"`{source_id}`"
    title = src["title"] + (f" — {src['section']}" if src.get("section") else "")
    return f"[{title}]({src['url']}) (`{source_id}`)" if src.get("url") else f"{title} (`{source_id}`)"


def _limit_line(kb, node: str, limit_id: str) -> str:
    try:
        limit = kb.limit(node, limit_id)
    except KeyError:
        return f"`{node}` limit `{limit_id}`: not in the KB (the check is skipped)"
    value = limit["value"]
    shown = format_number(value)
    unit = f" {limit['unit']}" if limit.get("unit") else ""
    return f"`{node}` limit `{limit_id}` ({limit['name']}): {shown}{unit}"


def _setting_line(kb, node: str, setting: str) -> str:
    definition = kb.nodes.get(node, {}).get("settings", {}).get(setting)
    if definition is None:
        return f"`{node}` setting `{setting}`: not in the KB"
    parts = []
    if "default" in definition:
        unit = f" {definition['unit']}" if definition.get("unit") else ""
        parts.append(f"default {definition['default']}{unit}")
    if definition.get("choices"):
        parts.append("its choices")
    extra = f" ({', '.join(parts)})" if parts else ""
    return f"`{node}` setting `{setting}`{extra}"


def rules_markdown(kb=None) -> str:
    """The rule reference as Markdown: a summary table, then one section per rule."""
    from .rules import all_rules

    if kb is None:
        from ..kb import load_kb

        kb = load_kb()
    rules = all_rules()
    lines = [HEADER, "| Rule | Severity | Runs on | Checks |", "| --- | --- | --- | --- |"]
    for rule in rules:
        runs = "templates" if getattr(rule, "scope", "all") == "template" else "all"
        lines.append(f"| [{rule.id}](#{rule.id.lower()}) | {rule.severity} | {runs} | "
                     f"{_escape(rule.title)} |")
    for rule in rules:
        lines += ["", f"## {rule.id}", "", f"**{rule.title}** ({rule.severity})", "",
                  rule.description, "", f"- Source: {_source_line(kb, rule.source)}"]
        for node, limit_id in rule.kb_limits:
            lines.append(f"- Reads: {_limit_line(kb, node, limit_id)}")
        for node, setting in rule.kb_settings:
            lines.append(f"- Reads: {_setting_line(kb, node, setting)}")
    lines += _equivalents_section(kb)
    return "\n".join(lines) + "\n"


def _equivalents_section(kb) -> list[str]:
    """The table that maps serverless-rules (and cfn-lint runtime) ids to archkb rules."""
    from .equivalents import NOT_COVERED, SERVERLESS_RULES

    lines = ["", "## From serverless-rules and cfn-lint", "",
             f"Teams moving from {_source_line(kb, 'serverless-rules')} keep their rule ids: "
             "`--ignore`, `lint: {ignore: [...]}` and a resource's `cfn-lint` `ignore_checks` "
             "accept them and suppress the archkb rule that covers the same concern.", "",
             "| serverless-rules / cfn-lint id | Concern | archkb rule | Note |",
             "| --- | --- | --- | --- |"]
    for sr_id, eq in SERVERLESS_RULES.items():
        rules = ", ".join(f"[{r}](#{r.lower()})" for r in eq.rules)
        lines.append(f"| {sr_id} | {_escape(eq.name)} | {rules} | {_escape(eq.note)} |")
    for name, reason in NOT_COVERED.items():
        lines.append(f"| (none) | {_escape(name)} | none | {_escape(reason)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Write the page to the path given (atomically), or print it."""
    from ..fsutil import write_page

    return write_page(sys.argv[1:] if argv is None else argv, rules_markdown())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
