"""Small graph helpers over spec components (plain dicts, no networkx import on the lint path).

>>> succ = {"a": ["b"], "b": ["a", "c"], "c": []}
>>> sorted(sorted(c) for c in strongly_connected(["a", "b", "c"], succ))
[['a', 'b'], ['c']]
>>> shortest_cycle(succ, "a", {"a", "b"})
['a', 'b']
"""
from __future__ import annotations

from collections import deque


def strongly_connected(nodes, succ: dict) -> list[set]:
    """Tarjan's strongly connected components, iterative (specs can be deep)."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    out: list[set] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(succ.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    comp.add(item)
                    if item == node:
                        break
                out.append(comp)
    return out


def shortest_cycle(succ: dict, start, within: set) -> list:
    """The shortest cycle from ``start`` back to itself through nodes of ``within`` (BFS in
    successor order, so the answer is stable); ``[start]`` for a self-loop."""
    if start in succ.get(start, ()):
        return [start]
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in succ.get(node, ()):
            if nxt == start:
                path = [node]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return path[::-1]
            if nxt in within and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return [start]
