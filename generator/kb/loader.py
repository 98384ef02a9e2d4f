"""Read KB directories, validate every file strictly, and check cross-references.

Errors are collected (so ``archkb kb check`` can list them all) and raised together as a
:class:`KBInvalid`; each names file:line:column.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from ..errors import InputError, KBError
from ..yamlsafe import Document, read
from .model import KB, normalize, setting_node_id
from .paths import is_sources_file, is_vocabulary_file, kb_files

SCHEMA_DIR = "schema"


class KBInvalid(KBError):
    """One or more KB errors; ``errors`` holds each located error."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        head = str(errors[0])
        more = f" (and {len(errors) - 1} more errors; run 'archkb kb check')" if len(errors) > 1 else ""
        super().__init__(head + more)

    def __str__(self) -> str:
        return self.message


def _schemas(builtin: Path) -> tuple:
    import jsonschema  # only needed when (re)compiling the KB

    def validator(name: str):
        schema = json.loads((builtin / SCHEMA_DIR / name).read_text(encoding="utf-8"))
        return jsonschema.Draft202012Validator(schema)

    return (validator("node.schema.json"), validator("sources.schema.json"),
            validator("vocabulary.schema.json"))


def _schema_errors(validator, doc: Document) -> list[InputError]:
    errors = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        message = err.message
        on_key = False
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            extra = sorted((k for k in err.instance if k not in allowed), key=str)
            if extra:
                path, on_key = path + (extra[0],), True
                message = f"unknown key {extra[0]!r}"
        elif err.validator in ("enum", "const"):
            message = f"{err.instance!r} is not one of {err.validator_value}" \
                if err.validator == "enum" else message
        field = ".".join(str(p) for p in tuple(err.absolute_path)) or "(document)"
        errors.append(doc.error(path, f"{field}: {message}", key=on_key, cls=KBError))
    return errors


def load_dirs(builtin: Path, overlays: list[Path]) -> KB:
    """Load the built-in KB and overlays (later directories override earlier ones)."""
    node_validator, sources_validator, vocabulary_validator = _schemas(builtin)
    errors: list[InputError] = []
    kb = KB(dirs=[str(builtin)] + [str(o) for o in overlays])
    docs: dict[str, Document] = {}
    for root in [builtin] + overlays:
        seen_here: dict[str, str] = {}
        for path in kb_files(root):
            try:
                doc = read(path, display=_display(path, root, builtin))
            except InputError as exc:
                errors.append(exc)
                continue
            if is_sources_file(path, root):
                _add_sources(kb, doc, sources_validator, errors)
                continue
            if is_vocabulary_file(path, root):
                _add_vocabulary(kb, doc, vocabulary_validator, errors)
                continue
            if not isinstance(doc.data, dict):
                errors.append(doc.error((), "a KB node file must be a mapping", cls=KBError))
                continue
            extends = doc.data.get("extend") is True and doc.data.get("id") in kb.nodes
            if extends:  # validate what the merge produces: an overlay may omit required keys
                base = kb.nodes[doc.data["id"]]
                doc = Document(_merge(base, doc.data), doc.file, doc.marks, doc.key_marks)
            problems = _schema_errors(node_validator, doc)
            if problems:
                errors.extend(problems)
                continue
            node = doc.data
            node_id = node["id"]
            if node_id != path.stem:
                errors.append(doc.error(("id",), f"id {node_id!r} must equal the file name "
                                                  f"{path.stem!r}", cls=KBError))
                continue
            if node_id in seen_here:
                errors.append(doc.error(("id",), f"duplicate id {node_id!r} (also in "
                                                  f"{seen_here[node_id]})", cls=KBError))
                continue
            seen_here[node_id] = doc.file
            if node.get("extend") and not extends:
                errors.append(doc.error(("extend",), f"extend: {node_id!r} is not in the KB "
                                                     "being extended", cls=KBError))
                continue
            node.pop("extend", None)
            kb.nodes[node_id] = node
            kb.files[node_id] = doc.file
            docs[node_id] = doc
    if not kb.sources:
        errors.append(KBError("sources.yaml is missing or empty", file=str(builtin / "sources.yaml")))
    errors.extend(_build_index(kb, docs))  # first: reference errors suggest names from it
    errors.extend(_check_references(kb, docs))
    if errors:
        raise KBInvalid(errors)
    return kb


def _display(path: Path, root: Path, builtin: Path) -> str:
    """How a KB file is named in errors and in the (cached) KB: ``kb/services/sqs.yaml`` for
    the built-in KB, whatever the current folder; the full path for overlays."""
    if root == builtin:
        return str(Path(builtin.name) / path.relative_to(builtin))
    return str(path)


def _add_sources(kb: KB, doc: Document, validator, errors: list) -> None:
    problems = _schema_errors(validator, doc) if isinstance(doc.data, dict) else [
        doc.error((), "a sources file must be a mapping with a 'sources' key", cls=KBError)]
    if problems:
        errors.extend(problems)
        return
    for source_id, entry in doc.data["sources"].items():
        kb.sources[source_id] = entry  # overlays may override a source


def _add_vocabulary(kb: KB, doc: Document, validator, errors: list) -> None:
    """Merge a vocabulary file into ``kb.vocabulary``: an overlay adds words to the groups
    (lists are extended, mappings merged), it never removes built-in ones."""
    if not isinstance(doc.data, dict):
        errors.append(doc.error((), "a vocabulary file must be a mapping", cls=KBError))
        return
    problems = _schema_errors(validator, doc)
    if problems:
        errors.extend(problems)
        return
    kb.vocabulary = _merge_words(kb.vocabulary, doc.data)


def _merge_words(base, extra):
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge_words(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        if all(isinstance(x, str) for x in base + extra):
            return base + [x for x in extra if x not in base]
        return base + extra
    return extra


def _merge(base: dict, overlay: dict) -> dict:
    """An ``extend: true`` overlay: fields override; list fields (relations, facts, limits)
    are added to, an item with the same identity replacing the old one."""
    merged = copy.deepcopy(base)
    for key, value in overlay.items():
        if key in ("relations", "facts", "limits", "corrections", "prices") and key in merged:
            ident = _identity(key)
            kept = [old for old in merged[key] if ident(old) not in {ident(v) for v in value}]
            merged[key] = kept + list(value)
        elif key == "settings" and key in merged:
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _identity(key: str):
    if key == "relations":
        return lambda r: (r["type"], r["to"], r.get("mode"))
    if key in ("limits", "prices"):
        return lambda r: r["id"]
    if key == "corrections":
        return lambda r: r["topic"]
    return lambda r: r["text"]


def _walk_sources(data, path=()):
    """Yield (path, source id) for every ``source``/``article_source`` in a node."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("source", "article_source") and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _walk_sources(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_sources(value, path + (i,))


def _check_references(kb: KB, docs: dict[str, Document]) -> list[InputError]:
    errors = []
    for node_id, node in sorted(kb.nodes.items()):
        doc = docs[node_id]
        for path, source_id in _walk_sources(node):
            if source_id not in kb.sources:
                errors.append(doc.error(path, f"unknown source {source_id!r} (add it to "
                                              "sources.yaml)", cls=KBError))
        seen = set()
        for i, rel in enumerate(node.get("relations", [])):
            if rel["to"] not in kb.nodes:
                hint = kb.suggest(rel["to"])
                more = f"; did you mean {', '.join(hint)}?" if hint else ""
                errors.append(doc.error(("relations", i, "to"), f"relation to unknown node "
                                        f"{rel['to']!r}{more}", cls=KBError))
            ident = (rel["type"], rel["to"], rel.get("mode"))
            if ident in seen:
                errors.append(doc.error(("relations", i), f"relation {rel['type']} -> {rel['to']}"
                                        " is stated twice", cls=KBError))
            seen.add(ident)
        for name, setting in node.get("settings", {}).items():
            concept = setting.get("concept")
            if concept and concept not in kb.nodes:
                errors.append(doc.error(("settings", name, "concept"),
                                        f"unknown concept {concept!r}", cls=KBError))
        for key in ("limits", "prices"):
            ids = [item["id"] for item in node.get(key, [])]
            for i, item_id in enumerate(ids):
                if item_id in ids[:i]:
                    errors.append(doc.error((key, i, "id"), f"duplicate {key[:-1]} id {item_id!r}",
                                            cls=KBError))
    return errors


def _build_index(kb: KB, docs: dict[str, Document]) -> list[InputError]:
    """Fill ``kb.index`` (normalized id, name, alias, CloudFormation type -> id); an alias that
    names two nodes is an error."""
    errors = []
    owners: dict[str, tuple[str, int]] = {}
    for node_id, node in kb.nodes.items():  # load order: a clash is reported on the later file
        names = [(node_id, ("id",)), (node["name"], ("name",))]
        names += [(a, ("aliases", i)) for i, a in enumerate(node.get("aliases", []))]
        names += [(t, ("cfn_types", i)) for i, t in enumerate(node.get("cfn_types", []))]
        for name, path in names:
            key = normalize(name)
            owner = owners.get(key)
            if owner and owner[0] != node_id:
                errors.append(docs[node_id].error(path, f"name {name!r} also names "
                                                  f"{owner[0]!r} ({kb.files[owner[0]]})",
                                                  cls=KBError))
                continue
            owners[key] = (node_id, 0)
            kb.index[key] = node_id
    for node_id, node in sorted(kb.nodes.items()):
        for setting in node.get("settings", {}):
            sid = setting_node_id(node_id, setting)
            if sid in kb.nodes:
                errors.append(docs[node_id].error(("settings", setting), f"setting node id "
                                                  f"{sid!r} clashes with a KB node", cls=KBError))
    return errors
