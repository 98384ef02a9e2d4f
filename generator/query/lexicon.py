"""The question vocabulary (``kb/vocabulary.yaml``) and the KB's own names, as phrase tables.

A :class:`Lexicon` is built once per KB (memoized by object identity): phrases are tuples of
words, looked up by their first word, so matching a question is a scan of its words.

>>> from generator.kb import load_kb
>>> lex = lexicon(load_kb())
>>> lex.bound_of(("maximum",)), lex.attribute_groups(("how", "long"))
('max', ['duration'])
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.model import KB
from .normalize import by_first_letter, stem, words

Phrase = tuple[str, ...]


@dataclass
class PhraseTable:
    """Phrase -> labels; ``find`` returns the longest phrases present, left to right."""

    by_first: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)

    def add(self, phrase: str | Phrase, label: str) -> None:
        key = tuple(words(phrase)) if isinstance(phrase, str) else phrase
        if key:
            self.by_first.setdefault(key[0], []).append((key, label))

    def find(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, label) for every phrase in ``tokens`` (longest first at a position)."""
        hits = []
        for i, token in enumerate(tokens):
            for phrase, label in sorted(self.by_first.get(token, ()), key=lambda p: -len(p[0])):
                if tuple(tokens[i:i + len(phrase)]) == phrase:
                    hits.append((i, i + len(phrase), label))
        return hits

    def labels(self, tokens: list[str]) -> set[str]:
        return {label for _, _, label in self.find(tokens)}


@dataclass
class Lexicon:
    vocabulary: dict
    attributes: PhraseTable
    bounds: PhraseTable
    modes: PhraseTable
    verbs: PhraseTable
    cues: PhraseTable
    kinds: PhraseTable
    traffic: PhraseTable
    flags: PhraseTable
    terms: PhraseTable  # the `terms` of limits and settings -> "node/limit-or-setting"
    stopwords: frozenset
    synonyms: dict
    related: dict
    known: frozenset  # every word a question may use without being a typo (and their stems)
    pools: dict  # the known words typos are corrected to, by first letter

    def attribute_groups(self, phrase: Phrase) -> list[str]:
        return sorted(self.attributes.labels(list(phrase)))

    def bound_of(self, phrase: Phrase) -> str | None:
        found = self.bounds.labels(list(phrase))
        return min(found) if found else None

    def attribute_stems(self, group: str) -> set[str]:
        """The stems of an attribute group's one-word phrases (matched against limit text;
        the words of longer phrases such as "time limit" are too loose alone)."""
        return {stem(p) for p in self.vocabulary.get("attributes", {}).get(group, ())
                if " " not in p and p not in self.stopwords}

    def widen(self, stems: set[str]) -> set[str]:
        """``stems`` plus the stems of their related words (vocabulary ``related``)."""
        out = set(stems)
        for s in stems:
            for w in self.related.get(s, ()):
                out.update(stem(x) for x in words(w))
        return out


def lexicon(kb: KB) -> Lexicon:
    """The lexicon of ``kb`` (built once per KB version, see :mod:`.cache`)."""
    from .cache import derived

    return derived(kb, "lexicon", _build)


def _table(groups: dict) -> PhraseTable:
    table = PhraseTable()
    for label, phrases in groups.items():
        for p in phrases:
            table.add(p, label)
    return table


def _build(kb: KB) -> Lexicon:
    v = kb.vocabulary
    verbs = PhraseTable()
    for i, verb in enumerate(v.get("verbs", [])):
        for p in verb["words"]:
            verbs.add(p, str(i))
    related: dict[str, list[str]] = {}
    for key, values in v.get("related", {}).items():
        related.setdefault(stem(key), []).extend(values)
    synonyms = {k: v for k, v in v.get("synonyms", {}).items()}
    known = set()
    for section in ("attributes", "bounds", "modes", "cues", "kinds", "related"):
        for phrases in v.get(section, {}).values():
            for p in phrases:
                known.update(words(p))
    for verb in v.get("verbs", []):
        for p in verb["words"]:
            known.update(words(p))
    for group in v.get("workload", {}).values():
        for phrases in group.values():
            for p in phrases:
                known.update(words(p))
    known.update(v.get("stopwords", []))
    terms = PhraseTable()
    for node_id, node in sorted(kb.nodes.items()):
        for item in node.get("limits", []):
            for t in item.get("terms", []):
                terms.add(t, f"{node_id}/{item['id']}")
        for key, setting in node.get("settings", {}).items():
            for t in setting.get("terms", []):
                terms.add(t, f"{node_id}/{key}")
    known.update(synonyms)
    for node_id, node in kb.nodes.items():
        for name in [node_id.replace("-", " "), node["name"], *node.get("aliases", [])]:
            known.update(words(name))
        for item in [*node.get("limits", []), *node.get("settings", {}).values()]:
            known.update(words(item.get("name", "") + " " + " ".join(item.get("terms", []))))
        # the KB's own prose: a word it uses ("integrate") is not a typo of another
        texts = [node["summary"], node.get("description", ""),
                 *(f["text"] for f in node.get("facts", [])),
                 *(r.get("note", "") for r in node.get("relations", []))]
        known.update(w for t in texts for w in words(t) if w.isalpha())
    pools = by_first_letter(known)
    known |= {stem(w) for w in known}  # "integrate" is known when "integrates" is
    return Lexicon(
        vocabulary=v, attributes=_table(v.get("attributes", {})), bounds=_table(v.get("bounds", {})),
        modes=_table(v.get("modes", {})), verbs=verbs, cues=_table(v.get("cues", {})),
        kinds=_table(v.get("kinds", {})), traffic=_table(v.get("workload", {}).get("traffic", {})),
        flags=_table(v.get("workload", {}).get("flags", {})), terms=terms,
        stopwords=frozenset(v.get("stopwords", [])), synonyms=synonyms, related=related,
        known=frozenset(known), pools=pools)
