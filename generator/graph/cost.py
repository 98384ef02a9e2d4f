"""Monthly Lambda cost from the prices in the KB (``prices:`` on node ``lambda``).

Everything here reads the KB: the request price and its free tier (price ``requests``), the
duration tiers per architecture (prices ``duration-*`` with ``architecture`` and ``up_to``, the
first tier carrying the free GB-seconds), the provisioned-concurrency prices
(``provisioned-concurrency`` per GB-s configured, ``provisioned-duration`` per GB-s executed)
and the provisioned-concurrency billing increment (limit ``billing-increment`` on node
``provisioned-concurrency``). The only constants are calendar arithmetic (an average month has
365 × 24 / 12 = 730 hours).

How the figures are computed:

- GB-seconds = requests × duration (rounded up to 1 ms) × memory MB / 1,024.
- On demand: the free tier (requests and GB-seconds) is subtracted first; duration tiers apply to
  the billable GB-seconds of the month. Both architectures are shown; the free tier is shown
  separately (what it saves) and the totals are given with and without it.
- Provisioned concurrency (PC): level × memory × time enabled (rounded up to the billing
  increment) at the PC rate, plus executed GB-seconds up to that capacity at the PC duration
  rate; what does not fit spills over to on-demand duration prices; requests are billed in full.
  The free tier does not apply to a function with PC enabled.

>>> from generator.kb import load_kb
>>> c = lambda_cost(load_kb(), requests=3_000_000, duration_s=1, memory_mb=512)
>>> c["gb_seconds"], c["x86_64"]["billable_gb_seconds"]
(1500000.0, 1100000.0)
>>> round(c["x86_64"]["duration_usd"], 2), round(c["x86_64"]["requests_usd"], 2)
(18.33, 0.4)
"""
from __future__ import annotations

import math
import re

from ..errors import InputError
from ..kb.model import KB

HOURS_PER_MONTH = 365 * 24 / 12
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
ARCHITECTURES = ("x86_64", "arm64")
_SUFFIX = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}
_TIME_UNITS = {"ms": 0.001, "s": 1, "sec": 1, "second": 1, "seconds": 1, "min": 60,
               "minute": 60, "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600,
               "d": 86400, "day": 86400, "days": 86400, "year": 31536000, "years": 31536000}


def unit_quantity(unit: str) -> float:
    """How many units one price covers: ``"1M requests"`` -> 1e6, ``"GB-s"`` -> 1.

    >>> unit_quantity("1M requests"), unit_quantity("GB-s"), unit_quantity("1,000 transitions")
    (1000000.0, 1.0, 1000.0)
    """
    m = re.match(r"^\s*([\d,]+(?:\.\d+)?)\s*([kmb]?)\b", unit.lower())
    if not m:
        return 1.0
    return float(m.group(1).replace(",", "")) * _SUFFIX[m.group(2)]


def seconds_of(value, unit: str | None, what: str = "value") -> float:
    """A time value from the KB in seconds (units s, min, h, days, year...)."""
    key = (unit or "s").strip().lower()
    if key not in _TIME_UNITS or isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what}: cannot read {value!r} {unit or ''} as a duration")
    return float(value) * _TIME_UNITS[key]


def _price(kb: KB, price_id: str, node: str = "lambda") -> dict:
    for item in kb.nodes[node].get("prices", []):
        if item["id"] == price_id:
            return item
    raise InputError(f"the KB has no price {price_id!r} on {node} (needed for the cost estimate)")


def _rate(price: dict) -> float:
    return price["usd"] / unit_quantity(price["unit"])


def duration_tiers(kb: KB, architecture: str) -> list[dict]:
    """The ``duration-*`` prices of one architecture, cheapest volume last (by ``up_to``)."""
    tiers = [p for p in kb.nodes["lambda"].get("prices", [])
             if p["id"].startswith("duration-") and p.get("architecture") == architecture]
    return sorted(tiers, key=lambda p: p.get("up_to", math.inf))


def _tiered(gb_seconds: float, tiers: list[dict]) -> tuple[float, list[dict]]:
    total, lower, parts = 0.0, 0.0, []
    for tier in tiers:
        upper = tier.get("up_to", math.inf)
        amount = max(0.0, min(gb_seconds, upper) - lower)
        if amount > 0:
            usd = amount * _rate(tier)
            total += usd
            parts.append({"price": tier["id"], "gb_seconds": amount, "usd": _money(usd)})
        lower = upper
    return total, parts


def _money(usd: float) -> float:
    return round(usd + 0.0, 4)


def billed_seconds(duration_s: float) -> float:
    """Duration as billed: rounded up to the next millisecond."""
    return math.ceil(round(duration_s * 1000, 6)) / 1000


def gb_seconds(requests: int, duration_s: float, memory_mb: int) -> float:
    return requests * billed_seconds(duration_s) * memory_mb / 1024


def average_concurrency(requests: int, duration_s: float) -> float:
    """Environments busy on average over a month (peaks are higher)."""
    return requests * duration_s / SECONDS_PER_MONTH


def _sources(*prices: dict) -> list[str]:
    out = []
    for p in prices:
        if p["source"] not in out:
            out.append(p["source"])
    return out


def lambda_cost(kb: KB, requests: int, duration_s: float, memory_mb: int) -> dict:
    """Monthly on-demand cost, per architecture, with the free tier shown separately."""
    req_price = _price(kb, "requests")
    free_requests = req_price.get("free_per_month", 0)
    total_gbs = gb_seconds(requests, duration_s, memory_mb)
    result = {
        "requests_per_month": requests,
        "billed_duration_ms": round(billed_seconds(duration_s) * 1000, 3),
        "memory_mb": memory_mb,
        "gb_seconds": total_gbs,
        "free_tier": {"requests": free_requests, "gb_seconds": None, "usd": {}},
    }
    used = [req_price]
    for arch in ARCHITECTURES:
        tiers = duration_tiers(kb, arch)
        if not tiers:
            continue
        used += tiers
        free_gbs = max((t.get("free_per_month", 0) for t in tiers), default=0)
        result["free_tier"]["gb_seconds"] = free_gbs
        billable_req = max(0, requests - free_requests)
        billable_gbs = max(0.0, total_gbs - free_gbs)
        req_usd = billable_req * _rate(req_price)
        dur_usd, parts = _tiered(billable_gbs, tiers)
        gross_dur, _ = _tiered(total_gbs, tiers)
        gross = requests * _rate(req_price) + gross_dur
        result[arch] = {
            "billable_requests": billable_req,
            "billable_gb_seconds": billable_gbs,
            "requests_usd": _money(req_usd),
            "duration_usd": _money(dur_usd),
            "tiers": parts,
            "total_usd": _money(req_usd + dur_usd),
            "without_free_tier_usd": _money(gross),
        }
        result["free_tier"]["usd"][arch] = _money(gross - req_usd - dur_usd)
    result["region"] = req_price.get("region")
    result["as_of"] = max(p["as_of"] for p in used)
    result["sources"] = _sources(*used)
    return result


def provisioned_cost(kb: KB, level: int, memory_mb: int, hours: float | None = None,
                     requests: int | None = None, duration_s: float | None = None) -> dict:
    """Monthly cost of ``level`` provisioned environments of ``memory_mb`` for ``hours``
    (default: the whole month), with the executed duration when requests and duration are known.

    >>> from generator.kb import load_kb
    >>> c = provisioned_cost(load_kb(), level=10, memory_mb=1024)
    >>> c["hours_billed"], round(c["configured_usd"], 2)
    (730.0, 109.5)
    """
    pc = _price(kb, "provisioned-concurrency")
    pc_dur = _price(kb, "provisioned-duration")
    req_price = _price(kb, "requests")
    hours = HOURS_PER_MONTH if hours is None else hours
    if hours > HOURS_PER_MONTH:
        raise InputError(f"invalid hours {hours:g}: a month has at most {HOURS_PER_MONTH:g} hours")
    increment = _billing_increment(kb)
    seconds = math.ceil(round(hours * 3600 / increment, 9)) * increment
    mem_gb = memory_mb / 1024
    configured_gbs = level * mem_gb * seconds
    result = {
        "level": level,
        "memory_mb": memory_mb,
        "architecture": pc.get("architecture", "x86_64"),
        "hours_billed": round(seconds / 3600, 4),
        "configured_gb_seconds": configured_gbs,
        "configured_usd": _money(configured_gbs * _rate(pc)),
        "free_tier": False,
    }
    used = [pc, pc_dur, req_price]
    tiers = duration_tiers(kb, result["architecture"])
    od_rate = _rate(tiers[0]) if tiers else None
    if od_rate and od_rate > _rate(pc_dur):
        # PC pays off when busy more than this share of the configured time
        result["break_even_utilization"] = round(_rate(pc) / (od_rate - _rate(pc_dur)), 4)
        used.append(tiers[0])
    if requests is not None and duration_s is not None:
        executed = gb_seconds(requests, duration_s, memory_mb)
        in_window = executed * min(1.0, seconds / SECONDS_PER_MONTH)
        served = min(in_window, configured_gbs)
        spill = executed - served
        spill_usd, _ = _tiered(spill, tiers)
        req_usd = requests * _rate(req_price)
        dur_usd = served * _rate(pc_dur)
        result.update({
            "executed_gb_seconds": executed,
            "served_gb_seconds": served,
            "spillover_gb_seconds": spill,
            "utilization": round(served / configured_gbs, 4) if configured_gbs else 0.0,
            "duration_usd": _money(dur_usd),
            "spillover_usd": _money(spill_usd),
            "requests_usd": _money(req_usd),
        })
        result["total_usd"] = _money(result["configured_usd"] + dur_usd + spill_usd + req_usd)
        used += tiers
    else:
        result["total_usd"] = result["configured_usd"]
    result["region"] = pc.get("region")
    result["as_of"] = max(p["as_of"] for p in used)
    result["sources"] = _sources(*used)
    return result


def _billing_increment(kb: KB) -> float:
    """Seconds PC time is rounded up to (limit ``billing-increment``; 1 s if the KB has none)."""
    node = "provisioned-concurrency"
    if node not in kb.nodes:
        return 1.0
    try:
        limit = kb.limit(node, "billing-increment")
    except KeyError:
        return 1.0
    return seconds_of(limit["value"], limit.get("unit"), f"{node} limit billing-increment")


def arm_saving(kb: KB) -> float | None:
    """Share by which first-tier arm64 duration is cheaper than x86 (None without both)."""
    x86, arm = duration_tiers(kb, "x86_64"), duration_tiers(kb, "arm64")
    if not x86 or not arm:
        return None
    return 1 - _rate(arm[0]) / _rate(x86[0])
