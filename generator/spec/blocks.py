"""The optional blocks of a spec, parsed with locations: ``lint:`` (rule ids to ignore or
enable), the spec's ``workload:`` (what ``archkb review`` costs) and a component's own
``workload:`` (what ``archkb recommend --spec`` reads). A mixin of the spec loader's builder,
which gives it ``mapping``, ``unknown_keys``, ``reference`` and ``fail``.

>>> from generator.kb import load_kb
>>> from generator.spec.loader import spec_from_document
>>> from generator.yamlsafe import load
>>> text = "archkb: 1\\ncomponents: {fn: {service: lambda}}\\nlint: {ignore: [w4003]}\\n"
>>> spec_from_document(load(text, "s.yaml"), load_kb()).lint
{'ignore': ('W4003',)}
"""
from __future__ import annotations

from typing import Any

from ..errors import InputError
from . import fields, settings
from .suggest import hint


class BlockParsers:
    def lint(self, value: Any) -> dict:
        data = self.mapping(value, ("lint",), "lint")
        self.unknown_keys(data, ("lint",), list(fields.LINT_KEYS), "lint")
        return {key: self.rule_ids(val, ("lint", key)) for key, val in data.items()}

    def rule_ids(self, value: Any, path: tuple) -> tuple[str, ...]:
        """A list of rule ids (or prefixes), upper-cased."""
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                where = path + (i,) if isinstance(value, list) else path
                raise self.fail(where, f"a rule id such as W4003 was expected, got "
                                       f"{settings.describe(item)}")
            out.append(item.strip().upper())
        return tuple(out)

    def spec_workload(self, value: Any, components: dict) -> dict:
        """The spec's top-level ``workload:`` block (what ``archkb review`` costs)."""
        from . import workload

        data = self.mapping(value, ("workload",), "workload")
        allowed = list(workload.FIELDS) + ["components"]
        self.unknown_keys(data, ("workload",), allowed, "workload")
        out = self.workload_fields({k: v for k, v in data.items() if k != "components"},
                                   ("workload",))
        per = self.mapping(data.get("components", {}), ("workload", "components"),
                           "workload components")
        out["components"] = {}
        for cid, body in per.items():
            path = ("workload", "components", cid)
            self.reference(cid, path, components, "component")
            body = self.mapping(body, path, f"workload of {cid!r}")
            self.unknown_keys(body, path, list(workload.FIELDS), f"the workload of {cid!r}")
            out["components"][cid] = self.workload_fields(body, path)
        return out

    def workload_fields(self, values: dict, path: tuple) -> dict:
        from .workload import parse_fields

        out = {}
        for name, raw in values.items():
            try:
                out.update(parse_fields({name: raw}))
            except InputError as exc:
                raise self.fail(path + (name,), f"{name}: {exc.message}") from None
        return out

    def workload(self, value: Any, path: tuple) -> dict:
        """A component's ``workload:`` (the fields of ``archkb recommend -w``), parsed."""
        from ..graph.workload import FIELDS, parse_field

        data = self.mapping(value, path, "workload")
        parsed = {}
        for key, raw in data.items():
            name = str(key).replace("-", "_")
            if name not in FIELDS:
                raise self.fail(path + (key,), f"unknown workload field {key!r}"
                                               f"{hint(name, list(FIELDS))}", key=True)
            try:
                parsed[name] = parse_field(name, raw)
            except InputError as exc:
                raise self.fail(path + (key,), exc.message) from None
        return parsed
