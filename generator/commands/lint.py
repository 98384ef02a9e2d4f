"""``archkb lint SPEC...``: findings of the lint rules, as text, JSON or SARIF."""
from __future__ import annotations

import sys

import click

from .common import allow_duplicate_keys_option, echo_warnings, kb_option, warning_dict
from .complete import spec_files


def _kb(kb_dirs):
    """The fast KB view (no networkx import: lint needs nodes and relations only), with the
    group's and the command's ``--kb`` directories."""
    from ..spec.kbview import load_kb_view

    ctx = click.get_current_context(silent=True)
    group_dirs = ()
    if ctx is not None and ctx.find_root().obj:
        group_dirs = ctx.find_root().obj.get("kb_dirs", ())
    return load_kb_view(tuple(group_dirs) + tuple(kb_dirs))


def paint_severities(text: str) -> str:
    """Finding lines with their severity word coloured (on a terminal, see ``term``).

    >>> paint_severities("a.yaml:1:2: error E1 bad")  # not a terminal here
    'a.yaml:1:2: error E1 bad'
    """
    import re

    from .term import colour_enabled, paint

    if not colour_enabled():
        return text
    return re.sub(r"(?m)^(.*?: )(error|warning|info)(?= )",
                  lambda m: m.group(1) + paint(m.group(2), True), text)


@click.command("lint")
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...", shell_complete=spec_files)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True, help="Output format (sarif: SARIF 2.1.0 for code scanning).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@allow_duplicate_keys_option
@kb_option
def lint_cmd(specs, fmt, as_json, fail_on, allow_duplicate_keys, kb_dirs):
    """Check architecture specs (or CloudFormation/SAM templates) against the KB.

    Prints one finding per line (file:line:col: severity rule message). Exit 0 when no
    finding reaches --fail-on, 1 when one does, 2 on bad input. Rules: docs/rules.md.
    What loading noticed (an imported template's warnings) goes to stderr as
    file:line:col: warning: ..., and under "warnings" in --format json.
    """
    from ..lint import at_least, lint_specs
    from ..lint.formatters import format_json, format_sarif, format_text
    from ..spec import load_any

    kb = _kb(kb_dirs)
    loaded = [load_any(path, kb, allow_duplicate_keys=allow_duplicate_keys) for path in specs]
    warnings = [w for spec in loaded for w in spec.warnings]
    echo_warnings(warnings)
    findings = lint_specs(loaded, kb)
    fmt = "json" if as_json else fmt
    if fmt == "json":
        click.echo(format_json(findings, [warning_dict(w) for w in warnings]))
    elif fmt == "sarif":
        click.echo(format_sarif(findings, kb))
    else:
        if findings:
            click.echo(paint_severities(format_text(findings)))
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        click.echo(f"{len(specs)} spec(s): {counts['error']} error(s), {counts['warning']} "
                   f"warning(s), {counts['info']} info", err=True)
    if any(at_least(f.severity, fail_on) for f in findings):
        sys.exit(1)
