"""Run the rules over a spec and collect their findings, sorted by location then rule.

Suppression, as cfn-lint users expect it: rule ids (or prefixes, or serverless-rules ids) given
on the command line (``ignore``), in the spec's ``lint: {ignore: [...]}`` block, or on a
component or connection (``lint_ignore``; an imported template fills it from the resource's
``Metadata``). Suppressed findings are kept apart so the summary can count them.

Rules with ``scope = "template"`` check deployment details (memory left at its default, log
retention...): they run on imported templates, and on a hand-written spec only when enabled
(``enable`` here, or the spec's ``lint: {enable: [...]}``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..spec.model import Spec
from .context import LintContext
from .equivalents import matches
from .finding import Finding
from .rule import Rule


@dataclass
class LintRun:
    """What one lint run found: the findings reported and those suppressed."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)


def run_lint(spec: Spec, kb, rules: Iterable[Rule] | None = None, ignore: Iterable[str] = (),
             enable: Iterable[str] = ()) -> LintRun:
    """Findings of ``rules`` (all rules by default) on ``spec``, split into reported and
    suppressed.

    >>> from generator.kb import load_kb
    >>> from generator.spec.model import Spec, Component, Location
    >>> fn = Component("fn", "lambda", "fn", None, {"timeout": 1200}, Location("s.yaml", 3, 3))
    >>> run = run_lint(Spec("x", "s.yaml", components={"fn": fn}), load_kb(), ignore=["E20"])
    >>> run.findings, [f.rule for f in run.suppressed]
    ([], ['E2001'])
    """
    if rules is None:
        from .rules import all_rules

        rules = all_rules()
    ignore = tuple(ignore) + tuple(spec.lint.get("ignore", ()))
    enable = tuple(enable) + tuple(spec.lint.get("enable", ()))
    ctx = LintContext(spec, kb)
    found = set()
    for rule in rules:
        if getattr(rule, "scope", "all") == "template" and spec.origin != "template" \
                and not matches(rule.id, enable):
            continue
        found.update(rule.check(ctx))
    run = LintRun()
    on_conn: dict[str, tuple[str, ...]] = {}
    for conn in spec.connections:
        if conn.lint_ignore:
            on_conn[conn.name] = on_conn.get(conn.name, ()) + conn.lint_ignore
    for finding in sorted(found, key=Finding.sort_key):
        local = ()
        comp = spec.components.get(finding.component) if finding.component else None
        if comp is not None:
            local += comp.lint_ignore
        if finding.connection:
            local += on_conn.get(finding.connection, ())
        quiet = matches(finding.rule, ignore + local)
        (run.suppressed if quiet else run.findings).append(finding)
    return run


def lint_spec(spec: Spec, kb, rules: Iterable[Rule] | None = None, ignore: Iterable[str] = (),
              enable: Iterable[str] = ()) -> list[Finding]:
    """Findings of ``rules`` (all rules by default) on ``spec``, without duplicates or
    suppressed ones (see :func:`run_lint`).

    >>> from generator.kb import load_kb
    >>> from generator.spec.model import Spec, Component, Location
    >>> fn = Component("fn", "lambda", "fn", None, {"timeout": 1200},
    ...                Location("s.yaml", 3, 3), {"timeout": Location("s.yaml", 3, 30)})
    >>> [(f.rule, str(f.location)) for f in lint_spec(Spec("x", "s.yaml", components={"fn": fn}), load_kb())]
    [('E2001', 's.yaml:3:30')]
    """
    return run_lint(spec, kb, rules, ignore, enable).findings


def lint_specs(specs: Iterable[Spec], kb, rules: Iterable[Rule] | None = None,
               ignore: Iterable[str] = (), enable: Iterable[str] = ()) -> list[Finding]:
    """Findings over several specs, sorted by file, location, rule."""
    rules = list(rules) if rules is not None else None
    out: list[Finding] = []
    for spec in specs:
        out.extend(lint_spec(spec, kb, rules, ignore, enable))
    return sorted(out, key=Finding.sort_key)
