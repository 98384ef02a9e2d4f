"""One template synthesized by the AWS CDK, imported as CloudFormation and then made readable:
labels are construct paths (``aws:cdk:path`` metadata) instead of hashed logical ids, the
CDK's own machinery is hidden, and the bucket notifications the CDK wires through a custom
resource (``Custom::S3BucketNotifications``) are read as the notifications they are.

>>> from generator.kb import load_kb
>>> from generator.importers import load_template
>>> doc = load_template('''{"Resources": {
...  "OrdersFnB2C3A1F4": {"Type": "AWS::Lambda::Function",
...    "Metadata": {"aws:cdk:path": "Shop/Orders/Fn/Resource"}},
...  "CDKMetadata": {"Type": "AWS::CDK::Metadata",
...    "Metadata": {"aws:cdk:path": "Shop/CDKMetadata/Default"}}}}''', "Shop.template.json")
>>> result = import_cdk_document(doc, load_kb())
>>> [(c.id, c.label) for c in result.spec.components.values()]
[('OrdersFnB2C3A1F4', 'Orders/Fn')]
"""
from __future__ import annotations

import copy
import re
from typing import Any

from ...spec.model import Group

CDK_PATH = "aws:cdk:path"

INTERNAL_TYPES = frozenset({
    "AWS::CDK::Metadata", "Custom::S3BucketNotifications", "Custom::LogRetention",
    "Custom::CDKBucketDeployment", "Custom::S3AutoDeleteObjects", "Custom::AWS",
    "Custom::CrossRegionExportWriter", "Custom::CrossRegionExportReader",
})
"""Resource types the CDK adds for its own work."""

INTERNAL_PATH = re.compile(
    r"(?:^|/)(?:CDKMetadata|BucketNotificationsHandler[0-9a-f]*|LogRetention[0-9a-f]*|"
    r"AWS679f53fac002430cb0da5b7982bd2287|Custom::[A-Za-z0-9]+CustomResourceProvider[A-Za-z0-9]*|"
    r"CustomCDKBucketDeployment[0-9A-Fa-f]*|CustomS3AutoDeleteObjectsCustomResourceProvider|"
    r"framework-onEvent|framework-onTimeout|framework-isComplete|waiter-state-machine|"
    r"BootstrapVersion|CheckBootstrapVersion)(?:/|$)")
"""Construct paths of the CDK's machinery: metadata, the bucket-notification handler,
log-retention functions, custom-resource providers and their framework, asset deployment."""


def cdk_path(body: Any) -> str | None:
    meta = body.get("Metadata") if isinstance(body, dict) else None
    path = meta.get(CDK_PATH) if isinstance(meta, dict) else None
    return path if isinstance(path, str) and path else None


def construct_label(path: str) -> str:
    """The construct path a reader knows: without the stack and CDK's default children.

    >>> construct_label("Shop/Orders/Fn/Resource"), construct_label("Shop/Queue/Default")
    ('Orders/Fn', 'Queue')
    """
    parts = path.split("/")
    if len(parts) > 1:
        parts = parts[1:]
    while len(parts) > 1 and parts[-1] in ("Resource", "Default"):
        parts = parts[:-1]
    return "/".join(parts)


def is_internal(logical_id: str, body: Any) -> bool:
    rtype = body.get("Type") if isinstance(body, dict) else None
    if rtype in INTERNAL_TYPES:
        return True
    path = cdk_path(body) or ""
    return bool(INTERNAL_PATH.search(path))


def import_cdk_document(doc, kb, show_internal: bool = False, group_by: str | None = None):
    """Import a CDK-synthesized template (a yamlsafe Document) as an ``ImportResult``."""
    from ..cloudformation.build import import_document

    resources = doc.data.get("Resources") if isinstance(doc.data, dict) else None
    resources = resources if isinstance(resources, dict) else {}
    _bucket_notifications(doc, resources)
    result = import_document(doc, kb)
    spec = result.spec
    if spec.name.endswith(".template"):
        spec.name = spec.name[:-len(".template")]  # Stack.template.json: the stack's name
    paths = {rid: cdk_path(body) for rid, body in resources.items()}
    if not show_internal:
        hidden = {rid for rid in spec.components
                  if rid in resources and is_internal(rid, resources[rid])}
        for rid in hidden:
            del spec.components[rid]
            result.notes.pop(rid, None)
        spec.connections = [c for c in spec.connections
                            if c.source not in hidden and c.target not in hidden]
        for index, conn in enumerate(spec.connections):
            conn.index = index
    for rid, comp in spec.components.items():
        path = paths.get(rid)
        if path and comp.label in (rid, f"{rid} ({resources[rid].get('Type')})"):
            comp.label = construct_label(path)
    if group_by == "construct":
        group_by_construct(spec, paths)
    return result


def group_by_construct(spec, paths: dict[str, str | None]) -> None:
    """Put each component in a group for its top-level construct (the first part of its
    construct path under the stack) when that construct holds more than one component."""
    members: dict[str, list[str]] = {}
    for rid, comp in spec.components.items():
        path = paths.get(rid)
        if not path or comp.group is not None:
            continue
        parts = path.split("/")
        if len(parts) < 3:
            continue
        members.setdefault(parts[1], []).append(rid)
    for construct, ids in sorted(members.items()):
        if len(ids) < 2:
            continue
        gid = re.sub(r"[^A-Za-z0-9_.-]", "-", f"construct-{construct}")[:120]
        first = spec.components[ids[0]]
        spec.groups[gid] = Group(gid, "generic", construct, None, first.location, {})
        for rid in ids:
            spec.components[rid].group = gid


def _bucket_notifications(doc, resources: dict) -> None:
    """``Custom::S3BucketNotifications`` (how the CDK configures notifications of a bucket)
    becomes the bucket's ``NotificationConfiguration``, located at the custom resource."""
    keys = {"LambdaFunctionConfigurations": ("LambdaConfigurations", "LambdaFunctionArn",
                                             "Function"),
            "QueueConfigurations": ("QueueConfigurations", "QueueArn", "Queue"),
            "TopicConfigurations": ("TopicConfigurations", "TopicArn", "Topic")}
    for rid, body in list(resources.items()):
        if not isinstance(body, dict) or body.get("Type") != "Custom::S3BucketNotifications":
            continue
        props = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
        bucket = props.get("BucketName")
        target = bucket.get("Ref") if isinstance(bucket, dict) else None
        config = props.get("NotificationConfiguration")
        if target not in resources or not isinstance(config, dict):
            continue
        bucket_body = resources[target]
        bucket_props = bucket_body.setdefault("Properties", {})
        if not isinstance(bucket_props, dict) or "NotificationConfiguration" in bucket_props:
            continue
        mark = doc.mark(("Resources", rid), key=True)
        out: dict = {}
        for cdk_key, (cfn_key, arn_key, prop) in keys.items():
            items = []
            for i, item in enumerate(config.get(cdk_key) or []):
                if not isinstance(item, dict):
                    continue
                entry = {prop: copy.deepcopy(item.get(arn_key))}
                events = item.get("Events")
                if isinstance(events, list) and events:
                    entry["Event"] = events[0]
                rules = (item.get("Filter") or {}).get("Key", {}).get("FilterRules") \
                    if isinstance(item.get("Filter"), dict) else None
                if isinstance(rules, list):
                    entry["Filter"] = {"S3Key": {"Rules": copy.deepcopy(rules)}}
                items.append(entry)
                path = ("Resources", target, "Properties", "NotificationConfiguration",
                        cfn_key, len(items) - 1)
                src = doc.mark(("Resources", rid, "Properties", "NotificationConfiguration",
                                cdk_key, i)) or mark
                if src is not None:
                    doc.marks[path] = src
            if items:
                out[cfn_key] = items
        if config.get("EventBridgeConfiguration") is not None:
            out["EventBridgeConfiguration"] = {"EventBridgeEnabled": True}
        if out:
            bucket_props["NotificationConfiguration"] = out
