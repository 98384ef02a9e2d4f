"""Who checks a caller before an API (or an agent gateway) runs: Lambda authorizers declared in
SAM ``Auth.Authorizers`` or as ``AWS::ApiGateway(V2)::Authorizer`` resources, Cognito user pools
and JWT issuers, and the interceptor functions of AgentCore gateways.

An authorizer function is invoked synchronously by the API before the integration; it is drawn
as API -> function, labelled "authorizer".
"""
from __future__ import annotations

from .context import ImportContext
from .intrinsics import as_dict, as_list, dig, refs

FUNCTIONS = ("AWS::Serverless::Function", "AWS::Lambda::Function")
USER_POOLS = ("AWS::Cognito::UserPool",)
AUTHORIZER_LABEL = "authorizer"


def extract(ctx: ImportContext) -> None:
    t = ctx.t
    for rid, rtype in list(t.types.items()):
        if rtype in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi"):
            _sam_authorizers(ctx, rid)
        elif rtype in ("AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer"):
            _authorizer_resource(ctx, rid)
        elif rtype == "AWS::BedrockAgentCore::Gateway":
            _agent_gateway(ctx, rid)


def _authorize(ctx: ImportContext, apis: list[str], value, loc) -> None:
    """Wire each API to the function (sync) or user pool that ``value`` names."""
    for target in ctx.resolve(value, location=loc):
        node = ctx.nodes.get(target)
        if node is None:
            continue
        mode = "sync" if node.service == "lambda" else None
        for api in apis:
            ctx.wire(api, target, "trigger" if mode else "invoke", "api_authorizer", loc,
                     label=AUTHORIZER_LABEL, mode=mode)


def _sam_authorizers(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    authorizers = as_dict(dig(t.props(rid), "Auth", "Authorizers"))
    for name, body in authorizers.items():
        body = as_dict(body)
        for key in ("FunctionArn", "UserPoolArn"):
            if body.get(key) is not None:
                _authorize(ctx, [rid], body[key], t.where(rid, "Auth", "Authorizers", name, key))
        issuer = dig(body, "JwtConfiguration", "issuer")
        if issuer is not None:
            _authorize(ctx, [rid], issuer, t.where(rid, "Auth", "Authorizers", name))


def _authorizer_resource(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    apis = ctx.resolve(props.get("RestApiId", props.get("ApiId")))
    if props.get("AuthorizerUri") is not None:
        # arn:aws:apigateway:...:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
        fns = [n for n in refs(props["AuthorizerUri"]) if t.types.get(n) in FUNCTIONS]
        _authorize(ctx, apis, {"Fn::Sub": "".join("${%s}" % n for n in fns)} if fns
                   else props["AuthorizerUri"], t.where(rid, "AuthorizerUri"))
    for i, arn in enumerate(as_list(props.get("ProviderARNs"))):
        _authorize(ctx, apis, arn, t.where(rid, "ProviderARNs", i))
    issuer = dig(props, "JwtConfiguration", "Issuer")
    if issuer is not None:
        _authorize(ctx, apis, issuer, t.where(rid, "JwtConfiguration", "Issuer"))


def _agent_gateway(ctx: ImportContext, rid: str) -> None:
    """An AgentCore gateway: its JWT authorizer's discovery URL (a Cognito user pool) and its
    interceptor functions."""
    t = ctx.t
    props = t.props(rid)
    url = dig(props, "AuthorizerConfiguration", "CustomJWTAuthorizer", "DiscoveryUrl")
    if url is not None:
        pools = [n for n in refs(url) if t.types.get(n) in USER_POOLS]
        for pool in pools:
            _authorize(ctx, [rid], {"Ref": pool},
                       t.where(rid, "AuthorizerConfiguration", "CustomJWTAuthorizer"))
    for i, config in enumerate(as_list(props.get("InterceptorConfigurations"))):
        loc = t.where(rid, "InterceptorConfigurations", i)
        for name in refs(config):
            if t.types.get(name) in FUNCTIONS:
                for fn in ctx.resolve({"Ref": name}):
                    # the KB has no gateway service: a call, not a trigger it could check
                    ctx.wire(rid, fn, "invoke", "gateway_interceptor", loc, label="interceptor")
