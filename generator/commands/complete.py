"""Shell completion values: KB names for the questions, spec files for the commands that read
specs. Click calls these when the shell asks (see the README, "Shell completion").

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> for name in ("orders.yaml", "notes.txt", "stack.json"):
...     _ = open(os.path.join(folder, name), "w").close()
>>> [item.value for item in spec_files(None, None, os.path.join(folder, "o"))] == [
...     os.path.join(folder, "orders.yaml")]
True
>>> [item.value for item in service_names(None, None, "lamb")][:1]
['lambda']
"""
from __future__ import annotations

import os

SPEC_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def service_names(ctx, param, incomplete: str) -> list:
    """KB ids (services and concepts) starting with ``incomplete``, with their names."""
    from click.shell_completion import CompletionItem

    from ..spec.kbview import load_kb_view

    try:
        kb = load_kb_view()
    except Exception:  # a broken KB: complete nothing rather than print a traceback in a shell
        return []
    prefix = incomplete.lower()
    return [CompletionItem(nid, help=node.get("name"))
            for nid, node in sorted(kb.nodes.items()) if nid.startswith(prefix)]


def spec_files(ctx, param, incomplete: str) -> list:
    """Spec and template files (and folders, to descend into) that start with ``incomplete``."""
    from click.shell_completion import CompletionItem  # only when a shell asks
    folder, start = os.path.split(incomplete)
    try:
        entries = sorted(os.scandir(folder or "."), key=lambda e: e.name)
    except OSError:
        return []
    items = []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(".") and not start):
            continue
        path = os.path.join(folder, entry.name) if folder else entry.name
        if entry.is_dir():
            items.append(CompletionItem(path + os.sep, type="dir"))
        elif entry.name.lower().endswith(SPEC_SUFFIXES):
            items.append(CompletionItem(path, type="file"))
    return items
