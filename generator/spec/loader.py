"""Turn a YAML document into a :class:`~generator.spec.model.Spec`, checking everything that
is not a limit: structure, keys, types and units, names of services, references between
groups, components and connections. The first problem found (in document order) is raised
as an :class:`~generator.errors.InputError` at its file:line:column.

>>> from generator.kb import load_kb
>>> from generator.yamlsafe import load
>>> text = "archkb: 1\\ncomponents:\\n  fn: {service: lambda, memroy: 512}\\n"
>>> spec_from_document(load(text, "s.yaml"), load_kb())
Traceback (most recent call last):
...
generator.errors.InputError: s.yaml:3:25: unknown setting 'memroy' for lambda (AWS Lambda); did you mean 'memory'?
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, UnknownNameError
from ..yamlsafe import Document, load
from . import fields, settings
from .blocks import BlockParsers
from .infer import connection_kind
from .model import Component, Connection, Group, Location, Spec
from .source import located, read_text
from .suggest import hint
from .vocabulary import connection_kinds

SERVICE_KINDS = ("service", "database")
"""KB node kinds a component may be (the ones with a diagrams class)."""


def load_spec(path, kb) -> Spec:
    """Read ``path`` safely and build the spec (see the module docstring)."""
    text, name = read_text(path)
    try:
        doc = load(text, name)
    except InputError as exc:
        raise located(exc) from None
    return spec_from_document(doc, kb)


def spec_from_document(doc: Document, kb) -> Spec:
    """Build a spec from a loaded document."""
    return _Builder(doc, kb).build()


class _Builder(BlockParsers):
    def __init__(self, doc: Document, kb):
        self.doc, self.kb = doc, kb
        self.ids: dict[str, tuple[str, int]] = {}  # id -> ("group"|"component", line)
        self._kinds_cache: dict = {}
        self.warnings: list[InputError] = []

    # -- locations and errors -------------------------------------------------------------------
    def loc(self, path: tuple, key: bool = False) -> Location:
        mark = self.doc.mark(path, key)
        return Location(self.doc.file, mark[0], mark[1]) if mark else Location(self.doc.file, 1, 1)

    def fail(self, path: tuple, message: str, key: bool = False) -> InputError:
        where = self.loc(path, key)
        return InputError(message, file=where.file, line=where.line, column=where.column)

    def mapping(self, value: Any, path: tuple, what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"{what} must be a mapping, got {settings.describe(value)}")
        return value

    def text(self, value: Any, path: tuple, what: str) -> str:
        if isinstance(value, str):
            return self.label(value, path) if what in ("label", "name") else value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, bool):
            raise self.fail(path, f"{what} must be text, got {settings.describe(value)}; "
                                  "quote it if you mean the word")
        raise self.fail(path, f"{what} must be text, got {settings.describe(value)}")

    def label(self, value: str, path: tuple) -> str:
        """A label or name: bounded (``max_label``), hidden direction and zero-width
        characters dropped with a warning."""
        from ..limits import get
        from .text import clean

        most = get("max_label")
        if len(value) > most:
            raise self.fail(path, f"the text is {len(value):,} characters long, more than the "
                                  f"limit of {most:,} (raise it with ARCHKB_MAX_LABEL or "
                                  "--limit max_label=N)")
        cleaned = clean(value)
        if cleaned != value:
            self.warnings.append(self.fail(path, f"{cleaned!r}: invisible direction or "
                                                 "zero-width characters removed"))
        return cleaned

    def unknown_keys(self, data: dict, path: tuple, allowed, what: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(path + (key,), f"unknown key {key!r} in {what}"
                                               f"{hint(str(key), allowed)}", key=True)

    # -- the document ---------------------------------------------------------------------------
    def build(self) -> Spec:
        data = self.doc.data
        if data is None:
            raise InputError("empty document: a spec needs 'archkb: 1' and 'components'",
                             file=self.doc.file, line=1, column=1)
        if not isinstance(data, dict):
            raise self.fail((), f"a spec must be a mapping with 'archkb: 1' and 'components', "
                                f"got {settings.describe(data)}")
        self.version(data)
        self.unknown_keys(data, (), fields.TOP_KEYS, "the spec")
        spec = Spec(name=self.text(data["name"], ("name",), "name") if "name" in data
                    else Path(self.doc.file).stem,
                    file=self.doc.file, location=self.loc(()))
        if "description" in data:
            spec.description = self.text(data["description"], ("description",), "description")
        if "direction" in data:
            spec.direction = self.direction(data["direction"])
            spec.direction_set = True
        if "legend" in data:
            if not isinstance(data["legend"], bool):
                raise self.fail(("legend",), f"legend must be true or false, got "
                                             f"{settings.describe(data['legend'])}")
            spec.legend = data["legend"]
        if "account" in data:
            spec.account = self.account(data["account"])
        if "lint" in data:
            spec.lint = self.lint(data["lint"])
        spec.groups = self.groups(data.get("groups"))
        if "components" not in data:
            raise self.fail((), "the spec has no 'components' (at least one is needed)")
        spec.components = self.components(data["components"], spec.groups)
        spec.connections = self.connections(data.get("connections"), spec.components)
        spec.warnings.extend(self.warnings)
        if "workload" in data:
            spec.workload = self.spec_workload(data["workload"], spec.components)
        return spec

    def version(self, data: dict) -> None:
        if "archkb" not in data:
            raise self.fail((), "missing 'archkb: 1' (the spec format version) at the top of "
                                "the spec")
        version = data["archkb"]
        if isinstance(version, bool) or version != fields.SPEC_VERSION:
            raise self.fail(("archkb",), f"unsupported spec version {version!r}; this archkb "
                                         f"reads 'archkb: {fields.SPEC_VERSION}'")

    def direction(self, value: Any) -> str:
        if isinstance(value, str) and value.strip().upper() in fields.DIRECTIONS:
            return value.strip().upper()
        raise self.fail(("direction",), f"direction must be one of "
                                        f"{', '.join(fields.DIRECTIONS)}, got "
                                        f"{settings.describe(value)}")

    def account(self, value: Any) -> dict:
        data = self.mapping(value, ("account",), "account")
        self.unknown_keys(data, ("account",), list(fields.ACCOUNT_KEYS), "account")
        return {key: self.setting(val, fields.ACCOUNT_KEYS[key], ("account", key), key)
                for key, val in data.items()}

    def setting(self, value: Any, definition: dict, path: tuple, name: str) -> Any:
        try:
            return settings.check(value, definition)
        except ValueError as exc:
            raise self.fail(path, f"{name}: {exc}") from None

    def new_id(self, key: Any, path: tuple, what: str) -> str:
        if not fields.valid_id(key):
            raise self.fail(path, f"{what} id {key!r} must start with a letter, digit or '_' and "
                                  f"use only letters, digits, '_', '-' and '.' (at most 128)",
                            key=True)
        if key in self.ids:
            other, line = self.ids[key]
            raise self.fail(path, f"id {key!r} is already used by a {other} (line {line})",
                            key=True)
        self.ids[key] = (what, self.loc(path, key=True).line)
        return key

    def reference(self, value: Any, path: tuple, known, what: str) -> str:
        if not isinstance(value, str):
            raise self.fail(path, f"expected the id of a {what}, got {settings.describe(value)}")
        if value not in known:
            choices = list(known)
            more = hint(value, choices) if choices else f" (no {what}s are defined)"
            raise self.fail(path, f"unknown {what} {value!r}{more}")
        return value

    # -- groups ---------------------------------------------------------------------------------
    def groups(self, value: Any) -> dict[str, Group]:
        if value is None:
            return {}
        data = self.mapping(value, ("groups",), "groups")
        groups: dict[str, Group] = {}
        for key, body in data.items():
            path = ("groups", key)
            gid = self.new_id(key, path, "group")
            body = self.mapping(body if body is not None else {}, path, f"group {gid!r}")
            kind = "generic"
            if "kind" in body:
                raw = self.text(body["kind"], path + ("kind",), "kind")
                kind = fields.canonical_group_kind(raw)
                if kind is None:
                    raise self.fail(path + ("kind",), f"unknown group kind {raw!r}; choose from "
                                                      f"{', '.join(fields.GROUP_KINDS)}"
                                                      f"{hint(raw, fields.GROUP_KINDS)}")
            kb_settings = self.group_settings(kind)
            self.unknown_keys(body, path, list(fields.GROUP_KEYS) + list(kb_settings),
                              f"group {gid!r} ({kind})")
            group = Group(id=gid, kind=kind, label=gid, parent=None, location=self.loc(path, True))
            if "label" in body:
                group.label = self.text(body["label"], path + ("label",), "label")
            if "parent" in body:
                group.parent = body["parent"]  # checked once every group is known
            for name, val in body.items():
                group.field_locations[name] = self.loc(path + (name,))
                if name in kb_settings:
                    group.settings[name] = self.setting(val, kb_settings[name], path + (name,), name)
            groups[gid] = group
        for gid, group in groups.items():
            if group.parent is not None:
                group.parent = self.reference(group.parent, ("groups", gid, "parent"),
                                              list(groups), "parent group")
        self.check_cycles(groups)
        return groups

    def group_settings(self, kind: str) -> dict:
        node = self.kb.nodes.get(kind)
        return node.get("settings", {}) if node and node.get("kind") in SERVICE_KINDS else {}

    def check_cycles(self, groups: dict[str, Group]) -> None:
        order = {gid: i for i, gid in enumerate(groups)}
        depth: dict[str, int] = {}
        for start in groups:
            chain: list[str] = []
            seen: set[str] = set()
            gid: str | None = start
            while gid is not None and gid not in depth:
                if gid in seen:
                    cycle = chain[chain.index(gid):] + [gid]
                    first = min(cycle[:-1], key=order.__getitem__)
                    at = cycle.index(first)
                    cycle = cycle[at:-1] + cycle[:at] + [first]
                    raise self.fail(("groups", first, "parent"), "groups form a cycle: " +
                                    " -> ".join(cycle))
                chain.append(gid)
                seen.add(gid)
                gid = groups[gid].parent
            base = depth[gid] if gid is not None else 0
            for child in reversed(chain):
                base += 1
                depth[child] = base
                if base > fields.MAX_GROUP_DEPTH:
                    raise self.fail(("groups", child, "parent"), f"groups nest deeper than "
                                                                 f"{fields.MAX_GROUP_DEPTH} levels")

    # -- components -----------------------------------------------------------------------------
    def components(self, value: Any, groups: dict[str, Group]) -> dict[str, Component]:
        data = self.mapping(value, ("components",), "components")
        if not data:
            raise self.fail(("components",), "components is empty (at least one is needed)")
        from ..limits import get

        if len(data) > get("max_components"):
            raise self.fail(("components",), f"{len(data):,} components is more than the limit "
                                             f"of {get('max_components'):,} (raise it with "
                                             "ARCHKB_MAX_COMPONENTS or --limit max_components=N)")
        components: dict[str, Component] = {}
        for key, body in data.items():
            path = ("components", key)
            cid = self.new_id(key, path, "component")
            body = self.mapping(body, path, f"component {cid!r}")
            if "service" not in body:
                raise self.fail(path, f"component {cid!r} has no 'service' (a KB service such as "
                                      "lambda, sqs, dynamodb)")
            service = self.service(body["service"], path + ("service",))
            allowed = self.kb.settings(service)
            comp = Component(id=cid, service=service, label=cid, group=None, settings={},
                             location=self.loc(path, key=True))
            for name, val in body.items():
                vpath = path + (name,)
                comp.field_locations[name] = self.loc(vpath)
                if name == "service":
                    continue
                if name == "label":
                    comp.label = self.text(val, vpath, "label")
                elif name == "group":
                    comp.group = self.reference(val, vpath, groups, "group")
                elif name == "description":
                    comp.description = self.text(val, vpath, "description")
                elif name == "lint_ignore":
                    comp.lint_ignore = self.rule_ids(val, vpath)
                elif name == "workload":
                    comp.workload = self.workload(val, vpath)
                elif name in allowed:
                    comp.settings[name] = self.setting(val, allowed[name], vpath, name)
                    comp.setting_locations[name] = comp.field_locations[name]
                else:
                    choices = list(fields.COMPONENT_KEYS) + sorted(allowed)
                    raise self.fail(vpath, f"unknown setting {name!r} for {service} "
                                           f"({self.kb.name(service)}){hint(str(name), choices)}",
                                    key=True)
            components[cid] = comp
        return components

    def service(self, value: Any, path: tuple) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"service must be a KB service name, got "
                                  f"{settings.describe(value)}")
        try:
            return self.kb.resolve(value, kinds=SERVICE_KINDS)
        except UnknownNameError:
            from ..graph.services import suggest_services

            found = suggest_services(self.kb, value)
            more = f"; did you mean {', '.join(repr(s) for s in found)}?" if found else ""
            raise self.fail(path, f"unknown service {value!r}{more} ('archkb services' lists "
                                  "the services the KB knows, with their aliases; a resource it "
                                  "does not describe can be 'service: generic')") from None

    # -- connections ----------------------------------------------------------------------------
    def connections(self, value: Any, components: dict[str, Component]) -> list[Connection]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(("connections",), f"connections must be a list of "
                                              f"{{from, to}} mappings, got "
                                              f"{settings.describe(value)}")
        kinds = connection_kinds(self.kb)
        result = []
        for i, body in enumerate(value):
            path = ("connections", i)
            body = self.mapping(body, path, f"connection {i + 1}")
            for end in ("from", "to"):
                if end not in body:
                    raise self.fail(path, f"connection {i + 1} has no '{end}'")
            source = self.reference(body["from"], path + ("from",), components, "component")
            target = self.reference(body["to"], path + ("to",), components, "component")
            explicit = None
            if "kind" in body:
                explicit = self.text(body["kind"], path + ("kind",), "kind")
                if explicit not in kinds:
                    raise self.fail(path + ("kind",), f"unknown connection kind {explicit!r}; "
                                                      f"choose from {', '.join(kinds)}"
                                                      f"{hint(explicit, kinds)}")
            mode = None
            if "mode" in body:
                mode = self.setting(body["mode"], {"type": "enum", "choices": list(fields.MODES)},
                                    path + ("mode",), "mode")
                if explicit not in (None, "triggers"):
                    raise self.fail(path + ("mode",), f"mode applies to triggers only (this "
                                                      f"connection is {explicit!r})")
            src_service, dst_service = components[source].service, components[target].service
            target_settings = components[target].settings
            key = (src_service, dst_service, explicit, mode,
                   tuple(sorted((k, str(v)) for k, v in target_settings.items())))
            if key not in self._kinds_cache:
                self._kinds_cache[key] = connection_kind(self.kb, src_service, dst_service,
                                                         explicit, mode, target_settings)
            kind, mode, via, kb_source = self._kinds_cache[key]
            conn = Connection(index=i, source=source, target=target, kind=kind, mode=mode,
                              via=via, label=None, explicit_kind=explicit is not None,
                              settings={}, location=self.loc(path), kb_source=kb_source)
            allowed = self.connection_settings(via)
            for name, val in body.items():
                vpath = path + (name,)
                conn.field_locations[name] = self.loc(vpath)
                if name == "label":
                    conn.label = self.text(val, vpath, "label")
                elif name == "mode":
                    conn.settings["mode"] = mode
                elif name == "lint_ignore":
                    conn.lint_ignore = self.rule_ids(val, vpath)
                elif name in fields.CONNECTION_KEYS:
                    continue
                elif name in allowed:
                    conn.settings[name] = self.setting(val, allowed[name], vpath, name)
                else:
                    choices = list(fields.CONNECTION_KEYS) + sorted(allowed)
                    raise self.fail(vpath, f"unknown key {name!r} in connection {i + 1}"
                                           f"{hint(str(name), choices)}", key=True)
            result.append(conn)
        return result

    def connection_settings(self, via: str | None) -> dict:
        extra = self.kb.nodes.get(via, {}).get("settings", {}) if via else {}
        return {**fields.CONNECTION_SETTINGS, **extra}
