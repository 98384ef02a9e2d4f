"""Run the rules over a spec and collect their findings, sorted by location then rule."""
from __future__ import annotations

from typing import Iterable

from ..spec.model import Spec
from .context import LintContext
from .finding import Finding
from .rule import Rule


def lint_spec(spec: Spec, kb, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Findings of ``rules`` (all rules by default) on ``spec``, without duplicates.

    >>> from generator.kb import load_kb
    >>> from generator.spec.model import Spec, Component, Location
    >>> fn = Component("fn", "lambda", "fn", None, {"timeout": 1200},
    ...                Location("s.yaml", 3, 3), {"timeout": Location("s.yaml", 3, 30)})
    >>> [(f.rule, str(f.location)) for f in lint_spec(Spec("x", "s.yaml", components={"fn": fn}), load_kb())]
    [('E2001', 's.yaml:3:30')]
    """
    if rules is None:
        from .rules import all_rules

        rules = all_rules()
    ctx = LintContext(spec, kb)
    found = set()
    for rule in rules:
        found.update(rule.check(ctx))
    return sorted(found, key=Finding.sort_key)


def lint_specs(specs: Iterable[Spec], kb, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Findings over several specs, sorted by file, location, rule."""
    rules = list(rules) if rules is not None else None
    out: list[Finding] = []
    for spec in specs:
        out.extend(lint_spec(spec, kb, rules))
    return sorted(out, key=Finding.sort_key)
