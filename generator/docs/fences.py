"""Find the fenced ```` ```archkb ```` blocks of a Markdown page, with their line numbers.

Fences follow CommonMark: three or more backticks or tildes, closed by the same character at
least as many times. A fence of another language is skipped whole, so an ```` ```archkb ````
shown inside a ```` ````markdown ```` example stays text. Lines keep their indentation, so a
YAML error inside a block can name the page's own line and column.

>>> page = "# T\\n\\n```archkb\\nfile: a.yaml\\n```\\n\\n````md\\n```archkb\\n````\\n"
>>> [(b.start, b.end, b.first_line, b.text) for b in find_blocks(page)]
[(2, 4, 4, 'file: a.yaml\\n')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LANG = "archkb"
_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*?)[ \t]*$")


@dataclass(frozen=True)
class Block:
    """An archkb block: ``lines[start]`` opens it, ``lines[end]`` closes it (0-based)."""

    start: int
    end: int
    first_line: int  # 1-based page line of the block's first content line
    text: str  # the content lines, as written (indentation kept), newline-terminated
    indent: str
    closed: bool = True


def _is_archkb(info: str) -> bool:
    words = info.split()
    return bool(words) and words[0].strip("{}").lstrip(".") == LANG


def find_blocks(markdown: str) -> list[Block]:
    """The archkb blocks of a page; an unclosed one runs to the end with ``closed=False``."""
    lines = markdown.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            i += 1
            continue
        fence = m.group("fence")
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        closed = j < len(lines)
        if _is_archkb(m.group("info")):
            body = lines[i + 1:j]
            text = "\n".join(body) + ("\n" if body else "")
            blocks.append(Block(i, j if closed else len(lines) - 1, i + 2, text,
                                m.group("indent"), closed))
        i = j + 1
    return blocks


def replace_blocks(markdown: str, blocks: list[Block], tokens: list[str]) -> str:
    """``markdown`` with each block replaced by its token, alone in a paragraph."""
    lines = markdown.split("\n")
    for block, token in sorted(zip(blocks, tokens), key=lambda bt: -bt[0].start):
        lines[block.start:block.end + 1] = ["", block.indent + token, ""]
    return "\n".join(lines)
