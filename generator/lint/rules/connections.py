"""Rules about connections against the KB graph (what may trigger what)."""
from __future__ import annotations

from ..rule import Rule
from ...spec.infer import trigger_modes

_MODE_ORDER = ("sync", "async", "poll")


def short_name(name: str) -> str:
    """A service name without its vendor prefix.

    >>> short_name("Amazon SQS"), short_name("AWS Step Functions"), short_name("NAT gateway")
    ('SQS', 'Step Functions', 'NAT gateway')
    """
    for prefix in ("Amazon ", "AWS "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def trigger_sources(kb, target: str) -> dict[str, list[str]]:
    """What can trigger ``target`` per the KB, by mode (sync, async, poll), names sorted.

    >>> from generator.kb import load_kb
    >>> "SQS" in trigger_sources(load_kb(), "lambda")["poll"]
    True
    """
    by_mode: dict[str, set] = {}
    for u, _, d in kb.relations(dst=target, type="triggers"):
        by_mode.setdefault(d.get("mode") or "other", set()).add(short_name(kb.name(u)))
    order = _MODE_ORDER + tuple(sorted(set(by_mode) - set(_MODE_ORDER)))
    return {m: sorted(by_mode[m], key=str.lower) for m in order if m in by_mode}


class TriggerNotAllowed(Rule):
    id = "E1001"
    title = "A connection says `kind: triggers` but the KB knows no such trigger"
    description = (
        "The spec marks a connection `kind: triggers` (or gives it a `mode:`), but the knowledge "
        "base has no `triggers` relation from the source's service to the target's service (in "
        "that mode), so the source cannot invoke the target that way. The finding names what "
        "can trigger the target instead, or the modes the KB allows; put one of those in "
        "between, fix the mode, or change the kind (`calls`, `writes`, `publishes`). A `mode:` "
        "alone from compute (a function, a container) to a function is a direct SDK invoke and "
        "is not reported.")
    source = "lambda-services"

    def check(self, ctx):
        kb = ctx.kb
        for conn in ctx.spec.connections:
            if conn.kind != "triggers" or not (conn.explicit_kind or "mode" in conn.settings):
                continue
            src, dst = ctx.service_of(conn.source), ctx.service_of(conn.target)
            if src is None or dst is None or dst not in kb.nodes:
                continue
            if ctx.trigger_verdict(conn) in ("ok", "direct"):
                continue
            target = ctx.component(conn.target)
            modes = trigger_modes(kb, src, dst, target.settings if target else None)
            if modes:
                modes = sorted(set(modes), key=_MODE_ORDER.index)
                message = (f"{kb.name(src)} triggers {kb.name(dst)} only in {'/'.join(modes)} "
                           f"mode, not {conn.mode} ({conn.name}); set mode: {modes[0]} or drop "
                           "mode to let the KB decide")
                needs = [d["when_target"] for _, _, d in kb.relations(src=src, dst=dst, type="triggers")
                         if d.get("mode") == conn.mode and d.get("when_target")]
                if needs:
                    wanted = ", ".join(f"{k}: {v}" for k, v in sorted(needs[0].items()))
                    message += f" ({conn.mode} needs {wanted} on {conn.target})"
            else:
                options = trigger_sources(kb, dst)
                if options:
                    listed = "; ".join(f"{mode}: {', '.join(names)}"
                                       for mode, names in options.items())
                    hint = f"what can trigger {kb.name(dst)} instead: {listed}"
                else:
                    hint = f"nothing in the KB triggers {kb.name(dst)}"
                message = (f"{kb.name(src)} cannot trigger {kb.name(dst)} ({conn.name}); {hint}; "
                           "or use another kind (calls, writes, publishes)")
            yield self.finding(message, conn.location, connection=conn.name,
                               component=conn.target)
