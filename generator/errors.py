"""Exceptions shared by the library; the CLI maps them to exit codes.

>>> err = InputError("unknown key 'memroy'", file="spec.yaml", line=4, column=3)
>>> str(err)
"spec.yaml:4:3: unknown key 'memroy'"
>>> err.exit_code
2
"""
from __future__ import annotations


class ArchkbError(Exception):
    """Base class: every error archkb raises on purpose."""

    exit_code = 2


class InputError(ArchkbError):
    """Bad input (spec, template, KB file, CLI argument): exit 2, located when possible."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    @property
    def location(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}: {self.message}" if loc else self.message


class KBError(InputError):
    """The knowledge base is invalid (schema, dangling reference, duplicate id...)."""


class UnknownNameError(InputError):
    """A name that resolves to no KB node; carries close matches."""

    def __init__(self, name: str, suggestions: list[str], what: str = "name"):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} {name!r}{hint}")


class MissingDependencyError(ArchkbError):
    """A system dependency (Graphviz `dot`...) is missing: exit 3, with the fix."""

    exit_code = 3
