"""A loaded template as the importer reads it: resources by logical id, their properties with
SAM ``Globals`` applied, parameter defaults, and the location of everything.

>>> from generator.importers.cloudformation.reader import load_template
>>> t = Template(load_template(
...     "Transform: AWS::Serverless-2016-10-31\\n"
...     "Globals: {Function: {Timeout: 30, Environment: {Variables: {A: '1'}}}}\\n"
...     "Resources:\\n"
...     "  Fn:\\n    Type: AWS::Serverless::Function\\n"
...     "    Properties: {Environment: {Variables: {B: '2'}}}\\n", "t.yaml"))
>>> t.props("Fn")["Timeout"], sorted(t.props("Fn")["Environment"]["Variables"])
(30, ['A', 'B'])
>>> str(t.where("Fn", "Timeout")), str(t.resource_location("Fn"))
('t.yaml:2:31', 't.yaml:4:3')
"""
from __future__ import annotations

import copy
import re
from typing import Any

from ...errors import InputError
from ...spec.model import Location
from ...yamlsafe import Document
from .intrinsics import PSEUDO_PREFIX, as_dict, is_intrinsic

GLOBALS_SECTIONS = {
    "Function": "AWS::Serverless::Function", "Api": "AWS::Serverless::Api",
    "HttpApi": "AWS::Serverless::HttpApi", "SimpleTable": "AWS::Serverless::SimpleTable",
    "StateMachine": "AWS::Serverless::StateMachine",
    "LayerVersion": "AWS::Serverless::LayerVersion",
}
"""SAM ``Globals`` sections and the resource type each applies to."""

_FOREACH = "Fn::ForEach::"


def merge_globals(global_value: Any, local_value: Any) -> Any:
    """SAM's rule: the resource's value wins for scalars, mappings merge key by key, and lists
    add up (global items first).

    >>> merge_globals({"a": 1, "m": {"x": 1}, "l": [1]}, {"a": 2, "m": {"y": 2}, "l": [2]})
    {'a': 2, 'm': {'x': 1, 'y': 2}, 'l': [1, 2]}
    """
    if isinstance(global_value, dict) and isinstance(local_value, dict) \
            and not is_intrinsic(global_value) and not is_intrinsic(local_value):
        merged = copy.deepcopy(global_value)
        for key, value in local_value.items():
            merged[key] = merge_globals(merged[key], value) if key in merged else value
        return merged
    if isinstance(global_value, list) and isinstance(local_value, list):
        return copy.deepcopy(global_value) + local_value
    return local_value


class Template:
    """Read-only view of a template document for the importer's extractors."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.file = doc.file
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.warnings: list[InputError] = doc.warnings  # shared: the caller reads doc.warnings
        self.parameters = as_dict(self.data.get("Parameters"))
        self.resources: dict[str, dict] = {}
        self.types: dict[str, str] = {}
        self._props: dict[str, dict] = {}
        self._origin: dict[str, dict[str, tuple]] = {}
        self._budget = None
        self._read_resources()
        self._apply_globals()

    # -- loading ---------------------------------------------------------------------------
    def _read_resources(self) -> None:
        resources = self.data.get("Resources")
        if resources is None:
            return
        if not isinstance(resources, dict):
            raise self.doc.error(("Resources",), "Resources must be a mapping of logical ids "
                                                 "to resources")
        from .foreach import Budget, LoopTooLarge

        self._budget = Budget()
        for rid, body in list(resources.items()):
            rid = str(rid)
            if not rid.startswith(_FOREACH):
                try:
                    self._budget.take()
                except LoopTooLarge as exc:
                    raise self.doc.error(("Resources", rid), str(exc).replace(
                        "Fn::ForEach loops generate", "the template has"), key=True) from None
            if rid.startswith(_FOREACH):
                self._read_loop(rid, body)
                continue
            if rid == "Fn::Transform":  # a macro adds resources when the stack is deployed
                self.warnings.append(self.doc.error(
                    ("Resources", rid), "Fn::Transform under Resources is a macro archkb does "
                                        "not run: the resources it adds are not imported",
                    key=True))
                continue
            self._read_resource(rid, body)

    def _read_loop(self, key: str, loop) -> None:
        """Resources an ``Fn::ForEach`` loop generates, located at the loop's key."""
        from .foreach import LoopTooLarge, expand_loop

        try:
            generated = expand_loop(loop, self.parameters, budget=self._budget)
        except LoopTooLarge as exc:
            raise self.doc.error(("Resources", key), f"{key}: {exc}", key=True) from None
        if generated is None:
            self.warnings.append(self.doc.error(
                ("Resources", key), f"{key}: the loop's collection is not known from the "
                                    "template, so the resources it generates are not imported",
                key=True))
            return
        mark = self.doc.mark(("Resources", key), key=True)
        for rid, body in generated.items():
            if rid in self.types or not isinstance(body, dict):
                continue
            if mark is not None:
                self.doc.key_marks.setdefault(("Resources", rid), mark)
                self.doc.marks.setdefault(("Resources", rid), mark)
            self._read_resource(rid, body)

    def _read_resource(self, rid: str, body) -> None:
        if not isinstance(body, dict):
            raise self.doc.error(("Resources", rid), f"resource {rid!r} must be a mapping "
                                                     "with a Type")
        rtype = body.get("Type")
        if not isinstance(rtype, str) or not rtype.strip():
            raise self.doc.error(("Resources", rid), f"resource {rid!r} has no Type", key=True)
        self.resources[rid] = body
        self.types[rid] = rtype.strip()
        props = body.get("Properties")
        self._props[rid] = props if isinstance(props, dict) else {}
        self._origin[rid] = {}

    def _apply_globals(self) -> None:
        sections = as_dict(self.data.get("Globals"))
        for section, values in sections.items():
            rtype = GLOBALS_SECTIONS.get(section)
            if rtype is None or not isinstance(values, dict):
                continue
            for rid, t in self.types.items():
                if t != rtype:
                    continue
                local = self._props[rid]
                merged = merge_globals(values, local)
                for key in values:
                    if key not in local:
                        self._origin[rid][key] = ("Globals", section, key)
                self._props[rid] = merged

    # -- access ----------------------------------------------------------------------------
    def props(self, rid: str) -> dict:
        """The resource's Properties (with Globals applied); {} when absent or malformed."""
        return self._props.get(rid, {})

    def attr(self, rid: str, key: str) -> Any:
        """A resource attribute outside Properties (``DependsOn``, ``Condition``...)."""
        return self.resources.get(rid, {}).get(key)

    def path(self, rid: str, *keys) -> tuple:
        """The document path of a property (inside Globals when it came from there)."""
        if keys and keys[0] in self._origin.get(rid, {}):
            return self._origin[rid][keys[0]] + tuple(keys[1:])
        return ("Resources", rid, "Properties") + tuple(keys)

    def location(self, path: tuple, key: bool = False) -> Location:
        mark = self.doc.mark(path, key=key)
        return Location(self.file, mark[0], mark[1]) if mark else Location(self.file)

    def where(self, rid: str, *keys) -> Location:
        """Location of a property value (of the resource when the property is absent)."""
        return self.location(self.path(rid, *keys))

    def resource_location(self, rid: str) -> Location:
        """Location of the resource's logical id."""
        return self.location(("Resources", rid), key=True)

    def is_resource(self, name: Any) -> bool:
        return isinstance(name, str) and name in self.types

    def is_parameter(self, name: Any) -> bool:
        return isinstance(name, str) and name in self.parameters

    def of_type(self, *types: str) -> list[str]:
        return [rid for rid, t in self.types.items() if t in types]

    # -- values ----------------------------------------------------------------------------
    def parameter_default(self, name: str) -> Any:
        return as_dict(self.parameters.get(name)).get("Default")

    def signature(self, value: Any) -> str | None:
        """A canonical text for a value built from literals and references, so that two
        spellings of the same name compare equal (``!Ref P`` and ``!Sub "${P}"``).

        >>> from generator.importers.cloudformation.reader import load_template
        >>> t = Template(load_template("Resources: {}", "t.yaml"))
        >>> t.signature({"Ref": "P"}) == t.signature({"Fn::Sub": "${P}"})
        True
        >>> t.signature({"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, "q"]]})
        '${AWS::StackName}-q'
        """
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            return str(value)
        if not isinstance(value, dict) or len(value) != 1:
            return None
        key, arg = next(iter(value.items()))
        if key == "Ref" and isinstance(arg, str):
            return "${%s}" % arg
        if key == "Fn::GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else arg
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                return "${%s}" % ".".join(parts)
            return None
        if key == "Fn::Sub":
            if isinstance(arg, str):
                return arg
            if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
                text, variables = arg[0], as_dict(arg[1])
                for name, sub in variables.items():
                    sig = self.signature(sub)
                    if sig is None:
                        return None
                    text = text.replace("${%s}" % name, sig)
                return text
            return None
        if key == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 \
                and isinstance(arg[0], str) and isinstance(arg[1], list):
            parts = [self.signature(p) for p in arg[1]]
            return None if any(p is None for p in parts) else arg[0].join(parts)
        return None

    def literal(self, value: Any) -> str | None:
        """The string a value stands for when the template alone decides it (literals and
        parameter defaults); None otherwise (``${AWS::Region}`` stays as written)."""
        sig = self.signature(value)
        if sig is None:
            return None
        unknown = False

        def substitute(match: re.Match) -> str:
            nonlocal unknown
            name = match.group(1)
            if name.startswith(PSEUDO_PREFIX):
                return match.group(0)
            default = self.parameter_default(name) if self.is_parameter(name) else None
            if isinstance(default, (str, int, float)) and not isinstance(default, bool):
                return str(default)
            unknown = True
            return match.group(0)

        text = re.sub(r"\$\{(?!!)([^}]*)\}", substitute, sig)
        return None if unknown else text

    def number(self, value: Any) -> int | float | None:
        """A numeric value (a number, a numeric string, or a parameter's numeric default).

        >>> from generator.importers.cloudformation.reader import load_template
        >>> t = Template(load_template("Parameters: {M: {Type: Number, Default: 512}}", "t"))
        >>> t.number({"Ref": "M"}), t.number("30"), t.number("x"), t.number(True)
        (512, 30, None, None)
        """
        if isinstance(value, dict):
            if list(value) == ["Ref"] and self.is_parameter(value["Ref"]):
                value = self.parameter_default(value["Ref"])
            else:
                return None
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                try:
                    number = float(value.strip())
                except ValueError:
                    return None
                return number if number == number and abs(number) != float("inf") else None
        return None

    def boolean(self, value: Any) -> bool | None:
        """A boolean value (also ``"true"``/``"false"`` strings and parameter defaults)."""
        if isinstance(value, dict) and list(value) == ["Ref"] and self.is_parameter(value["Ref"]):
            value = self.parameter_default(value["Ref"])
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return None
