"""The bounds archkb puts on its inputs, with their defaults and how to raise them.

Every input archkb reads may come from someone else (a spec in a pull request, a template, a
docs folder), so each is bounded. A limit is raised by its environment variable
(``ARCHKB_MAX_FILE_BYTES=50000000``) or, for one run, by the global option
``archkb --limit max_file_bytes=50000000 ...`` (which sets the same variable, so docs build
workers see it too).

>>> get("max_file_bytes") == LIMITS["max_file_bytes"].default
True
>>> LIMITS["dot_timeout"].env
'ARCHKB_DOT_TIMEOUT'
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Limit:
    name: str
    default: int
    what: str

    @property
    def env(self) -> str:
        return "ARCHKB_" + self.name.upper()


LIMITS = {limit.name: limit for limit in (
    Limit("max_file_bytes", 20_000_000, "size of one input file (spec, template, KB file, "
                                        "MkDocs file: include), in bytes"),
    Limit("max_depth", 100, "nesting depth of a YAML/JSON document"),
    Limit("max_components", 10_000, "components in one spec"),
    Limit("max_label", 1_000, "characters in one label or name"),
    Limit("max_foreach_items", 1_000, "items one Fn::ForEach loop iterates over"),
    Limit("max_resources", 5_000, "resources of a template after Fn::ForEach expansion"),
    Limit("dot_timeout", 120, "seconds Graphviz may take to lay out one diagram"),
    Limit("max_query", 2_000, "characters in one query"),
)}


def get(name: str) -> int:
    """The limit ``name``: its environment variable if set (a positive integer), else the default."""
    limit = LIMITS[name]
    raw = os.environ.get(limit.env)
    if raw is None or not raw.strip():
        return limit.default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"{limit.env}={raw!r}: the limit must be a positive integer")
    return value


def set_from_option(text: str) -> None:
    """Apply one ``--limit name=value`` option (sets the environment variable).

    >>> set_from_option("max_query=5000"); get("max_query")
    5000
    >>> set_from_option("nope=1")
    Traceback (most recent call last):
    ...
    generator.errors.InputError: --limit nope=1: unknown limit 'nope' (known: dot_timeout, max_components, max_depth, max_file_bytes, max_foreach_items, max_label, max_query, max_resources)
    >>> del os.environ["ARCHKB_MAX_QUERY"]
    """
    name, sep, value = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or name not in LIMITS:
        raise InputError(f"--limit {text}: unknown limit {name!r} (known: "
                         f"{', '.join(sorted(LIMITS))})")
    os.environ[LIMITS[name].env] = value.strip()
    get(name)


def table_markdown() -> str:
    """The limits as a Markdown table (README and SECURITY.md)."""
    rows = ["| limit | default | environment variable | bounds |", "| --- | --- | --- | --- |"]
    rows += [f"| `{l.name}` | {l.default:,} | `{l.env}` | {l.what} |" for l in LIMITS.values()]
    return "\n".join(rows)
