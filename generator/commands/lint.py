"""``archkb lint SPEC...``: findings of the lint rules, as text, JSON or SARIF."""
from __future__ import annotations

import sys

import click

from .common import (allow_duplicate_keys_option, batch_options, echo_load_failures,
                     echo_warnings, get_kb_view, kb_option, warning_dict)
from .complete import spec_files


def _rule_ids(values) -> tuple[str, ...]:
    """``--ignore W4003,ES1005 --ignore I`` -> ('W4003', 'ES1005', 'I')."""
    return tuple(p.strip().upper() for v in values for p in v.split(",") if p.strip())


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
@click.option("--ignore", "ignore", multiple=True, metavar="RULE",
              help="Suppress a rule: an id, a prefix (W40, I) or a serverless-rules id "
                   "(ES1005); comma-separated or repeated.")
@click.option("--enable", "enable", multiple=True, metavar="RULE",
              help="Run a template-only rule (W2006, W7003...) on hand-written specs too.")
@batch_options
@allow_duplicate_keys_option
@kb_option
def lint_cmd(specs, fmt, as_json, fail_on, ignore, enable, strict, allow_duplicate_keys,
             kb_dirs):
    """Check architecture specs against the KB (also CloudFormation/SAM templates, Terraform
    module folders and plans, and CDK output).

    SPEC may be a file or a folder (searched recursively for specs and templates, skipping
    .aws-sam, cdk.out and node_modules). Prints one finding per line (file:line:col: severity
    rule message). A file that fails to load is reported (archkb: error: file:line:col: ...) and the
    others are still linted. Exit 2 if any file failed to load, else 1 when a finding reaches
    --fail-on, else 0. Suppress findings with --ignore, a spec's lint: {ignore: [...]}, a
    component's or connection's lint_ignore, or a template resource's Metadata (cfn-lint
    ignore_checks, archkb: {ignore: [...]}); suppressed findings are counted in the summary.
    What loading noticed (an imported template's warnings) goes to stderr as
    file:line:col: warning: ..., and under "warnings" in --format json. Rules: docs/rules.md.
    """
    from ..lint import at_least, run_lint
    from ..lint.finding import Finding
    from ..lint.formatters import format_json, format_sarif, format_text, summary_line
    from ..spec.batch import load_batch

    kb = get_kb_view(kb_dirs)
    batch = load_batch(specs, kb, allow_duplicate_keys=allow_duplicate_keys, strict=strict)
    echo_warnings(batch.warnings)
    echo_load_failures(batch.failures)
    findings, suppressed = [], []
    for spec in batch.specs:
        run = run_lint(spec, kb, ignore=_rule_ids(ignore), enable=_rule_ids(enable))
        findings += run.findings
        suppressed += run.suppressed
    findings.sort(key=Finding.sort_key)
    fmt = "json" if as_json else fmt
    if fmt == "json":
        click.echo(format_json(findings, [warning_dict(w) for w in batch.warnings],
                               errors=[warning_dict(e) for e in batch.failures],
                               suppressed=len(suppressed)))
    elif fmt == "sarif":
        click.echo(format_sarif(findings, kb, errors=batch.failures))
    else:
        if findings:
            click.echo(paint_severities(format_text(findings)))
        click.echo(summary_line(len(batch.specs), len(batch.failures), findings, suppressed),
                   err=True)
    if batch.failures:
        sys.exit(2)
    if any(at_least(f.severity, fail_on) for f in findings):
        sys.exit(1)
