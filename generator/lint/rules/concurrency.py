"""Rules about reserved and provisioned concurrency across the spec."""
from __future__ import annotations

from ..context import FUNCTION, is_number, join_names
from ..rule import Rule
from ...numbers import format_number as _fmt

SECONDS_PER_MONTH = 30 * 24 * 3600  # a 30-day month, for a rough monthly figure


class UnreservedConcurrencyTooLow(Rule):
    id = "E3001"
    title = "Reserved concurrency leaves too little unreserved"
    description = (
        "Reserved concurrency is carved out of the account's regional concurrency limit, and "
        "Lambda always keeps a minimum unreserved for the other functions. The sum of "
        "`reserved_concurrency` over the spec's functions must leave at least that minimum of "
        "the account limit (the KB's default regional quota, or `account: {concurrency_limit: "
        "N}` in the spec when the quota was raised).")
    source = "lambda-concurrency"
    kb_limits = ((FUNCTION, "concurrency-regional-default"), (FUNCTION, "unreserved-concurrency-min"))

    def check(self, ctx):
        keep = ctx.limit(FUNCTION, "unreserved-concurrency-min")
        account = ctx.spec.account.get("concurrency_limit") if ctx.spec.account else None
        if is_number(account):
            limit, whose = account, "the spec's account.concurrency_limit"
        else:
            limit, whose = ctx.limit(FUNCTION, "concurrency-regional-default"), "the default regional quota"
        if keep is None or limit is None:
            return
        reserved = [(fn, ctx.number(fn, "reserved_concurrency", use_default=False))
                    for fn in ctx.functions]
        reserved = [(fn, n) for fn, n in reserved if n is not None and n > 0]
        total = sum(n for _, n in reserved)
        if not reserved or limit - total >= keep:
            return
        running = 0
        for fn, n in reserved:  # point at the reservation that crosses the line
            running += n
            if limit - running < keep:
                break
        biggest = sorted(reserved, key=lambda item: (-item[1], ctx.order[item[0].id]))
        parts = join_names([f"{f.id} {_fmt(n)}" for f, n in biggest], 5)
        yield self.finding(
            f"reserved_concurrency adds up to {_fmt(total)} ({parts}) of {whose} "
            f"{_fmt(limit)}, leaving {_fmt(limit - total)} unreserved; Lambda keeps at least "
            f"{_fmt(keep)} unreserved: lower the reservations, or raise the quota and say so "
            "with account: {concurrency_limit: N}",
            ctx.where(fn, "reserved_concurrency"), component=fn.id)


class ProvisionedAboveReserved(Rule):
    id = "E3002"
    title = "Provisioned concurrency above reserved concurrency"
    description = ("The provisioned concurrency of a function (summed over its versions and "
                   "aliases) cannot exceed its reserved concurrency; if it equals it, unpublished "
                   "`$LATEST` calls are throttled.")
    source = "lambda-concurrency-overview"

    def check(self, ctx):
        for fn in ctx.functions:
            prov = ctx.number(fn, "provisioned_concurrency", use_default=False)
            res = ctx.number(fn, "reserved_concurrency", use_default=False)
            if prov is not None and res is not None and prov > res:
                yield self.finding(
                    f"provisioned_concurrency: {_fmt(prov)} on {fn.id} is above its "
                    f"reserved_concurrency {_fmt(res)}; lower it or raise the reservation",
                    ctx.where(fn, "provisioned_concurrency"), component=fn.id)


class ZeroReservedConcurrency(Rule):
    id = "W3004"
    title = "Function with reserved concurrency 0 never runs"
    description = ("Reserved concurrency is a guarantee and a cap: a reservation of 0 throttles "
                   "every invocation, which is how a function is switched off in an emergency. "
                   "In a design, a triggered function with 0 reserved drops or backs up all its "
                   "events; remove the setting or reserve what it needs.")
    source = "lambda-concurrency"

    def check(self, ctx):
        for fn in ctx.functions:
            if ctx.number(fn, "reserved_concurrency", use_default=False) != 0:
                continue
            callers = [c.source for c in ctx.incoming.get(fn.id, ())]
            fed = f" (what {join_names(callers)} sends is refused or backs up)" if callers else ""
            yield self.finding(
                f"reserved_concurrency: 0 on {fn.id} throttles every invocation{fed}; remove it "
                "or reserve the concurrency the function needs",
                ctx.where(fn, "reserved_concurrency"), component=fn.id)


class ProvisionedConcurrencyBilling(Rule):
    id = "I3003"
    title = "Provisioned concurrency changes the billing model"
    description = ("Provisioned concurrency is billed for as long as it is configured, used or "
                   "not, and the free tier does not apply: the function pays for capacity like "
                   "a server. It suits steady, latency-sensitive synchronous traffic; consider "
                   "scheduling it with Application Auto Scaling, or SnapStart.")
    source = "lambda-pricing"

    def check(self, ctx):
        price = _price(ctx.kb, "provisioned-concurrency")
        for fn in ctx.functions:
            prov = ctx.number(fn, "provisioned_concurrency", use_default=False)
            if prov is None or prov <= 0:
                continue
            memory = ctx.number(fn, "memory")
            cost = ""
            if price is not None and memory is not None:
                gb = prov * memory / 1024
                monthly = gb * price["usd"] * SECONDS_PER_MONTH
                cost = (f": {_fmt(prov)} x {_fmt(memory)} MB configured is about "
                        f"${monthly:,.0f} per 30-day month before any request "
                        f"(${_usd(price['usd'])} per GB-s{_arch(price)}, "
                        f"{price.get('region', 'one Region')}"
                        f"{', as of ' + price['as_of'] if price.get('as_of') else ''})")
            yield self.finding(
                f"provisioned_concurrency on {fn.id} is billed while configured, whether used "
                f"or not, with no free tier{cost}; worth it for steady, latency-sensitive "
                "traffic, else schedule it (Application Auto Scaling) or consider SnapStart",
                ctx.where(fn, "provisioned_concurrency"), component=fn.id,
                source=price.get("source") if price else None)


def _arch(price: dict) -> str:
    return f" at the {price['architecture']} rate" if price.get("architecture") else ""


def _usd(value: float) -> str:
    """A small price without exponent notation.

    >>> _usd(0.0000041667), _usd(0.2)
    ('0.0000041667', '0.2')
    """
    return f"{value:.10f}".rstrip("0").rstrip(".")


def _price(kb, price_id: str) -> dict | None:
    for item in kb.nodes.get(FUNCTION, {}).get("prices", []):
        if item.get("id") == price_id and is_number(item.get("usd")):
            return item
    return None
