"""Offline site search: a lunr index of the KB and spec pages, written at build time by
lunr.py in the format lunr.js reads (as MkDocs' own search does), and the vendored lunr.js
with a small script (``assets/search.js``) that searches it in the browser. No server: the
index is a script file (``assets/search-index.js``), so it loads from disk too.

>>> docs = [{"url": "kb/sqs.html", "title": "Amazon SQS", "kind": "service", "text": "queue"}]
>>> js = search_index_js(docs)
>>> js.startswith("window.ARCHKB_SEARCH = {") and '"kb/sqs.html":["Amazon SQS","service"]' in js
True
"""
from __future__ import annotations

import json

INDEX_FILE = "assets/search-index.js"
"""Where the index goes; every page loads it (:data:`generator.docs.layout.SCRIPTS`)."""


def search_documents(kb, entries) -> list[dict]:
    """What can be found: every KB node (name, id, aliases, summary) and every spec that loads
    (name, file, component labels and services)."""
    docs = []
    for node_id in sorted(kb.nodes):
        node = kb.nodes[node_id]
        words = [node_id, *node.get("aliases", []), node.get("category") or "", node["summary"]]
        docs.append({"url": f"kb/{node_id}.html", "title": node["name"], "kind": node["kind"],
                     "text": " ".join(words)})
    for slug, result in entries:
        if not result.get("ok"):
            continue
        parts = [slug] + [f"{c.get('label', '')} {c.get('service', '')}"
                          for c in result.get("components", [])]
        docs.append({"url": f"specs/{slug}.html", "title": result["name"], "kind": "spec",
                     "text": " ".join(parts)})
    return docs


def search_index_js(docs: list[dict]) -> str:
    """The index and the titles as one script: ``window.ARCHKB_SEARCH = {index, docs}``."""
    from lunr import lunr

    index = lunr(ref="url", fields=[{"field_name": "title", "boost": 10}, "text"],
                 documents=docs)
    data = {"index": index.serialize(),
            "docs": {d["url"]: [d["title"], d["kind"]] for d in docs}}
    return "window.ARCHKB_SEARCH = " + json.dumps(data, sort_keys=True,
                                                   separators=(",", ":")) + ";\n"
