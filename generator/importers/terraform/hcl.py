"""Read Terraform files into located blocks: python-hcl2's parse tree (Lark, with positions)
kept as it is, so expressions are evaluated later by :mod:`.expressions` and every block and
argument has its file:line:column.

A ``.tf.json`` file (Terraform's JSON syntax) is read into the same shape: its strings are
templates, parsed when evaluated.

>>> blocks = parse_text('resource "aws_sqs_queue" "jobs" {\\n  name = "jobs"\\n}\\n', "main.tf")
>>> b = blocks[0]
>>> b.type, b.labels, str(b.location), str(b.where("name"))
('resource', ['aws_sqs_queue', 'jobs'], 'main.tf:1:1', 'main.tf:2:3')
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...spec.model import Location

MAX_FILE_BYTES = 5_000_000
"""A Terraform file larger than this is refused (an input bound, far above real modules)."""

_HEREDOC_CLOSE_BLANKS = re.compile(r"^([ \t]*[A-Za-z][A-Za-z0-9._-]*)[ \t]+$", re.MULTILINE)


@dataclass
class Block:
    """A block (``resource "aws_sqs_queue" "jobs" { ... }``): its arguments (name -> raw
    expression: a Lark tree, or a JSON value for ``.tf.json``) and nested blocks."""

    type: str
    labels: list[str]
    location: Location
    attrs: dict[str, Any] = field(default_factory=dict)
    attr_locations: dict[str, Location] = field(default_factory=dict)
    blocks: list["Block"] = field(default_factory=list)
    json: bool = False  # from a .tf.json file: attrs hold JSON values

    def where(self, name: str) -> Location:
        """Where argument (or nested block) ``name`` is written; the block's own place when
        it is absent."""
        loc = self.attr_locations.get(name)
        if loc is not None:
            return loc
        for b in self.blocks:
            if b.type == name:
                return b.location
        return self.location

    def children(self, kind: str) -> list["Block"]:
        return [b for b in self.blocks if b.type == kind]


def read_file(path: Path, display: str) -> tuple[list[Block], list[InputError]]:
    """The top-level blocks of one ``.tf`` or ``.tf.json`` file, and warnings."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file too large to import ({size} bytes; the limit is "
                             f"{MAX_FILE_BYTES})", file=display, line=1, column=1)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=display) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=display,
                         line=1, column=1) from None
    if display.endswith(".json"):
        return parse_json(text, display), []
    return parse_text_lenient(text, display)


def parse_text_lenient(text: str, file: str) -> tuple[list[Block], list[InputError]]:
    """Like :func:`parse_text`; a heredoc whose closing marker has trailing blanks (which
    Terraform accepts and python-hcl2 rejects) is read without the blanks, with a warning.

    >>> blocks, warnings = parse_text_lenient('locals {\\n  p = <<EOF\\n{}\\nEOF  \\n}\\n', "m.tf")
    >>> [b.type for b in blocks], [str(w) for w in warnings]
    (['locals'], ['m.tf:4:4: heredoc closing marker followed by blanks: read without them'])
    """
    try:
        return parse_text(text, file), []
    except InputError as first:
        match = _HEREDOC_CLOSE_BLANKS.search(text)
        if match is None:
            raise
        line = text.count("\n", 0, match.start()) + 1
        fixed = _HEREDOC_CLOSE_BLANKS.sub(r"\1", text)
        try:
            blocks = parse_text(fixed, file)
        except InputError:
            raise first from None
        return blocks, [InputError("heredoc closing marker followed by blanks: read without "
                                   "them", file, line, len(match.group(1)) + 1)]


def parse_text(text: str, file: str) -> list[Block]:
    """The top-level blocks of HCL text; a syntax error is an InputError at its place."""
    import hcl2
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        tree = hcl2.parses_to_tree(text)
    except UnexpectedInput as exc:
        raise InputError(f"invalid HCL: {_short(exc)}", file, getattr(exc, "line", 1) or 1,
                         getattr(exc, "column", 1) or 1) from None
    except (LarkError, RecursionError) as exc:
        raise InputError(f"invalid HCL: {_short(exc)}", file, 1, 1) from None
    body = _first(tree, "body")
    return _body(body, file)[1] if body is not None else []


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"\s*at line \d+, column \d+\.?$", "", text)[:200]


def _first(tree, name: str):
    for child in getattr(tree, "children", ()):
        if getattr(child, "data", None) == name:
            return child
    return None


def _loc(node, file: str) -> Location:
    meta = getattr(node, "meta", None)
    if meta is None or getattr(meta, "empty", True):
        return Location(file)
    return Location(file, meta.line, meta.column)


def name_of(node) -> str | None:
    """The text of an identifier, keyword, literal or string label node."""
    data = getattr(node, "data", None)
    if data in ("identifier", "keyword", "literal_value"):
        return str(node.children[0])
    if data == "string":
        return "".join(str(p.children[0]) for p in node.children
                       if getattr(p, "data", None) == "string_part"
                       and not hasattr(p.children[0], "data"))
    return None


def _body(body, file: str) -> tuple[dict, list[Block], dict]:
    attrs: dict[str, Any] = {}
    locs: dict[str, Location] = {}
    blocks: list[Block] = []
    for child in body.children:
        data = getattr(child, "data", None)
        if data == "attribute":
            parts = [c for c in child.children if hasattr(c, "data")]
            name = name_of(parts[0])
            if name is not None and len(parts) >= 2:
                attrs[name] = parts[-1]
                locs[name] = _loc(child, file)
        elif data == "block":
            names = []
            inner = None
            for c in child.children:
                if getattr(c, "data", None) == "body":
                    inner = c
                elif hasattr(c, "data") and c.data != "new_line_or_comment":
                    names.append(name_of(c) or "")
            if not names:
                continue
            block = Block(names[0], names[1:], _loc(child, file))
            if inner is not None:
                block.attrs, block.blocks, block.attr_locations = _body(inner, file)
            blocks.append(block)
    return attrs, blocks, locs


# -- JSON syntax ---------------------------------------------------------------------------
_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1,
           "locals": 0, "terraform": 0}


def parse_json(text: str, file: str) -> list[Block]:
    """Top-level blocks of a ``.tf.json`` file (locations: the file, line of the block's first
    key where it can be found).

    >>> [(b.type, b.labels) for b in parse_json('{"resource": {"aws_sqs_queue": {"q": {}}}}',
    ...                                         "m.tf.json")]
    [('resource', ['aws_sqs_queue', 'q'])]
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        col = getattr(exc, "colno", 1)
        raise InputError(f"invalid JSON: {getattr(exc, 'msg', exc)}", file, line, col) from None
    if not isinstance(data, dict):
        raise InputError("a .tf.json file holds a JSON object", file, 1, 1)
    lines = text.splitlines()
    blocks: list[Block] = []
    for kind, content in data.items():
        depth = _LABELS.get(kind, 0)
        for labels, body in _json_levels(content, depth):
            if isinstance(body, list):
                items = body
            else:
                items = [body]
            for item in items:
                if isinstance(item, dict):
                    blocks.append(_json_block(kind, labels, item, file, lines))
    return blocks


def _json_levels(content, depth: int, labels: tuple = ()):
    if depth == 0 or not isinstance(content, dict):
        yield list(labels), content
        return
    for key, value in content.items():
        yield from _json_levels(value, depth - 1, labels + (key,))


def _json_line(lines: list[str], key: str) -> Location | None:
    needle = json.dumps(key)
    for i, line in enumerate(lines):
        col = line.find(needle)
        if col >= 0:
            return i + 1, col + 1
    return None


def _json_block(kind: str, labels: list, body: dict, file: str, lines: list[str]) -> Block:
    found = _json_line(lines, labels[-1]) if labels else None
    loc = Location(file, *found) if found else Location(file, 1, 1)
    block = Block(kind, [str(x) for x in labels], loc, json=True)
    for key, value in body.items():
        if kind in ("resource", "data", "module") and isinstance(value, (dict, list)) and \
                key in _NESTED_BLOCK_HINTS:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    block.blocks.append(_json_block(key, [], item, file, lines))
            continue
        block.attrs[key] = value
        block.attr_locations[key] = loc
    return block


_NESTED_BLOCK_HINTS = frozenset({
    "environment", "vpc_config", "dead_letter_config", "tracing_config", "ephemeral_storage",
    "queue", "lambda_function", "topic", "destination_config", "on_failure", "on_success",
    "filter_criteria", "filter", "target", "flexible_time_window", "dead_letter_config",
    "retry_policy", "source_parameters", "target_parameters", "snap_start", "logging_config",
    "stream_mode_details", "attribute", "endpoint_configuration", "versioning", "lifecycle",
})
"""Keys that are nested blocks (not arguments) in the JSON syntax of the resources read."""
