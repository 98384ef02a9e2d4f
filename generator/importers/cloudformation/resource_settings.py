"""Settings that a template spreads over several resources or sections: a function's log
group retention, an API's stages (access logs, throttling, tracing), SAM ``Globals`` for the
APIs SAM creates, X-Ray switches of AppSync and Step Functions, and the lint suppressions a
resource's ``Metadata`` carries.

>>> from generator.importers.cloudformation.reader import load_template
>>> t = Template(load_template("Resources:\\n  Fn:\\n    Type: AWS::Lambda::Function\\n"
...     "    Metadata: {cfn-lint: {config: {ignore_checks: [ES1005, E3012]}}, "
...     "archkb: {ignore: [w7003]}}\\n", "t.yaml"))
>>> metadata_ignores(t, "Fn")
('W2006', 'W7003')
"""
from __future__ import annotations

from typing import Any

from ...lint.equivalents import expand
from ...spec.model import Location
from .intrinsics import as_dict, as_list, dig, refs
from .settings import read_settings
from .template import Template

IMPLICIT_APIS = {"ServerlessRestApi": ("Api", "rest"), "ServerlessHttpApi": ("HttpApi", "http")}
"""APIs SAM creates for ``Api``/``HttpApi`` events, and the ``Globals`` section they read."""


def metadata_ignores(t: Template, rid: str | None) -> tuple[str, ...]:
    """Rules a resource's ``Metadata`` suppresses: cfn-lint's ``ignore_checks`` (only ids
    with an archkb equivalent, e.g. serverless-rules ES1005) and ``archkb: {ignore: [...]}``."""
    if rid is None:
        return ()
    meta = as_dict(t.attr(rid, "Metadata"))
    checks = as_list(dig(meta, "cfn-lint", "config", "ignore_checks"))
    own = as_list(dig(meta, "archkb", "ignore"))
    found = expand([c for c in checks if isinstance(c, str)], foreign_only=True)
    found += tuple(str(c).strip().upper() for c in own
                   if isinstance(c, str) and c.strip() and str(c).strip().upper() not in found)
    return found


WRITTEN = {"lambda": {"memory": (("MemorySize",),), "timeout": (("Timeout",),),
                      "tracing": (("Tracing",), ("TracingConfig",))}}
"""Function properties that, when written with a value the import cannot know (a parameter
without a default, a condition), still mean "chosen": lint must not call them defaults."""


def written_settings(ctx, node) -> dict[str, Location]:
    """Settings the template writes for ``node`` with values it does not know: name -> where.

    >>> from generator.importers.cloudformation.reader import load_template
    >>> from generator.importers.cloudformation.context import ImportContext
    >>> from generator.kb import load_kb
    >>> t = Template(load_template("Parameters: {Mem: {Type: Number}}\\nResources:\\n"
    ...     "  Fn: {Type: AWS::Lambda::Function, Properties: {MemorySize: !Ref Mem}}\\n", "t"))
    >>> ctx = ImportContext(t, load_kb())
    >>> list(written_settings(ctx, ctx.add_node("Fn", "AWS::Lambda::Function", None)))
    ['memory']
    """
    t = ctx.t
    out: dict[str, Location] = {}
    if node.origin != "resource":
        return out
    for name, paths in WRITTEN.get(node.service, {}).items():
        for keys in paths:
            if dig(t.props(node.id), *keys) is not None:
                out[name] = t.where(node.id, *keys)
                break
    if node.service == "lambda":
        group = _log_group(t, node.id)
        if group is not None and "RetentionInDays" in t.props(group):
            out["log_retention"] = t.where(group, "RetentionInDays")
    return out


def read_all_settings(ctx, node) -> dict[str, tuple[Any, Location]]:
    """Settings of a component: name -> (value, where the template writes it)."""
    t = ctx.t
    out: dict[str, tuple[Any, Location]] = {}
    if node.origin == "resource":
        for name, (value, keys) in read_settings(t, node.id, node.service).items():
            out[name] = (value, t.where(node.id, *keys) if keys else node.location)
    if node.service == "lambda" and node.origin == "resource":
        group = _log_group(t, node.id)
        days = t.number(t.props(group).get("RetentionInDays")) if group else None
        if days is not None:
            out.setdefault("log_retention", (days, t.where(group, "RetentionInDays")))
    elif node.service == "api-gateway":
        for name, found in _api_settings(t, node).items():
            out.setdefault(name, found)
    elif node.service in ("appsync", "step-functions") and node.origin == "resource":
        keys = {"AWS::AppSync::GraphQLApi": ("XrayEnabled",),
                "AWS::Serverless::GraphQLApi": ("XrayEnabled",),
                "AWS::StepFunctions::StateMachine": ("TracingConfiguration", "Enabled"),
                "AWS::Serverless::StateMachine": ("Tracing", "Enabled")}.get(node.cfn_type)
        value = t.boolean(dig(t.props(node.id), *keys)) if keys else None
        if value is not None:
            out.setdefault("tracing", (value, t.where(node.id, *keys)))
    return out


# -- functions -------------------------------------------------------------------------------
LAMBDA_LOG_PREFIX = "/aws/lambda/"


def _log_group(t: Template, fn: str) -> str | None:
    """The function's log group resource: the one its ``LoggingConfig`` names, or the one named
    ``/aws/lambda/<function>``; None when the template declares none."""
    props = t.props(fn)
    chosen = dig(props, "LoggingConfig", "LogGroup")
    fn_name = t.literal(props.get("FunctionName"))
    for rid in t.of_type("AWS::Logs::LogGroup"):
        name = t.props(rid).get("LogGroupName")
        sig = t.signature(name) or ""
        if chosen is not None:
            match = rid in refs(chosen) or (sig and sig == t.signature(chosen))
        else:
            match = sig.startswith(LAMBDA_LOG_PREFIX) and (
                fn in refs(name) or (fn_name is not None and
                                     t.literal(name) == LAMBDA_LOG_PREFIX + fn_name))
        if match:
            return rid
    return None


# -- APIs ------------------------------------------------------------------------------------
def _api_settings(t: Template, node) -> dict[str, tuple[Any, Location]]:
    """access_logs / throttling / tracing of an API from the stages that deploy it (all of
    them must set it), its own SAM properties, or SAM ``Globals`` for SAM's implicit APIs."""
    stages: list[tuple[dict, tuple]] = []
    if node.origin == "implicit" and node.id in IMPLICIT_APIS:
        section = IMPLICIT_APIS[node.id][0]
        body = dig(t.data, "Globals", section)
        if isinstance(body, dict):
            stages.append((body, ("Globals", section)))
    elif node.origin == "resource":
        if node.cfn_type in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi"):
            stages.append((t.props(node.id), t.path(node.id)))
        for rid in t.of_type("AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage"):
            api = t.props(rid).get("RestApiId", t.props(rid).get("ApiId"))
            if node.id in refs(api):
                stages.append((t.props(rid), t.path(rid)))
        for rid in t.of_type("AWS::ApiGateway::Deployment"):
            props = t.props(rid)
            if node.id in refs(props.get("RestApiId")) and "StageDescription" in props:
                stages.append((as_dict(props["StageDescription"]),
                               t.path(rid, "StageDescription")))
    if not stages:
        return {}
    out: dict[str, tuple[Any, Location]] = {}
    found = [_stage_settings(t, body, path) for body, path in stages]
    # every stage must set it; W6002 then points at the API (the stages may be many)
    for name in ("access_logs", "throttling", "tracing"):
        values = [f.get(name) for f in found]
        if all(v is not None for v in values):
            value = values[0]
            if name == "access_logs" and any(v[0] == "text" for v in values):
                value = next(v for v in values if v[0] == "text")
            out[name] = value
    return out


def _stage_settings(t: Template, body: dict, path: tuple) -> dict[str, tuple[Any, Location]]:
    out: dict[str, tuple[Any, Location]] = {}
    for key in ("AccessLogSetting", "AccessLogSettings"):
        config = _enabled_branch(body.get(key))
        if isinstance(config, dict) and (config.get("DestinationArn") is not None
                                         or config.get("Format") is not None):
            out["access_logs"] = (_log_format(t, config.get("Format")),
                                  t.location(path + (key,)))
    throttled = any(_throttles(t, s) for s in as_list(body.get("MethodSettings")))
    throttled = throttled or _throttles(t, body.get("DefaultRouteSettings")) \
        or _throttles(t, body)
    where = next((k for k in ("MethodSettings", "DefaultRouteSettings") if k in body), None)
    if throttled:
        out["throttling"] = (True, t.location(path + ((where,) if where else ())))
    if "TracingEnabled" in body:
        value = t.boolean(body["TracingEnabled"])
        if value is not None:
            out["tracing"] = (value, t.location(path + ("TracingEnabled",)))
    return out


def _enabled_branch(value: Any) -> Any:
    """A value, or for ``Fn::If`` the branch that configures something (a setting behind a
    condition is a deployment option the template offers: read it as on).

    >>> _enabled_branch({"Fn::If": ["Logs", {"Format": "x"}, {"Ref": "AWS::NoValue"}]})
    {'Format': 'x'}
    """
    if isinstance(value, dict) and set(value) == {"Fn::If"}:
        branches = value["Fn::If"][1:] if isinstance(value["Fn::If"], list) else []
        return next((b for b in branches if isinstance(b, dict) and "Ref" not in b), None)
    return value


def _throttles(t: Template, settings: Any) -> bool:
    settings = as_dict(settings)
    return any(t.number(settings.get(k)) is not None
               for k in ("ThrottlingRateLimit", "ThrottlingBurstLimit"))


def _log_format(t: Template, value: Any) -> str:
    """``json`` when the access log format is a JSON object, ``text`` for any other literal
    format, ``unknown`` when the template leaves it to a parameter or a lookup.

    >>> from generator.importers.cloudformation.reader import load_template
    >>> t = Template(load_template("Resources: {}", "t.yaml"))
    >>> _log_format(t, '{"id":"$context.requestId"}'), _log_format(t, "$context.requestId")
    ('json', 'text')
    >>> _log_format(t, {"Ref": "Format"})
    'unknown'
    """
    if value is None:
        return "text"  # API Gateway's default is the Common Log Format
    sig = t.signature(value)
    if sig is None or sig.strip().startswith("${") and sig.strip().endswith("}"):
        return "unknown"
    return "json" if sig.strip().startswith("{") else "text"
