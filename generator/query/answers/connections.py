"""Connections: "can sqs trigger step functions" (yes/no, then how or what works instead),
"what triggers lambda", "how many services can trigger lambda", "how does S3 reach DynamoDB".

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> yes_no(kb, parse(kb, "can kinesis trigger lambda"))["answer"].split(",")[0]
'Yes'
"""
from __future__ import annotations

from ...graph import queries
from ...kb.model import KB
from ..entities import Parsed
from .base import Builder, join_names

MODE_WORDS = {"sync": "synchronously", "async": "asynchronously", "poll": "by polling"}


def how(d: dict) -> str:
    """``by polling (event source mapping)``, ``asynchronously (subscription)``."""
    via = (d.get("via") or "").replace("-", " ")
    mode = MODE_WORDS.get(d.get("mode"), d["type"].replace("_", " "))
    return f"{mode} ({via})" if via else mode


def direction(p: Parsed) -> tuple[str, str, str | None, tuple] | None:
    """(source, target, mode) of the connection asked about, from the verb between two names
    ("sqs trigger step functions") or a name and "itself"."""
    ids = p.node_ids
    verb = p.verbs[0] if p.verbs else None
    if verb is None:
        return None
    if len(ids) == 1 and p.has("self"):
        ids = ids * 2
    if len(ids) < 2:
        return None
    a, b = ids[0], ids[1]
    spec = verb[2]
    if spec["direction"] == "reverse":
        a, b = b, a
    return a, b, spec.get("mode"), tuple(spec.get("types", queries.INVOKE_TYPES))


def _edges(kb: KB, a: str, b: str, types=queries.INVOKE_TYPES) -> list[dict]:
    return [d for _, _, d in kb.relations(src=a, dst=b) if d["type"] in types]


def yes_no(kb: KB, p: Parsed) -> dict | None:
    found = direction(p)
    if found is None:
        return None
    a, b, verb_mode, types = found
    modes = [m for m in p.modes if m in MODE_WORDS] or ([verb_mode] if verb_mode else [])
    b_ = Builder(kb, "connection")
    edges = _edges(kb, a, b, types)
    invoking = set(types) <= set(queries.INVOKE_TYPES)
    if not invoking:
        return _data_answer(kb, b_, a, b, edges)
    names = (kb.name(a), kb.name(b) if b != a else "itself")
    for d in edges:
        b_.point(f"{kb.name(a)} -> {kb.name(b)}: {how(d)}." + (f" {d['note']}" if d.get("note") else ""),
                 d.get("source"))
    matching = [d for d in edges if not modes or d.get("mode") in modes]
    if matching:
        ways = join_names(sorted({how(d) for d in matching}), "or")
        line = f"Yes, {names[0]} can invoke {names[1]} {ways}."
    elif edges:
        asked = join_names([MODE_WORDS[m] for m in modes], "or")
        line = (f"No, not {asked}: {names[0]} invokes {names[1]} "
                f"{join_names(sorted({how(d) for d in edges}), 'or')}.")
    else:
        line = f"No, {names[0]} cannot invoke {names[1]} directly."
        bridges = _bridges(kb, a, b)
        if bridges:
            line += " " + join_names([kb.name(x) for x, _, _ in bridges], "or") + " in between can."
        for x, d1, d2 in bridges:
            b_.point(f"{kb.name(a)} -> {kb.name(x)} {how(d1)}, then {kb.name(x)} -> "
                     f"{kb.name(b)} {how(d2)}.", d1.get("source"), d2.get("source"))
    if a == b:
        _self_notes(kb, b_, a)
    b_.result(a)
    if b != a:
        b_.result(b)
    return b_.done(line)


_DATA_VERBS = {"writes": "writes to", "reads": "reads from", "publishes": "publishes to"}


def _data_answer(kb: KB, b: Builder, a: str, z: str, edges: list[dict]) -> dict:
    """"can lambda write to dynamodb": the data relations (writes, reads, accesses, publishes)."""
    b.result(a)
    b.result(z)
    if not edges:
        return b.done(f"No, the KB records no direct access from {kb.name(a)} to {kb.name(z)}.")
    kinds = join_names(sorted({_DATA_VERBS.get(d["type"], d["type"]) for d in edges}), "and")
    for d in edges:
        b.point(f"{kb.name(a)} {_DATA_VERBS.get(d['type'], d['type'])} {kb.name(z)}." + (f" {d['note']}" if d.get("note") else ""),
                d.get("source"))
    return b.done(f"Yes, {kb.name(a)} {kinds} {kb.name(z)}.")


def _bridges(kb: KB, a: str, b: str) -> list[tuple[str, dict, dict]]:
    """Nodes x with a -> x -> b invocations (first edge of each pair, by mode order)."""
    out = []
    for _, x, d1 in kb.relations(src=a):
        if d1["type"] not in queries.INVOKE_TYPES or x in (a, b):
            continue
        second = _edges(kb, x, b)
        if second and all(x != y for y, _, _ in out):
            out.append((x, d1, second[0]))
    return sorted(out, key=lambda t: kb.name(t[0]).lower())


def _self_notes(kb: KB, b: Builder, node_id: str) -> None:
    """For "can X call itself": the safeguards the KB records about loops (concepts that are
    part of X and whose names mention recursion or loops, with their limits)."""
    from ..lexicon import lexicon
    from ..normalize import stem, words

    loop_words = lexicon(kb).widen({"itself"})
    for u, _, _ in kb.relations(dst=node_id, type="part_of"):
        node = kb.nodes.get(u)
        if not node or not loop_words & {stem(w) for w in words(node["name"])}:
            continue
        b.point(f"{node['name']}: {node['summary']}", node["source"])
        for item in node.get("limits", []):
            b.fact(u, item)
        for fact in node.get("facts", [])[:3]:
            b.point(fact["text"], fact["source"], owner=u)


def edges(kb: KB, p: Parsed) -> dict | None:
    """"what triggers lambda", "which services can lambda poll", "how many ... trigger X"."""
    if not p.node_ids or not p.verbs:
        return None
    node = p.node_ids[0]
    verb_at, _, spec = p.verbs[0]
    node_at = next(m.start for m in p.mentions if m.id == node)
    # "what triggers X" (name after a forward verb) asks for sources; "what can X trigger" for
    # targets; a reverse verb ("X polls") swaps them.
    incoming = (node_at > verb_at) == (spec["direction"] == "forward")
    modes = [m for m in p.modes if m in MODE_WORDS] or ([spec["mode"]] if spec.get("mode") else [])
    data = (queries.triggers if incoming else queries.targets)(kb, node, modes)
    kinds = p.kinds - {"service"}  # "which databases can trigger lambda"
    if kinds:
        data["results"] = [r for r in data["results"] if kb.nodes[r["id"]]["kind"] in kinds]
    b = Builder(kb, "triggers" if incoming else "targets")
    for r in data["results"]:
        other = r["name"]
        text = f"{other} -> {kb.name(node)}" if incoming else f"{kb.name(node)} -> {other}"
        b.point(f"{text}: {how({'type': r['relation'], **r})}.", *[s["id"] for s in r["sources"]])
    count = len({r["id"] for r in data["results"]})
    mode_text = f" {join_names([MODE_WORDS[m] for m in modes], 'or')}" if modes else ""
    what = "databases" if kinds == {"database"} else "services"
    if incoming:
        line = f"{count} {what} can invoke {kb.name(node)}{mode_text}"
    else:
        line = f"{kb.name(node)} can invoke or deliver to {count} {what}{mode_text}"
    if p.has("count") or not data["results"]:
        line += "."
    else:
        line += ": " + join_names(sorted({r["name"] for r in data["results"]})) + "."
    out = b.done(line, node=data["node"], modes=data["modes"])
    out["results"] = data["results"]
    return out


def path(kb: KB, p: Parsed) -> dict | None:
    if len(p.node_ids) < 2:
        return None
    data = queries.path(kb, p.node_ids[0], p.node_ids[1])
    b = Builder(kb, "path")
    for r in data["results"]:
        steps = "; ".join(f"{kb.name(s['from'])} -> {kb.name(s['to'])} "
                          f"{s['relation'].replace('_', ' ')}"
                          + (f" {MODE_WORDS.get(s['mode'], '')}" if s["mode"] else "")
                          for s in r["steps"])
        b.point(f"{r['name']}: {steps}.", *[s["id"] for s in r["sources"]])
    a, z = data["from"]["name"], data["to"]["name"]
    if not data["results"]:
        return None
    first = data["results"][0]
    line = f"{a} reaches {z} in {first['hops']} step{'s' if first['hops'] > 1 else ''}: {first['name']}."
    out = b.done(line, **{"from": data["from"], "to": data["to"]})
    out["results"] = data["results"]
    return out
