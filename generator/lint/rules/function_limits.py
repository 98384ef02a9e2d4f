"""Rules about one function's settings against Lambda's limits in the KB."""
from __future__ import annotations

from ...numbers import format_number as _fmt
from ..context import FUNCTION, join_names
from ..rule import Rule

LONG_WORK_TRADEOFF = "execution-time-limit"
"""The KB trade-off whose mitigations are where work longer than the timeout cap can go."""


def long_work_options(kb) -> tuple[list[str], list[str], list[str]]:
    """Where work beyond the timeout cap can go, from the KB: (orchestrators that split it into
    steps, services that run it whole, Lambda features that stretch the cap).

    >>> from generator.kb import load_kb
    >>> orchestrators, services, _ = long_work_options(load_kb())
    >>> "AWS Fargate" in services
    True
    """
    def kind(n):
        return kb.nodes.get(n, {}).get("kind")
    orchestrators = sorted(kb.name(u) for u, _, _ in kb.relations(dst=FUNCTION, type="orchestrates")
                           if kind(u) == "service")
    found = {u for u, _, _ in kb.relations(dst=LONG_WORK_TRADEOFF, type="mitigates")}
    found |= {v for _, v, _ in kb.relations(src=FUNCTION, type="alternative_to")}
    found |= {u for u, _, _ in kb.relations(dst=FUNCTION, type="alternative_to")}
    services = sorted(kb.name(n) for n in found if kind(n) in ("service", "database")
                      and kb.name(n) not in orchestrators)
    features = sorted(kb.name(n) for n in found if kind(n) == "concept")
    return sorted(set(orchestrators)), services, features


class _RangeRule(Rule):
    """A numeric function setting checked against a KB min/max pair."""

    setting: str = ""
    min_limit: str | None = None
    max_limit: str | None = None

    def check(self, ctx):
        low = ctx.limit(FUNCTION, self.min_limit) if self.min_limit else None
        high = ctx.limit(FUNCTION, self.max_limit) if self.max_limit else None
        for fn in ctx.functions:
            value = ctx.number(fn, self.setting, use_default=False)
            if value is None:
                continue
            if low is not None and value < low:
                bound, limit_id = f"below the minimum of {_fmt(low)}", self.min_limit
            elif high is not None and value > high:
                bound, limit_id = f"above the maximum of {_fmt(high)}", self.max_limit
            else:
                continue
            unit = ctx.kb.limit(FUNCTION, limit_id).get("unit", "")
            yield self.finding(
                f"{self.setting}: {_fmt(value)} {unit} on {fn.id} is {bound} {unit}"
                f"{self.advice(ctx, value, low, high)}",
                ctx.where(fn, self.setting), component=fn.id,
                source=ctx.limit_source(FUNCTION, limit_id))

    def advice(self, ctx, value, low, high) -> str:
        return f"; use {_fmt(low)} to {_fmt(high)}" if low is not None and high is not None else ""


class TimeoutAboveMax(_RangeRule):
    id = "E2001"
    title = "Function timeout above Lambda's maximum"
    description = (
        "One invocation cannot run longer than Lambda's maximum timeout. Work that "
        "takes longer must be split into steps orchestrated by Step Functions, or run on Fargate "
        "or AWS Batch (the finding lists the options the KB knows).")
    source = "lambda-timeout"
    kb_limits = ((FUNCTION, "timeout-max"),)
    setting, max_limit = "timeout", "timeout-max"

    def advice(self, ctx, value, low, high) -> str:
        orchestrators, services, features = long_work_options(ctx.kb)
        options = []
        if orchestrators:
            options.append(f"split it into steps orchestrated by {join_names(orchestrators, conj='or')}")
        if services:
            options.append(f"run it on {join_names(services, conj='or')}")
        text = "; " + " or ".join(options) if options else ""
        if features:
            text += f" (see also {join_names(features)})"
        return text


class MemoryOutOfRange(_RangeRule):
    id = "E2002"
    title = "Function memory outside Lambda's range"
    description = ("Lambda accepts memory between its minimum and maximum (in 1 MB steps); CPU "
                   "is allocated in proportion to memory.")
    source = "lambda-memory"
    kb_limits = ((FUNCTION, "memory-min"), (FUNCTION, "memory-max"))
    setting, min_limit, max_limit = "memory", "memory-min", "memory-max"


class EphemeralStorageOutOfRange(_RangeRule):
    id = "E2003"
    title = "Function /tmp (ephemeral storage) outside Lambda's range"
    description = ("The /tmp directory of a function can be sized between Lambda's minimum and "
                   "maximum; beyond that, use EFS or S3.")
    source = "lambda-ephemeral-storage"
    kb_limits = ((FUNCTION, "ephemeral-storage-min"), (FUNCTION, "ephemeral-storage-max"))
    setting, min_limit, max_limit = "ephemeral_storage", "ephemeral-storage-min", "ephemeral-storage-max"


class TooManyLayers(Rule):
    id = "E2004"
    title = "More layers than a function may use"
    description = ("A function can use only a few layers; merge layers or ship dependencies in "
                   "the deployment package or a container image.")
    source = "lambda-layers"
    kb_limits = ((FUNCTION, "layers-max"),)

    def check(self, ctx):
        most = ctx.limit(FUNCTION, "layers-max")
        if most is None:
            return
        for fn in ctx.functions:
            layers = fn.settings.get("layers")
            if isinstance(layers, list) and len(layers) > most:
                yield self.finding(
                    f"layers: {fn.id} uses {len(layers)} layers, above the maximum of {most} per "
                    "function; merge layers or move dependencies into the package or a container "
                    "image", ctx.where(fn, "layers"), component=fn.id,
                    source=ctx.limit_source(FUNCTION, "layers-max"))
