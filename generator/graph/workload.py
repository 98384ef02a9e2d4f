"""The workload a recommendation is made for: what runs, how long, how often, under which needs.

A :class:`Workload` comes from CLI flags (:func:`from_values`) or from a YAML file
(:func:`load_workload`, same field names); every value is parsed here, and a bad one is an
:class:`~generator.errors.InputError` (located at file:line:column for a file).

Fields (all optional): ``duration`` ("200ms", "2s", "40m", "1h30m"; a bare number is seconds),
``traffic`` (spiky | steady | infrequent | unknown), ``scale_to_zero``, ``latency_sensitive``,
``needs_vpc`` (booleans), ``memory`` (MB; "512", "2GB"), ``requests_per_month`` ("3M",
"250k", "1,000,000"), ``language`` ("rust", "python"...), ``team_serverless_experience``
(low | high | unknown), ``splittable`` (the work can be cut into independent steps),
``provisioned_concurrency`` (a level to price) and ``pc_hours`` (hours per month it is on).

>>> parse_duration("40m"), parse_duration("200ms"), parse_duration("1h30m"), parse_duration(90)
(2400.0, 0.2, 5400.0, 90.0)
>>> parse_memory("2GB"), parse_count("3M"), parse_count("1,500")
(2048, 3000000, 1500)
>>> w = from_values({"duration": "2s", "traffic": "spiky"})
>>> w.duration_s, w.traffic, w.latency_sensitive
(2.0, 'spiky', False)
>>> parse_duration("soon")
Traceback (most recent call last):
...
generator.errors.InputError: invalid duration 'soon': use a number with a unit, e.g. 200ms, 2s, 40m, 1h
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import asdict, dataclass
from typing import Any, Callable

from ..errors import InputError

TRAFFIC = ("spiky", "steady", "infrequent", "unknown")
EXPERIENCE = ("low", "high", "unknown")

_DURATION_UNITS = {
    "ms": 0.001, "msec": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_MEMORY = re.compile(r"^(\d+(?:\.\d+)?)\s*(mb|mib|m|gb|gib|g)?$")
_COUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmb]|thousand|million|billion)?$")
_COUNT_SUFFIX = {None: 1, "k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9,
                 "billion": 1e9}
HINT_DURATION = "use a number with a unit, e.g. 200ms, 2s, 40m, 1h"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def parse_duration(value: Any) -> float:
    """Seconds from ``"200ms"``, ``"2s"``, ``"40m"``, ``"1h"``, ``"1h30m"`` or a number of seconds."""
    seconds = _number(value)
    if seconds is None and isinstance(value, str):
        text = value.strip().lower()
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            seconds = float(text)
        else:
            parts = _DURATION_PART.findall(text)
            if parts and re.fullmatch(r"(?:\s*\d+(?:\.\d+)?\s*[a-z]+)+\s*", text) and all(
                    unit in _DURATION_UNITS for _, unit in parts):
                seconds = sum(float(n) * _DURATION_UNITS[unit] for n, unit in parts)
    if seconds is None or not math.isfinite(seconds):
        raise InputError(f"invalid duration {value!r}: {HINT_DURATION}")
    if seconds <= 0:
        raise InputError(f"invalid duration {value!r}: it must be greater than zero")
    return seconds


def _short(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def format_duration(seconds: float) -> str:
    """A short human form: ``format_duration(2400)`` is ``'40m'``, ``format_duration(0.2)``
    is ``'200ms'``."""
    if seconds < 1:
        return f"{_short(seconds * 1000)}ms"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{_short(seconds / size)}{unit}"
    if seconds >= 3600:
        return f"{_short(seconds / 3600)}h"
    if seconds >= 60:
        return f"{_short(seconds / 60)}m"
    return f"{_short(seconds)}s"


_SPOKEN = (("year", 31536000), ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def say_duration(seconds: float) -> str:
    """A duration as a person says it.

    >>> say_duration(1200), say_duration(900), say_duration(31536000), say_duration(0.2)
    ('20 minutes', '15 minutes', '1 year', '200 ms')
    >>> say_duration(5400), say_duration(1)
    ('1.5 hours', '1 second')
    """
    if seconds < 1:
        return f"{_short(seconds * 1000)} ms"
    for unit, size in _SPOKEN:
        if seconds >= size:
            count = _short(seconds / size)
            return f"{count} {unit}{'' if count == '1' else 's'}"
    return f"{_short(seconds)} seconds"


def parse_memory(value: Any) -> int:
    """Memory in MB from ``512``, ``"512MB"``, ``"2GB"`` (1 GB = 1,024 MB, as Lambda counts)."""
    number = _number(value)
    if number is None and isinstance(value, str):
        m = _MEMORY.match(value.strip().lower().replace(" ", ""))
        if m:
            number = float(m.group(1)) * (1024 if m.group(2) in ("gb", "gib", "g") else 1)
    if number is None or not math.isfinite(number) or number <= 0:
        raise InputError(f"invalid memory {value!r}: use megabytes (e.g. 512, 512MB) or "
                         "gigabytes (e.g. 2GB)")
    if number != int(number):
        raise InputError(f"invalid memory {value!r}: it must be a whole number of megabytes")
    return int(number)


def parse_count(value: Any, what: str = "requests per month") -> int:
    """A non-negative whole number from ``3000000``, ``"3M"``, ``"250k"``, ``"1,000,000"``."""
    number = _number(value)
    if number is None and isinstance(value, str):
        m = _COUNT.match(value.strip().lower().replace(",", "").replace("_", "").replace(" ", ""))
        if m:
            number = float(m.group(1)) * _COUNT_SUFFIX[m.group(2)]
    if number is None or not math.isfinite(number) or number < 0 or number != int(number):
        raise InputError(f"invalid {what} {value!r}: use a whole number such as 3000000, "
                         "3M or 250k")
    return int(number)


def parse_hours(value: Any) -> float:
    number = _number(value)
    if number is None and isinstance(value, str):
        try:
            number = float(value.strip().lower().removesuffix("h"))
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or number <= 0:
        raise InputError(f"invalid hours {value!r}: use a positive number of hours per month")
    return number


def _choice(name: str, options: tuple) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower() if isinstance(value, str) else None
        if text not in options:
            raise InputError(f"invalid {name} {value!r}: choose one of {', '.join(options)}")
        return text
    return parse


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, (str, int)) else ""
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    raise InputError(f"invalid yes/no value {value!r}: use true or false")


def parse_language(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"invalid language {value!r}: give a language name such as python or rust")
    return value.strip().lower()


def parse_level(value: Any) -> int:
    level = parse_count(value, "provisioned concurrency")
    if level < 1:
        raise InputError("invalid provisioned concurrency 0: give at least 1 environment")
    return level


@dataclass(frozen=True)
class Workload:
    """What a recommendation is made for; None (or "unknown") means "not said"."""

    duration_s: float | None = None
    traffic: str = "unknown"
    scale_to_zero: bool = False
    latency_sensitive: bool = False
    memory_mb: int | None = None
    requests_per_month: int | None = None
    language: str | None = None
    team_serverless_experience: str = "unknown"
    needs_vpc: bool = False
    splittable: bool | None = None
    provisioned_concurrency: int | None = None
    pc_hours: float | None = None

    def as_dict(self) -> dict:
        """The JSON form: every field, plus ``duration`` as written back (``"40m"``)."""
        data = asdict(self)
        data["duration"] = format_duration(self.duration_s) if self.duration_s else None
        return dict(sorted(data.items()))


# input name -> (Workload field, parser)
FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "duration": ("duration_s", parse_duration),
    "traffic": ("traffic", _choice("traffic", TRAFFIC)),
    "scale_to_zero": ("scale_to_zero", parse_bool),
    "latency_sensitive": ("latency_sensitive", parse_bool),
    "memory": ("memory_mb", parse_memory),
    "requests_per_month": ("requests_per_month", parse_count),
    "language": ("language", parse_language),
    "team_serverless_experience": ("team_serverless_experience",
                                   _choice("team serverless experience", EXPERIENCE)),
    "needs_vpc": ("needs_vpc", parse_bool),
    "splittable": ("splittable", parse_bool),
    "provisioned_concurrency": ("provisioned_concurrency", parse_level),
    "pc_hours": ("pc_hours", parse_hours),
}


def parse_field(name: str, value: Any) -> Any:
    """Parse one input field (``name`` as in :data:`FIELDS`); None stays None."""
    if value is None:
        return None
    return FIELDS[name][1](value)


def from_values(values: dict[str, Any], base: Workload | None = None) -> Workload:
    """A workload from input names to raw values (None = not given), over ``base``."""
    current = asdict(base or Workload())
    for name, raw in values.items():
        if name not in FIELDS:
            raise InputError(f"unknown workload field {name!r}{_did_you_mean(name)}")
        if raw is not None:
            current[FIELDS[name][0]] = parse_field(name, raw)
    return Workload(**current)


def read_workload_values(path: str) -> dict[str, Any]:
    """The fields a workload YAML file sets (input name -> parsed value); errors name
    file:line:column, unknown keys included."""
    from ..yamlsafe import read

    doc = read(path)
    if doc.data is None:
        raise InputError("the workload file is empty; expected a mapping such as "
                         "'duration: 40m'", file=doc.file, line=1, column=1)
    if not isinstance(doc.data, dict):
        raise doc.error((), "a workload file must be a mapping of fields (duration, traffic, ...)")
    values: dict[str, Any] = {}
    for key, raw in doc.data.items():
        name = str(key).replace("-", "_")
        if name not in FIELDS:
            raise doc.error((key,), f"unknown workload field {key!r}{_did_you_mean(name)}",
                            key=True)
        if name in values:
            raise doc.error((key,), f"field {key!r} is given twice (as - and _ spellings)",
                            key=True)
        try:
            values[name] = parse_field(name, raw)
        except InputError as exc:
            raise doc.error((key,), exc.message) from None
    return values


def load_workload(path: str) -> Workload:
    """Read a workload YAML file (a mapping of the fields above)."""
    return from_values(read_workload_values(path))


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, list(FIELDS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{hint} (fields: {', '.join(FIELDS)})"
