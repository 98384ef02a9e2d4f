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
from .search import MIN_COVERAGE, coverage, passages


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
    if quals:  # the qualifier's own passages about the subject first
        for item in passages(kb, p, limit=5, about={subject}, must=quals):
            specific.append(item)
            b.point(item.text, item.source, owner=item.nodes[0])
    ranked = sorted(data["results"], key=lambda t: -len(quals & _stems(
        t["summary"] + " " + " ".join(f["text"] for f in kb.nodes[t["id"]].get("facts", [])))))
    for t in ranked:
        mit = join_names([m["name"] for m in t["mitigated_by"]], "or")
        b.point(f"{t['name']} ({t['polarity']}): {t['summary']}" + (f" Mitigated by {mit}." if mit else ""),
                *[s["id"] for s in t["sources"]], owner=t["id"])
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
    out["results"] = data["results"]
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
