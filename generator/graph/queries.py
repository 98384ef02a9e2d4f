"""Questions the graph answers: triggers, targets, paths, trade-offs, alternatives, explain.

Every function returns the JSON shape of DESIGN.md: ``{"query": str, "results": [...]}``,
each result with ``id``, ``name`` and ``sources``.

>>> from generator.kb import load_kb
>>> kb = load_kb()
>>> [r["mode"] for r in triggers(kb, "lambda")["results"] if r["id"] == "sqs"]
['poll']
"""
from __future__ import annotations

from ..errors import InputError
from ..kb.model import KB

MODES = ("sync", "async", "poll")
INVOKE_TYPES = ("triggers", "orchestrates", "calls")
"""Edge types that mean "X makes Y run"."""
FLOW_TYPES = INVOKE_TYPES + ("publishes", "writes", "reads", "accesses", "runs_on")
"""Edge types a path may follow."""
_MODE_ORDER = {m: i for i, m in enumerate(MODES)}



def sources_of(kb: KB, *ids: str | None) -> list[dict]:
    """Source records for ids (duplicates and Nones dropped, order kept)."""
    out, seen = [], set()
    for sid in ids:
        if sid and sid not in seen:
            seen.add(sid)
            src = kb.source(sid)
            out.append({k: src[k] for k in ("id", "title", "url", "section", "kind", "as_of")
                        if k in src})
    return out


def _edge_result(kb: KB, other: str, data: dict) -> dict:
    result = {"id": other, "name": kb.name(other), "relation": data["type"],
              "mode": data.get("mode"), "via": data.get("via")}
    if data.get("note"):
        result["note"] = data["note"]
    if data.get("as_of"):
        result["as_of"] = data["as_of"]
    if data.get("when_target"):
        result["when_target"] = data["when_target"]
    result["sources"] = sources_of(kb, data.get("source"))
    return result


def _sort_edges(results: list[dict]) -> list[dict]:
    return sorted(results, key=lambda r: (_MODE_ORDER.get(r["mode"], 9), r["name"].lower(),
                                          r["relation"], r["via"] or ""))


def _check_modes(modes) -> tuple:
    modes = tuple(modes or ())
    for m in modes:
        if m not in MODES:
            raise InputError(f"unknown mode {m!r}; choose from {', '.join(MODES)}")
    return modes


def triggers(kb: KB, name: str, modes=(), include_ended: bool = False) -> dict:
    """What can trigger ``name`` (in-edges of invoking types), sync first, then async, poll.

    One row per (service, mode, via), carrying every source that states it; integrations that
    have ended are left out unless ``include_ended`` (then they are flagged ``status: ended``).
    Failure paths (``fails_to``: dead-letter queues, redrive) are never invocations.

    >>> from generator.kb import load_kb
    >>> kb = load_kb()
    >>> [r["id"] for r in triggers(kb, "sqs")["results"] if r["id"] == "sqs"]
    []
    >>> "iot-events" in [r["id"] for r in triggers(kb, "lambda")["results"]]
    False
    >>> [r["status"] for r in triggers(kb, "lambda", include_ended=True)["results"]
    ...  if r["id"] == "iot-events"]
    ['ended']
    """
    return _invocations(kb, name, modes, incoming=True, include_ended=include_ended)


def targets(kb: KB, name: str, modes=(), include_ended: bool = False) -> dict:
    """What ``name`` can trigger or deliver to (out-edges of invoking types); as
    :func:`triggers`, ended integrations only with ``include_ended``."""
    return _invocations(kb, name, modes, incoming=False, include_ended=include_ended)


def _invocations(kb: KB, name: str, modes, incoming: bool, include_ended: bool) -> dict:
    node_id, modes = kb.resolve(name), _check_modes(modes)
    edges = kb.relations(dst=node_id) if incoming else kb.relations(src=node_id)
    rows: dict[tuple, dict] = {}
    hidden = 0
    for u, v, d in edges:
        if d["type"] not in INVOKE_TYPES or (modes and d.get("mode") not in modes):
            continue
        status, date = kb.edge_status(u, v, d)
        if status == "ended" and not include_ended:
            hidden += 1
            continue
        other = u if incoming else v
        key = (other, d.get("mode"), d.get("via"))
        if key not in rows:
            rows[key] = _edge_result(kb, other, d)
            rows[key]["relations"] = [d["type"]]
            if status:
                rows[key].update(status=status, status_date=date)
            continue
        row = rows[key]  # the same invocation stated by another relation: merge its sources
        if d["type"] not in row["relations"]:
            row["relations"].append(d["type"])
        known = {s["id"] for s in row["sources"]}
        row["sources"] += [s for s in sources_of(kb, d.get("source")) if s["id"] not in known]
        if d.get("note") and d["note"] != row.get("note"):
            row["note"] = f"{row['note']} {d['note']}" if row.get("note") else d["note"]
    verb = "triggers" if incoming else "targets"
    return {"query": f"{verb} {node_id}", "node": _ref(kb, node_id), "modes": list(modes),
            "results": _sort_edges(list(rows.values())), "ended_hidden": hidden}


def path(kb: KB, a: str, b: str, limit: int = 5, max_hops: int = 6) -> dict:
    """How ``a`` can reach ``b``: simple paths over flow edges, shortest first.

    >>> from generator.kb import load_kb
    >>> first = path(load_kb(), "s3", "dynamodb")["results"][0]
    >>> first["path"][0], first["path"][-1]
    ('s3', 'dynamodb')
    """
    import networkx as nx

    src, dst = kb.resolve(a), kb.resolve(b)
    g = nx.DiGraph()
    g.add_nodes_from(kb.graph.nodes)
    for u, v, d in kb.graph.edges(data=True):
        if d["type"] in FLOW_TYPES and u != v:
            g.add_edge(u, v)
    results = []
    if src != dst:
        try:
            for hops in nx.shortest_simple_paths(g, src, dst):
                if len(hops) - 1 > max_hops or len(results) >= limit:
                    break
                results.append(_path_result(kb, hops))
        except nx.NetworkXNoPath:
            pass
    return {"query": f"path {src} {dst}", "from": _ref(kb, src), "to": _ref(kb, dst),
            "results": results}


def _path_result(kb: KB, hops: list[str]) -> dict:
    steps, source_ids = [], []
    for u, v in zip(hops, hops[1:]):
        edges = sorted(kb.graph.get_edge_data(u, v).values(),
                       key=lambda d: (FLOW_TYPES.index(d["type"]) if d["type"] in FLOW_TYPES
                                      else 99, _MODE_ORDER.get(d.get("mode"), 9)))
        d = next(e for e in edges if e["type"] in FLOW_TYPES)
        steps.append({"from": u, "to": v, "relation": d["type"], "mode": d.get("mode"),
                      "via": d.get("via"), "sources": sources_of(kb, d.get("source"))})
        source_ids.append(d.get("source"))
    return {"id": " -> ".join(hops), "name": " -> ".join(kb.name(h) for h in hops),
            "path": hops, "hops": len(hops) - 1, "steps": steps,
            "sources": sources_of(kb, *source_ids)}


def tradeoffs(kb: KB, name: str) -> dict:
    """The trade-offs that affect ``name``, each with what mitigates it."""
    node_id = kb.resolve(name)
    results = []
    for u, _, d in kb.relations(dst=node_id, type="affects"):
        node = kb.node(u)
        mitigations = [{"id": m, "name": kb.name(m), "note": md.get("note"),
                        "sources": sources_of(kb, md.get("source"))}
                       for m, _, md in kb.relations(dst=u, type="mitigates")]
        results.append({"id": u, "name": node["name"], "kind": node["kind"],
                        "polarity": node.get("tradeoff", {}).get("polarity"),
                        "summary": node["summary"], "note": d.get("note"),
                        "mitigated_by": sorted(mitigations, key=lambda m: m["name"].lower()),
                        "sources": sources_of(kb, d.get("source"), node.get("source"))})
    order = {"benefit": 0, "depends": 1, "cost": 2}
    results.sort(key=lambda r: (order.get(r["polarity"], 3), r["name"].lower()))
    return {"query": f"tradeoffs {node_id}", "node": _ref(kb, node_id), "results": results}


def alternatives(kb: KB, name: str) -> dict:
    """Nodes related to ``name`` by ``alternative_to``, in either direction."""
    node_id = kb.resolve(name)
    found: dict[str, dict] = {}
    for _, v, d in kb.relations(src=node_id, type="alternative_to"):
        found.setdefault(v, _edge_result(kb, v, d))
    for u, _, d in kb.relations(dst=node_id, type="alternative_to"):
        found.setdefault(u, _edge_result(kb, u, d))
    results = sorted(found.values(), key=lambda r: r["name"].lower())
    return {"query": f"alternatives {node_id}", "node": _ref(kb, node_id), "results": results}


def corrections(kb: KB) -> dict:
    """Where the seed article is out of date: the section (its heading), what it says there
    (paraphrased), what holds now, and both sources.

    >>> from generator.kb import load_kb
    >>> [r["section"] for r in corrections(load_kb())["results"] if r["topic"] == "Rust support"]
    ['Disadvantages of Serverless Architectures']
    """
    results = []
    for node_id in sorted(kb.nodes):
        for c in kb.nodes[node_id].get("corrections", []):
            results.append({"id": node_id, "name": kb.name(node_id), "topic": c["topic"],
                            "section": kb.source(c["article_source"]).get("section"),
                            "article_said": c["article_said"],
                            "article_key": c["article_key"], "now": c["now"],
                            "as_of": c["as_of"],
                            "sources": sources_of(kb, c["article_source"], c["source"])})
    return {"query": "corrections", "results": results}


def compare(kb: KB, a: str, b: str) -> dict:
    """Two options side by side: summary, limits, trade-offs, and how the KB relates them.

    >>> from generator.kb import load_kb
    >>> [r["id"] for r in compare(load_kb(), "Lambda", "Fargate")["results"]]
    ['lambda', 'fargate']
    """
    ids = [kb.resolve(a), kb.resolve(b)]
    links = []
    for u, v in (ids, ids[::-1]):
        for _, _, d in kb.relations(src=u, dst=v):
            links.append(dict(_edge_result(kb, v, d), **{"from": u}))
    results = []
    for node_id in ids:
        node = kb.node(node_id)
        results.append({"id": node_id, "name": node["name"], "kind": node["kind"],
                        "summary": node["summary"], "limits": node.get("limits", []),
                        "tradeoffs": tradeoffs(kb, node_id)["results"],
                        "sources": sources_of(kb, node.get("source"))})
    return {"query": f"compare {ids[0]} {ids[1]}", "relations": links, "results": results,
            "hint": "for a ranked choice for your workload, run: archkb recommend --help"}


def explain(kb: KB, name: str) -> dict:
    """Everything about one node: description, facts, limits, settings, relations, trade-offs,
    corrections of the article, and all the sources they cite."""
    node_id = kb.resolve(name)
    node = kb.node(node_id)
    out_rel = [dict(_edge_result(kb, v, d), direction="out")
               for _, v, d in kb.relations(src=node_id)]
    in_rel = [dict(_edge_result(kb, u, d), direction="in")
              for u, _, d in kb.relations(dst=node_id)
              if u in kb.nodes]  # not a setting's part_of edge
    cited = [node.get("source"), node.get("status_source")]
    for group in ("facts", "limits", "corrections", "prices"):
        for item in node.get(group, []):
            cited += [item.get("source"), item.get("article_source")]
    cited += [s.get("source") for s in node.get("settings", {}).values()]
    cited += [r.get("source") for r in node.get("relations", [])]
    result = {
        "id": node_id, "name": node["name"], "kind": node["kind"],
        "category": node.get("category"), "summary": node["summary"],
        "description": (node.get("description") or "").strip(),
        "aliases": node.get("aliases", []), "cfn_types": node.get("cfn_types", []),
        "tf_types": node.get("tf_types", []),
        "diagrams": node.get("diagrams"), "status": node.get("status"),
        **{k: node[k] for k in ("status_date", "status_note", "status_source") if k in node},
        "facts": node.get("facts", []), "limits": node.get("limits", []),
        "settings": node.get("settings", {}), "prices": node.get("prices", []),
        "database": node.get("database"), "tradeoff": node.get("tradeoff"),
        "corrections": node.get("corrections", []),
        "relations": _sort_edges(out_rel) + _sort_edges(in_rel),
        "tradeoffs": tradeoffs(kb, node_id)["results"],
        "file": kb.files.get(node_id),
        "sources": sources_of(kb, *cited),
    }
    return {"query": f"explain {node_id}", "results": [result]}


def _ref(kb: KB, node_id: str) -> dict:
    return {"id": node_id, "name": kb.name(node_id)}
