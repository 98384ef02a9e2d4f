"""Rules about a function's runtime identifier against the KB's list of runtimes."""
from __future__ import annotations

import difflib
import re

from ..context import FUNCTION
from ..rule import Rule

_FAMILY = re.compile(r"[a-z]+")
_RUST = re.compile(r"rust", re.IGNORECASE)


def runtime_choices(kb) -> dict[str, dict]:
    """Runtime id -> choice record (``value``, ``status``, ``deprecated_on``, ``note``), KB order.

    >>> from generator.kb import load_kb
    >>> runtime_choices(load_kb())["go1.x"]["status"]
    'deprecated'
    """
    spec = kb.settings(FUNCTION).get("runtime", {}) if FUNCTION in kb.nodes else {}
    out = {}
    for choice in spec.get("choices", []):
        record = choice if isinstance(choice, dict) else {"value": choice}
        out[str(record["value"])] = record
    return out


def _current(choices: dict[str, dict]) -> list[str]:
    return [v for v, c in choices.items() if c.get("status", "supported") == "supported"]


def newest_of_family(choices: dict[str, dict], runtime: str) -> str | None:
    """The first supported runtime of the same family (the KB lists newest first).

    >>> newest_of_family({"nodejs22.x": {}, "nodejs18.x": {"status": "deprecated"}}, "nodejs18.x")
    'nodejs22.x'
    >>> newest_of_family({"dotnet10": {}}, "dotnetcore3.1")
    'dotnet10'
    """
    m = _FAMILY.match(runtime)
    if not m:
        return None
    family = FAMILY_RENAMES.get(m.group(0), m.group(0))
    for value in _current(choices):
        fm = _FAMILY.match(value)
        if fm and fm.group(0) == family:
            return value
    return None


FAMILY_RENAMES = {"dotnetcore": "dotnet"}
"""Runtime families whose identifiers changed name (.NET Core 3.1 was followed by .NET 5)."""


def os_only_for_rust(choices: dict[str, dict]) -> str | None:
    """The supported runtime whose KB note says it runs Rust (the OS-only runtime)."""
    for value in _current(choices):
        if _RUST.search(choices[value].get("note", "")):
            return value
    return None


def _runtimes(ctx):
    for fn in ctx.functions:
        runtime = fn.settings.get("runtime")
        if isinstance(runtime, str) and runtime:
            yield fn, runtime


class UnknownRuntime(Rule):
    id = "E2501"
    title = "Unknown or closed runtime"
    description = ("The runtime identifier is not one Lambda offers (per the KB's runtime list), "
                   "or it is closed to function creation and updates. Use a supported identifier; "
                   "the finding suggests the closest ones. Container-image functions set no "
                   "runtime.")
    source = "lambda-runtimes"
    kb_settings = ((FUNCTION, "runtime"),)

    def check(self, ctx):
        choices = runtime_choices(ctx.kb)
        if not choices:
            return
        for fn, runtime in _runtimes(ctx):
            if _RUST.search(runtime):
                continue  # I2503 explains Rust
            choice = choices.get(runtime)
            if choice is None:
                close = difflib.get_close_matches(runtime, _current(choices), n=3, cutoff=0.5)
                hint = (f"did you mean {', '.join(close)}?" if close
                        else f"choose one of {', '.join(_current(choices))}")
                yield self.finding(f"runtime: {runtime!r} on {fn.id} is not a Lambda runtime; "
                                   f"{hint}", ctx.where(fn, "runtime"), component=fn.id)
            elif choice.get("status") == "closed":
                newer = newest_of_family(choices, runtime)
                hint = f"; move to {newer}" if newer else ""
                yield self.finding(f"runtime: {runtime} on {fn.id} is closed (no creates or "
                                   f"updates){hint}", ctx.where(fn, "runtime"), component=fn.id,
                                   source=choice.get("source"))


class DeprecatedRuntime(Rule):
    id = "W2502"
    title = "Deprecated runtime"
    description = ("A deprecated runtime no longer gets security patches or AWS support, and "
                   "function creation and then updates are blocked later. Move to the newest "
                   "runtime of the same language (named in the finding).")
    source = "lambda-runtimes"
    kb_settings = ((FUNCTION, "runtime"),)

    def check(self, ctx):
        choices = runtime_choices(ctx.kb)
        for fn, runtime in _runtimes(ctx):
            choice = choices.get(runtime)
            if choice is None or choice.get("status") != "deprecated":
                continue
            since = f" since {choice['deprecated_on']}" if choice.get("deprecated_on") else ""
            newer = newest_of_family(choices, runtime)
            advice = f"; move to {newer}" if newer else ""
            note = choice.get("note", "").rstrip(".")
            if note:
                advice += f" ({note})" if newer else f"; {note[0].lower()}{note[1:]}"
            yield self.finding(f"runtime: {runtime} on {fn.id} is deprecated{since}{advice}",
                               ctx.where(fn, "runtime"), component=fn.id,
                               source=choice.get("source"))


class RustOnOsOnlyRuntime(Rule):
    id = "I2503"
    title = "Rust runs on the OS-only runtime"
    description = ("There is no managed `rust` runtime identifier: Rust functions are built with "
                   "the Rust runtime client and deployed on the OS-only runtime (handler "
                   "`bootstrap`). This is supported, not a workaround (the seed article's "
                   "\"Rust is not natively supported\" is out of date).")
    source = "lambda-rust"
    kb_settings = ((FUNCTION, "runtime"),)

    def check(self, ctx):
        target = os_only_for_rust(runtime_choices(ctx.kb))
        for fn, runtime in _runtimes(ctx):
            if not _RUST.search(runtime):
                continue
            use = f"set runtime: {target}" if target else "use the OS-only runtime"
            yield self.finding(
                f"runtime: {runtime!r} on {fn.id}: Rust has no managed runtime id; build with the "
                f"Rust runtime client and {use} (handler bootstrap)",
                ctx.where(fn, "runtime"), component=fn.id)
