"""A fast, read-only KB for rendering and loading specs, without networkx.

``load_kb()`` rebuilds the networkx graph of the cached KB, and importing networkx costs
more than the rest of ``archkb render`` together. Specs only need node data, the name index
and relations, so this view keeps those as plain lists, cached next to the KB cache and keyed
by the same fingerprint (any KB change rebuilds it), with each service's icon path (valid
while the ``diagrams`` install is unchanged). It answers ``relations()`` exactly as the
full KB does; ``.graph`` compiles the networkx graph from its nodes on first use, so code that
needs networkx still works. ``archkb query`` answers from it too: a question imports networkx
only when its answer walks paths.

>>> view = load_kb_view()
>>> view.resolve("Amazon SQS"), [v for _, v, d in view.relations(src="sqs", type="triggers")][:1]
('sqs', ['lambda'])
"""
from __future__ import annotations


from ..kb.model import KB
from ..kb.paths import builtin_kb_dir, overlay_dirs
from ..kb.store import cache_dir, fingerprint, read_json, write_json

VIEW_FORMAT = 4
_memo: dict[str, "KBView"] = {}


class KBView(KB):
    """A :class:`~generator.kb.model.KB` whose relations come from precomputed edge lists."""

    def __init__(self, state: dict):
        super().__init__(nodes=state["nodes"], sources=state["sources"], files=state["files"],
                         index=state["index"], graph=None, dirs=state["dirs"],
                         vocabulary=state.get("vocabulary", {}))
        # edges are (from, to, attrs) tuples, as networkx gives them (JSON made them lists)
        self._out = {n: [tuple(e) for e in edges] for n, edges in state["out"].items()}
        self._in = {n: [tuple(e) for e in edges] for n, edges in state["in"].items()}
        self._all = [tuple(e) for e in state["all"]]
        self._icons = state.get("icons")
        self._icons_stamp = state.get("icons_stamp")

    @property
    def icons(self) -> dict | None:
        """Service id -> icon path (see :mod:`generator.render.icons`), when computed for the
        installed ``diagrams``; None otherwise (the renderer then looks icons up itself)."""
        from ..render.icons import package_stamp

        if self._icons is None or self._icons_stamp != package_stamp():
            return None
        return self._icons

    def __repr__(self) -> str:
        return f"<KBView {len(self.nodes)} nodes from {', '.join(self.dirs)}>"

    @property
    def graph(self):
        """The networkx graph, compiled (with networkx) from the view's nodes on first use."""
        if self._graph is None:
            from ..graph.compile import compile_graph

            self._graph = compile_graph(self.nodes)
        return self._graph

    @graph.setter
    def graph(self, value):
        self._graph = value

    def degree(self, node_id: str) -> int:
        return len(self._out.get(node_id, ())) + len(self._in.get(node_id, ()))

    def _edges(self, src, dst):
        if src is not None:
            return self._out.get(src, ())
        if dst is not None:
            return self._in.get(dst, ())
        return self._all


def _state(kb: KB) -> dict:
    from ..render.icons import find_icon, package_stamp

    g = kb.graph
    return {"nodes": kb.nodes, "sources": kb.sources, "files": kb.files, "index": kb.index,
            "dirs": kb.dirs, "vocabulary": kb.vocabulary,
            "out": {n: list(g.out_edges(n, data=True)) for n in g.nodes},
            "in": {n: list(g.in_edges(n, data=True)) for n in g.nodes},
            "all": list(g.edges(data=True)),
            "icons": {n: find_icon(d["diagrams"]) for n, d in kb.nodes.items()
                      if d.get("diagrams")},
            "icons_stamp": package_stamp()}


def load_kb_view(extra_dirs: tuple | list = ()) -> KBView:
    """The KB view for the built-in KB plus overlays (as :func:`generator.kb.load_kb`)."""
    dirs = [builtin_kb_dir()] + overlay_dirs(extra_dirs)
    key = fingerprint(dirs)
    if key in _memo:
        return _memo[key]
    path = cache_dir() / f"kbview-{VIEW_FORMAT}-{key}.json"
    state = read_json(path)
    if not isinstance(state, dict):
        from ..kb import load_kb

        full = load_kb(tuple(extra_dirs))
        state = _state(full)
        write_json(path, state, "kbview-")
        view = KBView(state)
        view.graph = full.graph
    else:
        view = KBView(state)
    view.key = key  # caches derived from the KB (the query indexes) key on it
    _memo[key] = view
    return view
