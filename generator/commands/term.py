"""The terminal: its width, and colour for severities, verdicts and modes.

Colour is on when stdout is a terminal, ``NO_COLOR`` is unset or empty (https://no-color.org)
and ``archkb --no-color`` was not given; piped output never has escape codes.

>>> paint("error", enabled=False), paint("error", enabled=True) == "\\x1b[31m\\x1b[1merror\\x1b[0m"
('error', True)
>>> paint("lambda", enabled=True)  # not a word with a colour
'lambda'
"""
from __future__ import annotations

import os
import shutil
import sys

import click

PIPED_WIDTH = 100
"""Columns when stdout is not a terminal and ``COLUMNS`` is unset."""

COLOURS: dict[str, dict] = {
    "error": {"fg": "red", "bold": True}, "unfit": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True}, "caution": {"fg": "yellow", "bold": True},
    "info": {"fg": "blue"}, "fit": {"fg": "green", "bold": True},
    "sync": {"fg": "cyan"}, "async": {"fg": "magenta"}, "poll": {"fg": "green"},
}
"""Words that get a colour: lint severities, recommendation verdicts, invocation modes."""


def width() -> int:
    """The terminal's columns (``COLUMNS`` wins), or :data:`PIPED_WIDTH` when piped."""
    return shutil.get_terminal_size((PIPED_WIDTH, 24)).columns


def colour_enabled() -> bool:
    """Whether to colour stdout now."""
    if os.environ.get("NO_COLOR"):
        return False
    ctx = click.get_current_context(silent=True)
    if ctx is not None and (ctx.find_root().obj or {}).get("no_color"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def paint(word: str, enabled: bool | None = None) -> str:
    """``word`` in its colour (:data:`COLOURS`) when colour is on, else unchanged."""
    style = COLOURS.get(word.strip())
    if style is None or not (colour_enabled() if enabled is None else enabled):
        return word
    return click.style(word, **style)
