"""A structural check of generated Mermaid flowcharts: what the Mermaid parser (npm `mermaid`,
not a dependency of the Python suite) needs from the text archkb writes."""
from __future__ import annotations

import re


def check_mermaid(block: str) -> None:
    """Structure the Mermaid parser relies on: a flowchart header; every class line names
    a defined class and defined nodes; linkStyle indexes within the links; subgraphs
    closed."""
    lines = block.splitlines()
    assert lines[1].startswith("flowchart ")
    nodes = set(re.findall(r"^\s*(\w+)\[", block, re.M))
    nodes |= set(re.findall(r"(\w+)\[\" \"\]", block))
    defined = set(re.findall(r"^  classDef (\w+) ", block, re.M))
    for names, cls in re.findall(r"^  class (\S+) (\w+)$", block, re.M):
        assert cls in defined
        assert set(names.split(",")) <= nodes, names
    links = [line for line in lines if re.search(r" (-->|-\.->|<-->)", line)]
    styled = [int(i) for i in re.findall(r"^  linkStyle (\d+) ", block, re.M)]
    assert styled == list(range(len(links)))
    opened = sum(1 for line in lines if line.strip().startswith("subgraph "))
    assert opened == sum(1 for line in lines if line.strip() == "end")
