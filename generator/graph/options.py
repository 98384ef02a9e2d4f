"""Compute options from the KB: the nodes whose ``profile:`` block has an ``option`` key,
their traits (with the evidence behind each), and the reasons recommendations are made of.
Profile keys are documented in :mod:`generator.graph.recommend`.

>>> from generator.kb import load_kb
>>> [o.id for o in options(load_kb())][:2]
['lambda', 'provisioned-concurrency']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..kb.model import KB
from ..numbers import format_number
from . import cost as costs
from .workload import format_duration, say_duration

WEIGHTS = {"weak": 5, "medium": 10, "strong": 20}
BLOCKER_WEIGHT = 50
BASE_SCORE = 50
HEADROOM = 0.8
"""A run longer than this share of a cap leaves too little room: a drawback."""
VERDICTS = ("fit", "caution", "unfit")
USAGE_BILLING = ("per-request", "per-state-transition")
CAPACITY_BILLING = ("per-second-while-running", "per-hour-provisioned", "per-configured-capacity")
_OPS_RANK = {"low": 0, "medium": 1, "high": 2}

# trade-off ids the rules look up (their text and relations come from the KB)
COLD_START = "cold-start-latency"
TIME_LIMIT = "execution-time-limit"
STEADY = "steady-traffic-cost"
SPIKY = "spiky-traffic-fit"
SCALE_TO_ZERO = "scale-to-zero"
INFREQUENT = "infrequent-tasks-fit"
TEAM = "team-familiarity"
LANGUAGE = "language-support"
NO_SERVERS = "no-server-management"


@dataclass(frozen=True)
class Reason:
    """One sourced reason for or against an option."""

    rule: str
    effect: str  # benefit | drawback | blocker | info
    weight: int
    text: str
    source: str
    tradeoff: str | None = None

    @property
    def points(self) -> int:
        if self.effect == "blocker":
            return -BLOCKER_WEIGHT
        return {"benefit": self.weight, "drawback": -self.weight}.get(self.effect, 0)

    def as_dict(self) -> dict:
        data = {"text": self.text, "source": self.source, "effect": self.effect,
                "rule": self.rule}
        if self.tradeoff:
            data["tradeoff"] = self.tradeoff
        return data


@dataclass(frozen=True)
class Trait:
    """A profile trait with its evidence (a limit it points at, or its own note and source)."""

    value: Any
    source: str
    note: str | None = None
    unit: str | None = None
    limit: dict | None = None
    node: str | None = None
    raw: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``"Maximum function timeout (900 s)"`` for a limit, else the value."""
        if self.limit:
            unit = f" {self.limit['unit']}" if self.limit.get("unit") else ""
            human = ""
            if self.limit.get("unit") in ("s", "min", "h") and isinstance(self.value, (int, float)):
                seconds = costs.seconds_of(self.value, self.unit)
                human = f", {format_duration(seconds)}" if seconds >= 60 else ""
            return f"{self.limit['name']} ({format_number(self.limit['value'])}{unit}{human})"
        return str(self.value)

    @property
    def spoken(self) -> str:
        """``"the maximum function timeout of 15 minutes"`` for a time limit, ``"the maximum
        memory (10,240 MB)"`` for another limit, else the value."""
        if not self.limit:
            return str(self.value)
        name = self.limit["name"][:1].lower() + self.limit["name"][1:]
        if self.limit.get("unit") in ("s", "min", "h") and isinstance(self.value, (int, float)):
            return f"the {name} of {say_duration(costs.seconds_of(self.value, self.unit))}"
        unit = f" {self.limit['unit']}" if self.limit.get("unit") else ""
        return f"the {name} ({format_number(self.limit['value'])}{unit})"

    def seconds(self, what: str) -> float | None:
        return None if self.value is None else costs.seconds_of(self.value, self.unit, what)

    def megabytes(self, what: str) -> float | None:
        if self.value is None:
            return None
        unit = (self.unit or "MB").upper()
        factor = {"MB": 1, "MIB": 1, "GB": 1024, "GIB": 1024}.get(unit)
        if factor is None or not isinstance(self.value, (int, float)):
            raise InputError(f"{what}: cannot read {self.value!r} {self.unit} as memory")
        return float(self.value) * factor


@dataclass
class Option:
    id: str
    name: str
    base: str | None
    order: int
    traits: dict[str, Trait]

    def trait(self, name: str) -> Trait | None:
        return self.traits.get(name)

    def value(self, name: str, default: Any = None) -> Any:
        t = self.traits.get(name)
        return default if t is None else t.value

    @property
    def lineage(self) -> tuple[str, ...]:
        return (self.id, self.base) if self.base else (self.id,)


# -- options from the KB ---------------------------------------------------------------------
_META_KEYS = ("option", "base", "order")
PROFILE_VALUES: dict[str, tuple | None] = {
    "max_duration": None, "step_duration": None, "min_duration": None, "max_memory": None,
    "concurrency_quota": None, "orchestration": None, "languages": None,
    "scale_out": ("seconds", "minutes", "queued"),
    "scales_to_zero": (True, False, "partial"),
    "billing": USAGE_BILLING + CAPACITY_BILLING,
    "startup": ("cold-start", "warm", "queued"),
    "ops_effort": tuple(_OPS_RANK),
    "vpc": ("attach", "native"),
}
"""Profile traits and, for the enumerated ones, their values (a typo is a KB error)."""


def _check_profile(kb: KB, node_id: str, profile: dict) -> None:
    where = kb.files.get(node_id, node_id)
    if not isinstance(profile.get("option"), str) or not isinstance(profile.get("order", 0), int):
        raise InputError(f"{where}: profile.option must be a name and profile.order a number")
    for key, raw in profile.items():
        if key in _META_KEYS:
            continue
        if key not in PROFILE_VALUES:
            raise InputError(f"{where}: unknown profile key {key!r} (known: "
                             f"{', '.join(PROFILE_VALUES)})")
        allowed = PROFILE_VALUES[key]
        value = raw.get("value") if isinstance(raw, dict) else raw
        if allowed is not None and value not in allowed:
            raise InputError(f"{where}: profile.{key} value {value!r} is not one of "
                             f"{', '.join(map(str, allowed))}")


def _resolve_trait(kb: KB, owner: str, name: str, raw: Any) -> Trait:
    where = f"{kb.files.get(owner, owner)}: profile.{name}"
    if not isinstance(raw, dict):
        return Trait(value=raw, source=kb.nodes[owner]["source"], node=owner)
    node = raw.get("node", owner)
    limit = None
    if "limit" in raw:
        if node not in kb.nodes:
            raise InputError(f"{where} refers to unknown node {node!r}")
        try:
            limit = kb.limit(node, raw["limit"])
        except KeyError:
            raise InputError(f"{where} refers to unknown limit {raw['limit']!r} of {node}") from None
    value = raw["value"] if "value" in raw else (limit["value"] if limit else None)
    unit = raw.get("unit", limit.get("unit") if limit else None)
    source = raw.get("source") or (limit["source"] if limit else kb.nodes[owner]["source"])
    note = raw.get("note") or (limit.get("note") if limit else None)
    return Trait(value=value, source=source, note=note, unit=unit, limit=limit, node=node, raw=raw)


def options(kb: KB) -> list[Option]:
    """The compute options in the KB (nodes with ``profile.option``), in KB order."""
    found = []
    for node_id, node in sorted(kb.nodes.items()):
        profile = node.get("profile") or {}
        if "option" not in profile:
            continue
        _check_profile(kb, node_id, profile)
        base = profile.get("base")
        traits: dict[str, Trait] = {}
        if base:
            if base not in kb.nodes:
                raise InputError(f"{kb.files.get(node_id, node_id)}: profile.base refers to "
                                 f"unknown node {base!r}")
            for name, raw in (kb.nodes[base].get("profile") or {}).items():
                if name not in _META_KEYS:
                    traits[name] = _resolve_trait(kb, base, name, raw)
        for name, raw in profile.items():
            if name not in _META_KEYS:
                traits[name] = _resolve_trait(kb, node_id, name, raw)
        found.append(Option(id=node_id, name=str(profile["option"]), base=base,
                            order=int(profile.get("order", 100)), traits=traits))
    return sorted(found, key=lambda o: (o.order, o.id))
