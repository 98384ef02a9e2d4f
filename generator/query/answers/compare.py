"""Comparisons in context: "lambda or fargate for a 20 minute job" runs the recommend machinery
with the workload the question describes; other pairs are compared on the trade-offs that
match the question's context ("dynamodb or aurora serverless for spiky traffic").

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> compare(kb, parse(kb, "lambda or fargate for a 20 minute job"))["answer"].split(";")[0]
'Fargate (ECS or EKS)'
"""
from __future__ import annotations

from ...graph import queries
from ...kb.model import KB
from ..entities import Parsed
from ..normalize import stem, words
from .base import Builder, join_names


def pair(kb: KB, p: Parsed) -> list[str]:
    """The two things compared; in "reserved vs provisioned concurrency" the first borrows the
    last word of the second."""
    ids = [n for n in p.node_ids if kb.nodes[n]["kind"] != "tradeoff"]
    if len(ids) >= 2:
        return ids[:2]
    if len(ids) == 1:
        m = next(m for m in p.mentions if m.id == ids[0])
        if m.start >= 2 and p.tokens[m.start - 1] in {"and", "or", "vs", "versus"}:
            tail = p.tokens[m.end - 1]
            for size in (2, 1):
                words_ = p.tokens[max(0, m.start - 1 - size):m.start - 1]
                other = kb.index.get("".join(words_ + [tail]))
                if other and other != ids[0] and len(words_) == size:
                    return [other, ids[0]]
    return []


def compare(kb: KB, p: Parsed) -> dict | None:
    ids = pair(kb, p)
    if len(ids) < 2:
        return None
    from ...graph.recommend import options, recommend
    from ...graph.workload import from_values

    opts = options(kb)
    if set(ids) <= {o.id for o in opts}:
        return _ranked(kb, p, ids, recommend, from_values, _language(p, opts))
    return _side_by_side(kb, p, ids)


def _command(values: dict) -> str:
    from ...graph.workload import format_duration

    flags = []
    for key, value in sorted(values.items()):
        flag = "--" + key.replace("_", "-")
        if key == "duration":
            flags.append(f"{flag} {format_duration(value)}")
        elif value is True:
            flags.append(flag)
        else:
            flags.append(f"{flag} {value}")
    return "archkb recommend " + " ".join(flags) if flags else "archkb recommend --help"


_RULES = {"latency_sensitive": "latency", "needs_vpc": "vpc", "scale_to_zero": "scale-to-zero"}
"""Workload field -> the recommend rule that weighs it (the same name when not listed)."""


def _language(p: Parsed, opts) -> str | None:
    """A programming language the question names ("a rust job"), from the languages the
    compute options' profiles list (names and aliases)."""
    said = set(p.tokens)
    for opt in opts:
        trait = opt.trait("languages")
        raw = trait.raw if trait else {}
        for group in ("managed", "os_only"):
            for name, aliases in sorted((raw.get(group) or {}).items()):
                if said & {name, *aliases}:
                    return name
    return None


def _ranked(kb: KB, p: Parsed, ids: list[str], recommend, from_values,
            language: str | None) -> dict:
    values = dict(p.workload, **({"language": language} if language else {}))
    data = recommend(kb, from_values(values))
    ranked = [r for r in data["recommendations"] if r["id"] in ids]
    asked = {_RULES.get(k, k) for k in values}
    for r in ranked:  # the reasons about what the question said come first
        r["reasons"].sort(key=lambda x: x["rule"] not in asked)
    b = Builder(kb, "compare")
    for r in ranked:
        for reason in r["reasons"][:4]:
            b.point(f"{r['name']} ({r['verdict']}): {reason['text']}", reason["source"])
        b.results.append({k: r[k] for k in ("id", "name", "verdict", "score")} |
                         {"sources": [data["sources"][x["source"]] for x in r["reasons"]
                                      if x["source"] in data["sources"]][:3]})
    best, other = ranked[0], ranked[1]
    why = best["reasons"][0]["text"] if best["reasons"] else ""
    blocker = next((x["text"] for x in other["reasons"] if x["effect"] == "blocker"), None)
    if not values:
        line = (f"It depends on the workload; with nothing said about it, {best['name']} ranks "
                f"first ({best['verdict']}), {other['name']} second ({other['verdict']}).")
    elif blocker:
        line = f"{best['name']}; {other['name']} is ruled out: {blocker[0].lower()}{blocker[1:]}"
    else:
        line = f"{best['name']} ({best['verdict']}, score {best['score']}) over {other['name']} " \
               f"({other['verdict']}, score {other['score']}): {why}"
    for r in b.results:
        r["tradeoffs"] = queries.tradeoffs(kb, r["id"])["results"]
    command = _command(values)
    return b.done(line, workload=data["workload"], hint=f"for the full ranking, run: {command}",
                  command=command, relations=queries.compare(kb, *ids)["relations"])


def _side_by_side(kb: KB, p: Parsed, ids: list[str]) -> dict:
    data = queries.compare(kb, ids[0], ids[1])
    context = set(p.content) | {stem(w) for n in p.node_ids if kb.nodes[n]["kind"] == "tradeoff"
                                for w in words(kb.nodes[n]["name"])}
    context -= {stem(w) for x in ids for w in words(kb.nodes[x]["name"])}
    b = Builder(kb, "compare")
    fits: dict[str, list[str]] = {}
    for link in data["relations"]:
        b.point(f"{kb.name(link['from'])} and {link['name']}: {link.get('note') or 'alternatives'}",
                *[s["id"] for s in link["sources"]])
    for r in data["results"]:
        node = kb.nodes[r["id"]]
        b.point(f"{r['name']}: {r['summary']}", node["source"])
        for t in r["tradeoffs"]:
            words_of = {stem(w) for w in words(t["name"] + " " + " ".join(
                kb.nodes[t["id"]].get("aliases", [])))}
            if context & words_of:
                fits.setdefault(r["id"], []).append(t["name"])
                b.point(f"{r['name']}, {t['name'].lower()} ({t['polarity']}): "
                        f"{t.get('note') or t['summary']}", *[s["id"] for s in t["sources"]])
        db = node.get("database")
        if db:
            b.point(f"{r['name']}: {db['model']}; scales to zero: {'yes' if db['scales_to_zero'] else 'no'}"
                    + (f"; {db['scaling']}" if db.get("scaling") else ""), db["source"])
        b.result(r["id"], kind=r["kind"], summary=r["summary"])
    names = [kb.name(x) for x in ids]
    if fits and context:
        both = [kb.name(x) for x in ids if x in fits]
        topic = join_names(sorted({t for v in fits.values() for t in v})).lower()
        line = (f"Both fit ({topic}); the difference is in the details below." if len(both) == 2
                else f"{both[0]} ({topic}).")
    else:
        line = f"{names[0]}: {kb.nodes[ids[0]]['summary']} {names[1]}: {kb.nodes[ids[1]]['summary']}"
    return b.done(line, relations=data["relations"],
                  hint="for a ranked choice of compute for your workload, run: archkb recommend --help")
