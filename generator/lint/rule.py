"""The rule base class: metadata (id, title, description, KB source) plus one small check.

A rule's severity comes from the first letter of its id (``E`` error, ``W`` warning, ``I``
info). Numbers a rule compares against are read from the KB at check time; ``kb_limits`` lists
them so the reference and the tests can show and verify them.

>>> class Demo(Rule):
...     id, title, source = "W9999", "Demo", "lambda-quotas"
...     description = "Shows the base class."
>>> Demo().severity
'warning'
"""
from __future__ import annotations

from typing import ClassVar, Iterable

from ..spec.model import Location
from .finding import SEVERITY_BY_LETTER, Finding


class Rule:
    """Subclass and set the metadata; implement :meth:`check`."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    """Why it matters and how to fix it (shown in the rule reference)."""
    source: ClassVar[str] = ""
    """The KB source id the rule rests on."""
    kb_limits: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(node, limit id) pairs the rule reads from the KB."""
    kb_settings: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(service, setting) pairs whose KB definition (choices, default) the rule reads."""
    scope: ClassVar[str] = "all"
    """``all``, or ``template``: a deployment detail (memory left at its default, log
    retention...) checked on imported templates, and on hand-written specs only when enabled
    (``--enable`` or the spec's ``lint: {enable: [...]}``)."""

    @property
    def severity(self) -> str:
        return SEVERITY_BY_LETTER[self.id[0]]

    def check(self, ctx) -> Iterable[Finding]:  # pragma: no cover - every rule overrides it
        raise NotImplementedError

    def finding(self, message: str, location: Location, component: str | None = None,
                connection: str | None = None, source: str | None = None) -> Finding:
        """A finding of this rule (the rule's source unless a more specific one is given)."""
        return Finding(self.id, self.severity, message, component=component,
                       connection=connection, location=location, source=source or self.source)

    def __repr__(self) -> str:
        return f"<{self.id} {self.title}>"
