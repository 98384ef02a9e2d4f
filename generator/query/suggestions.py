"""Never a dead end: when a question cannot be answered, the closest things the KB knows, as
commands the user can run.

>>> from generator.kb import load_kb
>>> from generator.query.entities import parse
>>> kb = load_kb()
>>> suggest(kb, parse(kb, "sing me a song about lambda"))[0]
'archkb explain lambda'
"""
from __future__ import annotations

import difflib
import shlex

from ..kb.model import KB, normalize
from .entities import Parsed
from .normalize import stem, words

EXAMPLES = [
    "max lambda timeout",
    "can sqs trigger step functions",
    "how do I avoid cold starts",
    "lambda or fargate for a 20 minute job",
    "trade-offs of lambda in a vpc",
    "what is an event source mapping",
    "which services can lambda poll",
    "what is out of date in the article",
]
"""Phrasings of each family, offered when nothing in the question is recognised."""


def _close(kb: KB, word: str, node_id: str) -> bool:
    """A near miss of the node's id, name or an alias (a typo), not a chance resemblance."""
    names = [node_id, kb.nodes[node_id]["name"], *kb.nodes[node_id].get("aliases", [])]
    return any(difflib.SequenceMatcher(None, word, normalize(n)).ratio() >= 0.8 for n in names)


def _query(text: str) -> str:
    return f"archkb query {shlex.quote(text)}"


def suggest(kb: KB, p: Parsed, n: int = 6) -> list[str]:
    """Runnable commands, closest first: the named nodes, close names for unknown words,
    limits sharing a word with the question, then example phrasings."""
    out: list[str] = []
    nodes = list(p.node_ids)
    from .lexicon import lexicon

    known = lexicon(kb).known
    for word in p.tokens:
        if len(word) >= 5 and word not in kb.index and word not in known:
            nodes += [x for x in kb.suggest(word) if x not in nodes and _close(kb, word, x)]
    for node_id in nodes[:2]:
        out.append(f"archkb explain {node_id}")
        name = kb.name(node_id)
        if kb.nodes[node_id].get("limits"):
            item = kb.nodes[node_id]["limits"][0]
            out.append(_query(f"{item['name'].lower()} of {name}"))
        if kb.nodes[node_id]["kind"] in ("service", "database"):
            out.append(_query(f"what triggers {name}"))
    asked = set(p.content)
    if asked:
        for node_id, node in sorted(kb.nodes.items()):
            for item in node.get("limits", []):
                if asked & {stem(w) for w in words(item["name"])} and len(out) < n:
                    out.append(_query(f"{item['name'].lower()} of {node['name']}"))
    out += [_query(x) for x in EXAMPLES]
    return list(dict.fromkeys(out))[:max(n, 3)]
