"""How-to, trade-offs and alternatives, with the question's qualifiers kept: "how do I avoid
cold starts", "trade-offs of lambda in a vpc", "cold starts for java".

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> "SnapStart" in howto(kb, parse(kb, "cold starts for java"))["answer"]
True
"""
from __future__ import annotations

from ...graph import queries
from ...kb.model import KB, normalize
from ..entities import Parsed
from ..normalize import stem, words
from .base import Builder, join_names
from .search import MIN_COVERAGE, Passage, coverage, passages


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text)}


def problem_tradeoffs(kb: KB, p: Parsed) -> list[str]:
    """Trade-off nodes a question is about: named ones, or those whose name contains a named
    concept's name ("cold starts" -> "Cold-start latency")."""
    found = [n for n in p.node_ids if kb.nodes[n]["kind"] == "tradeoff"]
    for n in p.node_ids:
        if kb.nodes[n]["kind"] != "concept":
            continue
        keys = {normalize(x) for x in [kb.nodes[n]["name"], *kb.nodes[n].get("aliases", [])]}
        for t in kb.by_kind("tradeoff"):
            name = normalize(kb.nodes[t]["name"])
            if t not in found and any(k and len(k) > 4 and k in name for k in keys):
                found.append(t)
    return found


def qualifiers(kb: KB, p: Parsed, subject: str | None) -> set[str]:
    """Stems that narrow the question ("vpc", "java"): content words plus named nodes other
    than the subject."""
    from ..lexicon import lexicon

    out = set(p.content)
    for m in p.mentions:
        if m.id != subject:
            out |= _stems(m.text) | _stems(kb.nodes[m.id]["name"])
    out -= {stem(w) for w in lexicon(kb).stopwords}
    return out - {"trade", "off", "pro", "con", "downside", "avoid", "reduce", "prevent", "handle"}


def howto(kb: KB, p: Parsed) -> dict | None:
    problems = problem_tradeoffs(kb, p)
    if not problems:  # "how to lower the cost of steady traffic": the trade-off best described
        for item in passages(kb, p, limit=3):
            if kb.nodes[item.nodes[0]]["kind"] == "tradeoff" and \
                    coverage(kb, p, item.stems) >= MIN_COVERAGE:
                problems = [item.nodes[0]]
                break
    b = Builder(kb, "howto")
    subject = problems[0] if problems else None
    quals = qualifiers(kb, p, None) - _stems(kb.nodes[subject]["name"]) if subject else set()
    names = []
    for t in problems:
        mitigations = list(kb.relations(dst=t, type="mitigates"))
        # mitigations that mention a qualifier ("java") first
        mitigations.sort(key=lambda e: (-len(quals & _stems((e[2].get("note") or "") + " " +
                                                              kb.nodes[e[0]]["summary"])),
                                        kb.name(e[0]).lower()))
        for m, _, d in mitigations:
            names.append(kb.name(m))
            b.point(f"{kb.name(m)}: {d.get('note') or kb.nodes[m]['summary']}", d.get("source"), owner=m)
            b.result(m, relation="mitigates", problem=kb.name(t))
        node = kb.nodes[t]
        b.point(f"{node['name']}: {node['summary']}", node["source"], owner=t)
    extra = passages(kb, p, limit=5)
    if not problems and not p.node_ids and extra and coverage(kb, p, extra[0].stems) < MIN_COVERAGE:
        return None
    for item in extra:
        b.point(item.text, item.source, owner=item.nodes[0])
    if names:
        line = f"{join_names(names[:4], 'or')} reduce{'s' if len(names) == 1 else ''} " \
               f"{kb.nodes[problems[0]]['name'].lower()}."
    elif extra:
        line = extra[0].text
        b.points = [x for x in b.points if x["text"] != line] or b.points
        for item in extra[:1]:
            b.cite(item.source)
        if not b.results:
            for n in dict.fromkeys(x for item in extra[:2] for x in item.nodes):
                b.result(n)
    else:
        return None
    return b.done(line)


def tradeoffs(kb: KB, p: Parsed) -> dict | None:
    if not p.node_ids:
        return None
    subject = p.node_ids[0]
    data = queries.tradeoffs(kb, subject)
    quals = qualifiers(kb, p, subject)
    b = Builder(kb, "tradeoffs")
    specific = []
    if quals:  # passages on the qualifier, about the subject or what the qualifier names
        near = {subject}
        for other in p.node_ids[1:]:
            near |= {other} | {v for _, v, _ in kb.relations(src=other)} | \
                {u for u, _, _ in kb.relations(dst=other)}
        found = [x for x in passages(kb, p, limit=12, about=near, must=quals) if near & set(x.nodes)]
        found.sort(key=lambda x: x.nodes[0] != subject)  # the subject's own words first
        # the subject's profile traits (what `recommend` weighs) on the qualifier lead
        for key, trait in sorted((kb.nodes[subject].get("profile") or {}).items()):
            if isinstance(trait, dict) and trait.get("note") and trait.get("source") and \
                    quals & _stems(key.replace("_", " ") + " " + trait["note"]):
                found.insert(0, Passage(trait["note"], trait["source"], (subject,), frozenset()))
        for item in found[:6]:
            specific.append(item)
            b.point(item.text, item.source, owner=item.nodes[0])
    def mentions(t: dict) -> int:
        node = kb.nodes[t["id"]]
        text = " ".join([t["summary"], node.get("description", ""),
                         *(f["text"] for f in node.get("facts", []))])
        return len(quals & _stems(text))

    # with a qualifier, the trade-offs that speak of it; the generic list only without one
    shown = [t for t in data["results"] if mentions(t)] if specific else data["results"]
    for t in sorted(shown, key=lambda t: -mentions(t)):
        mit = join_names([m["name"] for m in t["mitigated_by"]], "or")
        b.point(f"{t['name']} ({t['polarity']}): {t['summary']}" + (f" Mitigated by {mit}." if mit else ""),
                *[s["id"] for s in t["sources"]], owner=t["id"])
        for fact in kb.nodes[t["id"]].get("facts", []):
            if specific and quals & _stems(fact["text"]):
                b.point(fact["text"], fact["source"], owner=t["id"])
    if not data["results"] and not specific:
        return None
    name = kb.name(subject)
    if specific:
        line = f"{name} ({_phrase(p, quals)}): {specific[0].text}"
    else:
        costs = [t["name"] for t in data["results"] if t["polarity"] == "cost"]
        gains = [t["name"] for t in data["results"] if t["polarity"] == "benefit"]
        line = f"{name}: benefits {join_names(gains) or 'none recorded'}; costs {join_names(costs) or 'none recorded'}."
    out = b.done(line, node=data["node"])
    out["results"] = shown
    return out


def alternatives(kb: KB, p: Parsed) -> dict | None:
    if not p.node_ids:
        return None
    data = queries.alternatives(kb, p.node_ids[0])
    if not data["results"]:
        return None
    b = Builder(kb, "alternatives")
    for r in data["results"]:
        b.point(f"{r['name']}: {r.get('note') or kb.nodes[r['id']]['summary']}",
                *[s["id"] for s in r["sources"]])
    line = f"Alternatives to {kb.name(p.node_ids[0])}: {join_names([r['name'] for r in data['results']])}."
    out = b.done(line, node=data["node"])
    out["results"] = data["results"]
    return out


def _phrase(p: Parsed, quals: set[str]) -> str:
    """The words of the question that carry the qualifier, with their preposition: "in a vpc"."""
    at = [i for i, w in enumerate(p.tokens) if stem(w) in quals]
    if not at:
        return "in this context"
    start = at[0]
    while start > 0 and p.tokens[start - 1] in {"in", "a", "an", "the", "with", "for", "on", "inside"}:
        start -= 1
    return " ".join(p.tokens[start:at[-1] + 1])
