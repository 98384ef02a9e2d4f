"""Lint: connection-aware checks of an architecture spec against the knowledge base.

Rules (``generator.lint.rules``) are metadata plus one small check, in the style of cfn-lint;
each yields frozen :class:`Finding` records located at file:line:column in the spec. Formatters
(``generator.lint.formatters``) turn findings into text, JSON or SARIF.

>>> from generator.kb import load_kb
>>> from generator.spec.model import Spec
>>> lint_spec(Spec("empty", "empty.yaml"), load_kb())
[]
"""
from .engine import LintRun, lint_spec, lint_specs, run_lint
from .finding import SEVERITIES, Finding, at_least

__all__ = ["Finding", "LintRun", "SEVERITIES", "at_least", "lint_spec", "lint_specs", "run_lint"]
