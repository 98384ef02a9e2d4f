"""Producers that are not functions, and credentials: CodeBuild artifacts and Glue crawlers
into S3, QLDB journal streams into Kinesis, the secrets database clusters, RDS proxies and
Amazon MQ brokers authenticate with, and a function as the source of a CloudWatch Logs
subscription on its own log group.
"""
from __future__ import annotations

import re

from .context import ImportContext
from .intrinsics import as_dict, as_list, dig, refs

SECRETS = ("AWS::SecretsManager::Secret",)
BUCKETS = ("AWS::S3::Bucket",)
_S3_URL = re.compile(r"^s3://([^/]+)")
_RESOLVE_SECRET = re.compile(r"\{\{resolve:secretsmanager:([^:}]+)")


def extract(ctx: ImportContext) -> None:
    handlers = {"AWS::CodeBuild::Project": _codebuild, "AWS::Glue::Crawler": _crawler,
                "AWS::QLDB::Stream": _qldb_stream, "AWS::RDS::DBCluster": _db_secrets,
                "AWS::RDS::DBInstance": _db_secrets, "AWS::DocDB::DBCluster": _db_secrets,
                "AWS::RDS::DBProxy": _proxy_secrets, "AWS::AmazonMQ::Broker": _db_secrets}
    for rid, rtype in list(ctx.t.types.items()):
        handler = handlers.get(rtype)
        if handler is not None:
            handler(ctx, rid)


def _bucket(ctx: ImportContext, value, loc) -> list[str]:
    """Buckets a value names: a reference, a bucket name, or an ``s3://bucket/...`` path."""
    found = ctx.resolve(value, expect=BUCKETS, location=loc)
    if found:
        return found
    text = ctx.t.signature(value) or ""
    match = _S3_URL.match(text)
    return ctx.resolve({"Fn::Sub": match.group(1)}, expect=BUCKETS, location=loc) \
        if match else []


def _codebuild(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    artifacts = [("Artifacts",)] + [("SecondaryArtifacts", i) for i, _ in
                                    enumerate(as_list(props.get("SecondaryArtifacts")))]
    for keys in artifacts:
        config = as_dict(dig(props, *keys))
        if (t.literal(config.get("Type")) or "").upper() == "S3":
            loc = t.where(rid, *keys, "Location")
            ctx.wire_all([rid], _bucket(ctx, config.get("Location"), loc), "writes",
                         "codebuild_artifacts", loc, label="artifacts")


def _crawler(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    for i, target in enumerate(as_list(dig(t.props(rid), "Targets", "S3Targets"))):
        loc = t.where(rid, "Targets", "S3Targets", i, "Path")
        ctx.wire_all([rid], _bucket(ctx, as_dict(target).get("Path"), loc), "reads",
                     "glue_crawler", loc, label="crawls")


def _qldb_stream(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    props = t.props(rid)
    loc = t.where(rid, "KinesisConfiguration", "StreamArn")
    ledgers = ctx.resolve(props.get("LedgerName"), expect=("AWS::QLDB::Ledger",)) or [rid]
    streams = ctx.resolve(dig(props, "KinesisConfiguration", "StreamArn"),
                          expect=("AWS::Kinesis::Stream",), location=loc)
    ctx.wire_all(ledgers, streams, "trigger", "qldb_stream", loc, label="journal")


def _secret_refs(ctx: ImportContext, value) -> list[str]:
    """Secrets a value uses: references, and ``{{resolve:secretsmanager:...}}`` dynamic
    references (by logical id inside ``!Sub``, or by name)."""
    t = ctx.t
    found = [n for n in refs(value) if t.types.get(n) in SECRETS]
    for match in _RESOLVE_SECRET.finditer(t.signature(value) or ""):
        found += [s for s in ctx.resolve({"Fn::Sub": match.group(1)}, expect=SECRETS)
                  if s not in found]
    return found


def _db_secrets(ctx: ImportContext, rid: str) -> None:
    """A database or broker whose credentials come from a secret reads it."""
    t = ctx.t
    props = t.props(rid)
    keys = [("MasterUserPassword",), ("MasterUsername",), ("MasterUserSecret", "SecretArn")]
    keys += [("Users", i, "Password") for i, _ in enumerate(as_list(props.get("Users")))]
    for path in keys:
        value = dig(props, *path)
        if value is None:
            continue
        for secret in _secret_refs(ctx, value):
            ctx.wire(rid, secret, "reads", "credentials_secret", t.where(rid, *path),
                     label="credentials")


def _proxy_secrets(ctx: ImportContext, rid: str) -> None:
    t = ctx.t
    for i, auth in enumerate(as_list(t.props(rid).get("Auth"))):
        value = as_dict(auth).get("SecretArn")
        loc = t.where(rid, "Auth", i, "SecretArn")
        for secret in ctx.resolve(value, expect=SECRETS, location=loc):
            ctx.wire(rid, secret, "reads", "credentials_secret", loc, label="credentials")
