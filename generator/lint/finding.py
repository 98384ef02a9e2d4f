"""One frozen record per problem found: the only thing rules produce and formatters read.

>>> from generator.spec.model import Location
>>> f = Finding("E2001", "error", "timeout too long", component="orders",
...             location=Location("spec.yaml", 7, 5), source="lambda-timeout")
>>> str(f)
'spec.yaml:7:5: error E2001 timeout too long'
>>> f.as_dict()["location"]
{'file': 'spec.yaml', 'line': 7, 'column': 5}
"""
from __future__ import annotations

from dataclasses import dataclass

from ..spec.model import Location

SEVERITIES = ("error", "warning", "info")
"""Most severe first."""
SEVERITY_BY_LETTER = {"E": "error", "W": "warning", "I": "info"}
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info (lower is more severe).

    >>> severity_rank("warning")
    1
    """
    return _RANK[severity]


def at_least(severity: str, threshold: str) -> bool:
    """Whether ``severity`` is as severe as ``threshold`` or more.

    >>> at_least("error", "warning"), at_least("info", "warning")
    (True, False)
    """
    return _RANK[severity] <= _RANK[threshold]


@dataclass(frozen=True)
class Finding:
    """A problem in a spec: which rule, how bad, what to do, where, and on which KB source."""

    rule: str
    severity: str
    message: str
    component: str | None = None
    connection: str | None = None
    location: Location = Location("<spec>")
    source: str | None = None

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0, self.rule, self.message)

    def as_dict(self) -> dict:
        """The JSON shape of DESIGN.md (``component``/``connection`` only when set)."""
        out: dict = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.component is not None:
            out["component"] = self.component
        if self.connection is not None:
            out["connection"] = self.connection
        out["location"] = self.location.as_dict()
        out["source"] = self.source
        return out

    def __str__(self) -> str:
        return f"{self.location}: {self.severity} {self.rule} {self.message}"
