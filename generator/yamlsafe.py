"""Safe YAML loading with line marks, duplicate-key errors and bounded expansion.

Every YAML input of archkb (KB files, specs, templates) goes through :func:`load`. It composes
the document with libyaml when available, then builds plain Python values itself, so that:

- duplicate keys are errors (never silently last-wins); ``duplicates="last"`` lets the last
  value win instead, recording each duplicate in :attr:`Document.warnings`;
- no tag ever builds an object: only plain scalars, lists and dicts come out; an unknown tag is
  an error unless the caller passes ``tags`` (the CloudFormation importer maps ``!Ref`` & co);
- dates stay the strings they were written as (``2010-09-09`` is not a ``datetime``);
- alias expansion and nesting depth are bounded, so a YAML bomb fails fast and cleanly;
- every value and key keeps its position, for errors that name file:line:column.

>>> doc = load("a: 1\\nb: [x, {c: 2010-09-09}]\\n", "f.yaml")
>>> doc.data
{'a': 1, 'b': ['x', {'c': '2010-09-09'}]}
>>> doc.where(("b", 1, "c"))
'f.yaml:2:12'
>>> load("a: 1\\na: 2\\n", "f.yaml")
Traceback (most recent call last):
...
generator.yamlsafe.DuplicateKeyError: f.yaml:2:1: duplicate key 'a' (first defined at line 1)
>>> doc = load("a: {x: 1}\\na: {y: 2}\\n", "f.yaml", duplicates="last")
>>> doc.data, doc.where(("a", "y"))
({'a': {'y': 2}}, 'f.yaml:2:8')
>>> print(doc.warnings[0])
f.yaml:2:1: duplicate key 'a' (first defined at line 1); the last value is kept
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from .errors import InputError

try:  # libyaml is much faster; the pure-Python composer gives the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_ALIAS_VALUES = 100_000
"""A bound on the values that aliases may add beyond what the text itself holds (a document
without aliases never builds more values than it has characters); with the bound on nesting
(the ``max_depth`` limit of :mod:`generator.limits`), a YAML bomb fails in a fraction of a
second."""

DUPLICATES = ("error", "last")
"""What :func:`load` does with a duplicate key: raise a :class:`DuplicateKeyError`, or keep the
last value and record the duplicate in :attr:`Document.warnings`."""

Path = tuple
Mark = tuple  # (line, column), both 1-based


class DuplicateKeyError(InputError):
    """A key defined twice in one mapping, at the second definition; raised by default, or
    recorded as a warning with ``duplicates="last"``."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None, key=None, first_line: int | None = None):
        self.key, self.first_line = key, first_line
        super().__init__(message, file=file, line=line, column=column)


@dataclass
class Document:
    """A loaded YAML document: plain data plus the position of every value and key."""

    data: Any
    file: str
    marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    """What was loaded but deserves a word (:class:`InputError` records, located): with
    ``duplicates="last"``, each duplicate key; importers add their own."""
    duplicates: str = "error"
    """How duplicate keys were handled (see :data:`DUPLICATES`), for files read on its behalf."""

    def mark(self, path: Path, key: bool = False) -> Mark | None:
        """The (line, column) of the value at ``path`` (or of its key), else of its nearest parent."""
        path = tuple(path)
        table = self.key_marks if key else self.marks
        while True:
            if path in table:
                return table[path]
            if path in self.marks:
                return self.marks[path]
            if not path:
                return None
            path = path[:-1]

    def where(self, path: Path, key: bool = False) -> str:
        """``file:line:column`` of the value (or key) at ``path``."""
        m = self.mark(path, key)
        return f"{self.file}:{m[0]}:{m[1]}" if m else self.file

    def error(self, path: Path, message: str, key: bool = False, cls: type = InputError) -> InputError:
        """An :class:`InputError` located at ``path``."""
        m = self.mark(path, key)
        return cls(message, file=self.file, line=m[0] if m else None, column=m[1] if m else None)


class _ScalarBuilder(yaml.constructor.SafeConstructor):
    """Turns resolved plain scalars into int/float/bool/None; everything else stays a string."""

    def build(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:int":
            return self.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return self.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:bool":
            return self.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:binary":
            raise yaml.constructor.ConstructorError(None, None, "binary values are not accepted",
                                                    node.start_mark)
        return node.value  # str, timestamp (kept as written), and tagged scalars


_builder = _ScalarBuilder()
_SAFE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge",
}

TagHandler = Callable[[str, Any], Any]
"""Maps a local tag (``!Ref``) and its built value to the value to keep."""


def _describe(value) -> str:
    return "null" if value is None else f"the {type(value).__name__} {value!r}"


def _pos(mark) -> Mark:
    return (mark.line + 1, mark.column + 1)


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM), or fail naming the line and column of the bad byte.

    >>> decode(b"ok: \\xff", "f.yaml")
    Traceback (most recent call last):
    ...
    generator.errors.InputError: f.yaml:1:5: file is not valid UTF-8 (byte 0xff)
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                         file=file, line=line, column=column) from None
    if "\x00" in text:
        line, column = _line_col(text, text.index("\x00"))
        raise InputError("control character U+0000 is not allowed in YAML (is the file binary?)",
                         file=file, line=line, column=column)
    return text


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def read(path, display: str | None = None, tags: dict[str, TagHandler] | None = None,
         duplicates: str = "error") -> Document:
    """Read and :func:`load` a file; an unreadable file is an :class:`InputError`."""
    from .fsutil import read_input

    name = display or str(path)
    return load(decode(read_input(path, name), name), name, tags=tags, duplicates=duplicates)


def load(text: str, file: str = "<string>", tags: dict[str, TagHandler] | None = None,
         max_depth: int | None = None, max_alias_values: int = MAX_ALIAS_VALUES,
         duplicates: str = "error") -> Document:
    """Load one YAML document safely; see the module docstring.

    ``duplicates`` is ``"error"`` (a duplicate key raises :class:`DuplicateKeyError`) or
    ``"last"`` (the later value replaces the earlier one, whose marks are dropped, and the
    duplicate is appended to ``doc.warnings`` as a :class:`DuplicateKeyError`).
    """
    if max_depth is None:
        from .limits import get

        max_depth = get("max_depth")
    if duplicates not in DUPLICATES:
        raise ValueError(f"duplicates must be one of {DUPLICATES}, not {duplicates!r}")
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{problem} ({exc.context})"
        raise InputError(f"invalid YAML: {problem}", file=file,
                         line=mark.line + 1 if mark else None,
                         column=mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:  # a control character: locate it ourselves
        line, column = _line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError(f"control character U+{ord(char):04X} is not allowed in YAML",
                         file=file, line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=file) from None
    except RecursionError:
        raise InputError(f"invalid YAML: nesting deeper than {max_depth} levels", file=file) from None
    doc = Document(None, file, duplicates=duplicates)
    if root is None:
        return doc
    max_nodes = len(text) + max_alias_values
    doc.data = _Builder(doc, tags or {}, max_depth, max_nodes, duplicates).build(root)
    return doc


class _Builder:
    """Builds plain values from a node tree; depth is bounded well below Python's recursion limit."""

    def __init__(self, doc: Document, tags: dict, max_depth: int, max_nodes: int,
                 duplicates: str = "error"):
        self.doc, self.tags = doc, tags
        self.max_depth, self.max_nodes = max_depth, max_nodes
        self.keep_last = duplicates == "last"
        self.count = 0

    def fail(self, node, message: str) -> InputError:
        line, col = _pos(node.start_mark)
        return InputError(message, file=self.doc.file, line=line, column=col)

    def build(self, root) -> Any:
        return self._value(root, (), 0, frozenset())

    def _value(self, node, path: tuple, depth: int, active: frozenset) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise self.fail(node, f"aliases expand the document to more than "
                                  f"{self.max_nodes:,} values (a YAML bomb?)")
        if depth > self.max_depth:
            raise self.fail(node, f"nesting deeper than {self.max_depth} levels")
        if id(node) in active:
            raise self.fail(node, "recursive alias")
        self.doc.marks.setdefault(path, _pos(node.start_mark))
        tag = node.tag
        local = tag if tag.startswith("!") and not tag.startswith("!!") else None
        if local is None and tag not in _SAFE_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(node, f"tag {shown!r} is not allowed (archkb loads YAML safely)")
        if local is not None and local not in self.tags:
            raise self.fail(node, f"unknown tag {local!r}")
        if isinstance(node, yaml.ScalarNode):
            try:
                value = _builder.build(node) if local is None else node.value
            except yaml.constructor.ConstructorError as exc:
                raise self.fail(node, str(exc.problem)) from None
            except (ValueError, OverflowError):  # 0x_, 0b_, an int of 4,300+ digits...
                shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
                raise self.fail(node, f"{shown!r} is not a number YAML can read; quote it if "
                                      "you mean the text") from None
        elif isinstance(node, yaml.SequenceNode):
            inner = active | {id(node)}
            value = [self._value(item, path + (i,), depth + 1, inner)
                     for i, item in enumerate(node.value)]
        else:
            value = self._mapping(node, path, depth, active | {id(node)})
        if local is not None:
            value = self.tags[local](local, value)
        return value

    def _mapping(self, node, path: tuple, depth: int, active: frozenset) -> dict:
        result: dict = {}
        first_seen: dict = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.update(self._merge(value_node, path, depth, active))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain scalars")
            key = self._value(key_node, path + ("<key>",), depth + 1, active)
            if isinstance(key, (list, dict)):
                raise self.fail(key_node, "mapping keys must be plain scalars")
            if key is None or isinstance(key, (bool, float)):
                # YAML 1.1 reads yes:/off:/.inf:/~: as a boolean, a number or null
                raise self.fail(key_node, f"the key {key_node.value!r} reads as "
                                          f"{_describe(key)}; quote it if you mean the word")
            key = key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)
            if key in first_seen:
                self._duplicate(key_node, key, first_seen[key], path)
                result.pop(key)
            else:
                first_seen[key] = key_node.start_mark.line + 1
            self.doc.key_marks[path + (key,)] = _pos(key_node.start_mark)
            result[key] = self._value(value_node, path + (key,), depth + 1, active)
        self.doc.marks.pop(path + ("<key>",), None)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _duplicate(self, key_node, key, first_line: int, path: tuple) -> None:
        """Raise, or (keeping the last value) record the duplicate and forget the marks of
        the value it replaces, so the later value's positions are the ones kept."""
        line, col = _pos(key_node.start_mark)
        message = f"duplicate key {key!r} (first defined at line {first_line})"
        if not self.keep_last:
            raise DuplicateKeyError(message, file=self.doc.file, line=line, column=col, key=key,
                                    first_line=first_line)
        self.doc.warnings.append(DuplicateKeyError(
            f"{message}; the last value is kept", file=self.doc.file, line=line, column=col,
            key=key, first_line=first_line))
        prefix = path + (key,)
        n = len(prefix)
        for table in (self.doc.marks, self.doc.key_marks):
            for p in [p for p in table if p[:n] == prefix]:
                del table[p]

    def _merge(self, node, path: tuple, depth: int, active: frozenset) -> dict:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict = {}
        for src in sources:
            value = self._value(src, path, depth + 1, active)
            if not isinstance(value, dict):
                raise self.fail(src, "'<<' merges only mappings")
            for key, item in value.items():
                merged.setdefault(key, item)
        return merged
