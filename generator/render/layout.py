"""Layout hints computed before Graphviz runs: ranks and an automatic direction for long
chains.

Ranks are longest-path layers over the connections (cycles are broken at the first edge that
closes one, in spec order), which is what ``dot`` does for an acyclic graph.

>>> ranks(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "d")])
{'a': 0, 'b': 1, 'c': 2, 'd': 1}
>>> chain = [f"n{i}" for i in range(8)]
>>> auto_direction(chain, list(zip(chain, chain[1:])))
'TB'
>>> auto_direction(["a", "b", "c"], [("a", "b"), ("a", "c")])
'LR'
>>> auto_direction(chain[:5], list(zip(chain, chain[1:5])))  # short: stays on one row
'LR'
"""
from __future__ import annotations

NODE_RANK_INCHES = 2.9
"""Width one rank takes in an LR drawing: a node (1.4 in), the rank gap and an edge label."""
NODE_ROW_INCHES = 2.3
"""Height one node takes across a rank in an LR drawing (1.9 in and the node gap)."""
MAX_RATIO = 2.6
"""Past this width-to-height ratio (about a 16:6 strip) a left-to-right drawing turns
top-to-bottom, where the long side follows the page..."""
MAX_WIDTH_INCHES = 18.0
"""...but only when it is also too wide to read on a page (about six ranks): a short pipeline
drawn top to bottom is as thin a strip as it was, the other way round."""


def ranks(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layer of every node (sources at 0)."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        if a in succ and b in succ and a != b:
            succ[a].append(b)
    # drop back edges (depth-first, in spec order) so the rest is acyclic
    state: dict[str, int] = {}
    order: list[str] = []
    keep: dict[str, list[str]] = {n: [] for n in nodes}
    for start in nodes:
        if start in state:
            continue
        stack = [(start, iter(succ[start]))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(nxt) != 1:  # not a back edge
                keep[node].append(nxt)
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
    rank = {n: 0 for n in nodes}
    for node in reversed(order):  # a topological order of the kept edges
        for nxt in keep[node]:
            rank[nxt] = max(rank[nxt], rank[node] + 1)
    return rank


def auto_direction(nodes: list[str], edges: list[tuple[str, str]]) -> str:
    """``TB`` when a left-to-right drawing would be a long thin strip, else ``LR``."""
    if not nodes:
        return "LR"
    layer = ranks(nodes, edges)
    depth = max(layer.values()) + 1
    breadth = max(list(layer.values()).count(r) for r in set(layer.values()))
    width = depth * NODE_RANK_INCHES
    ratio = width / (breadth * NODE_ROW_INCHES)
    return "TB" if ratio > MAX_RATIO and width > MAX_WIDTH_INCHES else "LR"
