"""Deployment details of one function that serverless-rules users expect a linter to check:
memory and timeout chosen, logs kept for a bounded time, one purpose per function.

These are ``scope = "template"`` rules (see :mod:`generator.lint.engine`): a hand-written spec
that leaves memory out has not decided it yet; a template that leaves it out deploys the
default.
"""
from __future__ import annotations

from ..context import FUNCTION, join_names
from ..rule import Rule
from .unset import UnsetSetting


class _DefaultSetting(UnsetSetting):
    """A function setting that must be chosen, not left to Lambda's default."""

    service = FUNCTION
    advice = ""

    def message(self, ctx, comp) -> str:
        default = ctx.default(FUNCTION, self.setting)
        unit = ctx.kb.settings(FUNCTION).get(self.setting, {}).get("unit", "")
        shown = f" ({default} {unit})".replace(" )", ")") if default is not None else ""
        return f"{comp.id} leaves {self.setting} at Lambda's default{shown}; {self.advice}"


class DefaultMemory(_DefaultSetting):
    id = "W2006"
    title = "Function memory left at the default"
    description = (
        "Memory also sets the function's CPU share, so it decides both speed and cost; the "
        "default (128 MB) is rarely the right size. Set `memory` (SAM/CloudFormation "
        "`MemorySize`, also in `Globals`) after measuring, for example with AWS Lambda Power "
        "Tuning. Checked on templates (serverless-rules ES1005); enable it for specs with "
        "`lint: {enable: [W2006]}`.")
    source = "lambda-memory"
    kb_settings = ((FUNCTION, "memory"),)
    setting = "memory"
    advice = "set memory to what the function needs (memory also sets its CPU share)"


class DefaultTimeout(_DefaultSetting):
    id = "W2007"
    title = "Function timeout left at the default"
    description = (
        "The default timeout (3 s) is too short for most work that calls other services, and a "
        "timeout far above the expected duration bills runaway invocations. Set `timeout` "
        "(SAM/CloudFormation `Timeout`, also in `Globals`) a little above the expected "
        "duration and below what callers wait. Checked on templates (serverless-rules "
        "ES1006); enable it for specs with `lint: {enable: [W2007]}`.")
    source = "lambda-timeout"
    kb_settings = ((FUNCTION, "timeout"),)
    setting = "timeout"
    advice = "set a timeout a little above the expected duration"


LOG_RETENTION = "log_retention"


class NoLogRetention(UnsetSetting):
    id = "W7003"
    title = "Function logs kept forever (no log retention)"
    description = (
        "Lambda writes to a CloudWatch Logs log group that keeps every log line forever "
        "unless a retention is set, so storage grows and is billed without end. Give each "
        "function a log group with `RetentionInDays` (named `/aws/lambda/<function name>`, or "
        "set through `LoggingConfig.LogGroup`); in a spec, `log_retention: <days>`. Checked "
        "on templates (serverless-rules WS1004); enable it for specs with "
        "`lint: {enable: [W7003]}`.")
    source = "cloudwatch-logs-retention"
    kb_settings = ((FUNCTION, LOG_RETENTION),)
    service, setting = FUNCTION, LOG_RETENTION

    def message(self, ctx, comp) -> str:
        return (f"{comp.id} has no log group with a retention, so its logs are kept (and "
                "billed) forever: add a log group /aws/lambda/<name> with RetentionInDays")


class SeveralInvokingServices(Rule):
    id = "I2008"
    title = "Function invoked by several services"
    description = (
        "A function that several services invoke directly (an API, a topic and a bucket...; "
        "polled sources do not count, they use the function's own role) carries "
        "several event shapes, permissions and failure modes in one deployment unit: its "
        "resource-based policy grants each service principal, and a change for one caller "
        "risks the others. Prefer one function per event source (serverless-rules WS1002). "
        "This is a design choice, hence info.")
    source = "lambda-resource-policy"

    def check(self, ctx):
        for fn in ctx.defined(FUNCTION):
            services: dict[str, str] = {}
            for conn in ctx.incoming.get(fn.id, ()):
                if conn.kind != "triggers" or ctx.mode_of(conn) not in ("sync", "async"):
                    continue  # a polled source uses the function's role, not its policy
                service = ctx.service_of(conn.source)
                if service and service != FUNCTION:
                    services.setdefault(service, conn.source)
            if len(services) < 2:
                continue
            names = [f"{ctx.name(s)} ({c})" for s, c in services.items()]
            yield self.finding(
                f"{fn.id} is invoked by {len(services)} services ({join_names(names)}): "
                "consider one function per event source, each with its own permissions",
                fn.location, component=fn.id)
