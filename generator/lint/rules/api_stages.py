"""API Gateway stage settings serverless-rules users expect: access logs, in JSON, and
default throttling (deployment details: ``scope = "template"`` where the setting is unset)."""
from __future__ import annotations

from ..rule import Rule
from .unset import UnsetSetting

API = "api-gateway"
ACCESS_LOGS = "access_logs"
THROTTLING = "throttling"


class NoAccessLogs(UnsetSetting):
    id = "W7004"
    title = "API without access logs"
    description = (
        "Execution logs and metrics do not say who called an API, how, and with what result; "
        "access logs do, one line per request, and they are what an incident review or an "
        "audit starts from. Turn on access logging for each stage (`AccessLogSetting` on a "
        "REST stage or `AWS::Serverless::Api`, `AccessLogSettings` on an HTTP or WebSocket "
        "stage); in a spec, `access_logs: json`. Checked on templates (serverless-rules "
        "ES2000); enable it for specs with `lint: {enable: [W7004]}`.")
    source = "apigw-access-logging"
    kb_settings = ((API, ACCESS_LOGS),)
    service, setting = API, ACCESS_LOGS

    def message(self, ctx, comp) -> str:
        return (f"{comp.id} has no access logging: set an access log destination and format on "
                "its stage (JSON lines are easiest to query)")


class TextAccessLogs(Rule):
    id = "I7005"
    title = "API access logs not in JSON"
    description = (
        "Access logs in Common Log Format, CSV or XML must be parsed before CloudWatch Logs "
        "Insights or another tool can filter on a field; a JSON format gives each `$context` "
        "variable a key. Write the access log format as a JSON object (serverless-rules "
        "WS2001).")
    source = "apigw-access-logging"
    kb_settings = ((API, ACCESS_LOGS),)

    def check(self, ctx):
        for api in ctx.defined(API):
            if api.settings.get(ACCESS_LOGS) == "text":
                yield self.finding(f"access logs of {api.id} are not JSON: write the format as a "
                                   "JSON object so each field can be queried",
                                   ctx.where(api, ACCESS_LOGS), component=api.id)


class NoDefaultThrottling(UnsetSetting):
    id = "W6002"
    title = "API without default throttling"
    description = (
        "Without stage (or default route) throttling, one client can use the whole account's "
        "Region-wide request quota, which every API of the account shares, and drive the "
        "functions behind the API to their concurrency limit. Set a default rate and burst "
        "limit on each stage (`MethodSettings` with `ThrottlingRateLimit` and "
        "`ThrottlingBurstLimit` for REST, `DefaultRouteSettings` for HTTP and WebSocket); in a "
        "spec, `throttling: true`. Checked on templates (serverless-rules ES2003); enable it "
        "for specs with `lint: {enable: [W6002]}`.")
    source = "apigw-throttling"
    kb_settings = ((API, THROTTLING),)
    service, setting = API, THROTTLING

    def is_set(self, value) -> bool:
        return value is True

    def message(self, ctx, comp) -> str:
        return (f"{comp.id} has no default throttling, so one client can use the account's "
                "whole request quota: set a rate and burst limit on its stage")
