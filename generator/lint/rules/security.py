"""Rules about permissions written in the spec."""
from __future__ import annotations

from ..rule import Rule

PERMISSIONS = "permissions"


class WildcardPermission(Rule):
    id = "W6001"
    title = "Wildcard (`*`) in permissions"
    description = (
        "A function's execution role should grant only the actions it needs (least privilege). "
        "`*` alone grants every action on every service; `service:*` or `s3:Get*` grant more "
        "than the function uses. List the exact actions.")
    source = "lambda-execution-role"

    def check(self, ctx):
        for comp in ctx.spec.components.values():
            perms = comp.settings.get(PERMISSIONS)
            if not isinstance(perms, list):
                continue
            wild = [p for p in perms if isinstance(p, str) and "*" in p]
            if not wild:
                continue
            full = [p for p in wild if p.strip() == "*"]
            what = ("every action on every service" if full
                    else "more actions than the function is likely to use")
            shown = ", ".join(repr(p) for p in wild)
            yield self.finding(
                f"permissions of {comp.id} include {shown}, granting {what}; list the exact "
                "actions it needs (least privilege)",
                ctx.where(comp, PERMISSIONS), component=comp.id)
