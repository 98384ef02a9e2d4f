"""Finding ```archkb blocks in Markdown the way CommonMark reads fences."""
from __future__ import annotations

from generator.docs.fences import find_blocks, replace_blocks


def test_backticks_tildes_and_info_strings():
    page = ("```archkb\na: 1\n```\n"
            "~~~~ archkb title\nb: 2\n~~~~\n"
            "``` {.archkb}\nc: 3\n```\n"
            "```python\n```archkb\n```\n")
    blocks = find_blocks(page)
    assert [(b.first_line, b.text) for b in blocks] == [(2, "a: 1\n"), (5, "b: 2\n"), (8, "c: 3\n")]


def test_a_longer_fence_hides_an_inner_block_and_needs_its_own_close():
    page = "````md\n```archkb\nx: 1\n```\n````\n\n````archkb\n```\ny: 2\n````\n"
    [block] = find_blocks(page)
    assert block.first_line == 8 and block.text == "```\ny: 2\n"


def test_indented_block_keeps_its_indentation_and_unclosed_is_flagged():
    [inner, open_] = find_blocks("- item\n\n    ```archkb\n    a: 1\n    ```\n\n```archkb\nb: 1\n")
    assert inner.indent == "    " and inner.text == "    a: 1\n" and inner.closed
    assert not open_.closed and open_.first_line == 8


def test_replace_keeps_the_rest_of_the_page():
    page = "# T\n\n```archkb\na: 1\n```\n\ntext\n"
    out = replace_blocks(page, find_blocks(page), ["TOKEN"])
    assert out == "# T\n\n\nTOKEN\n\n\ntext\n"
