"""How connections and groups look: one style per connection kind and invocation mode, AWS
group styles for clusters, and the legend text.

>>> edge_style_key("triggers", "poll"), edge_style_key("writes", None)
('poll', 'writes')
>>> edge_style_key("triggers", None), edge_style_key("uses", None)
('trigger-unknown', 'other')
>>> edge_style_key("fails_to", None)
'fails_to'
>>> group_style_key("subnet", {"public": True})
'subnet-public'
"""
from __future__ import annotations

FONT = "Sans-Serif"
TEXT_COLOR = "#2D3436"

EDGE_STYLES: dict[str, dict] = {
    "sync": {"legend": "sync trigger (the caller waits)",
             "dot": {"color": "#232F3E", "style": "solid", "penwidth": "1.6"},
             "mermaid": {"arrow": "-->", "stroke": "#232F3E", "dash": None}},
    "async": {"legend": "async trigger (queued, retried)",
              "dot": {"color": "#E7157B", "style": "dashed", "penwidth": "1.6"},
              "mermaid": {"arrow": "-.->", "stroke": "#E7157B", "dash": "6 4"}},
    "poll": {"legend": "poll trigger (the target polls the source)",
             "dot": {"color": "#7AA116", "style": "dotted", "penwidth": "2.2",
                     "arrowtail": "odot", "dir": "both"},
             "mermaid": {"arrow": "-.->", "stroke": "#7AA116", "dash": "2 3"}},
    "trigger-unknown": {"legend": "trigger the KB does not know",
                        "dot": {"color": "#D13212", "style": "bold"},
                        "mermaid": {"arrow": "-->", "stroke": "#D13212", "dash": None}},
    "writes": {"legend": "writes (data access)",
               "dot": {"color": "#3B48CC", "style": "solid", "arrowhead": "vee"},
               "mermaid": {"arrow": "-->", "stroke": "#3B48CC", "dash": None}},
    "reads": {"legend": "reads (arrow shows the data flow)",
              "dot": {"color": "#3B48CC", "style": "solid", "dir": "back", "arrowtail": "vee"},
              "mermaid": {"arrow": "-->", "stroke": "#3B48CC", "dash": None, "reverse": True}},
    "accesses": {"legend": "reads and writes (data access)",
                 "dot": {"color": "#3B48CC", "style": "solid", "dir": "both",
                         "arrowhead": "vee", "arrowtail": "vee"},
                 "mermaid": {"arrow": "<-->", "stroke": "#3B48CC", "dash": None}},
    "publishes": {"legend": "publishes (sends messages or events)",
                  "dot": {"color": "#FF9900", "style": "solid", "penwidth": "1.4"},
                  "mermaid": {"arrow": "-->", "stroke": "#FF9900", "dash": None}},
    "calls": {"legend": "calls (API request)",
              "dot": {"color": "#7B8894", "style": "solid"},
              "mermaid": {"arrow": "-->", "stroke": "#7B8894", "dash": None}},
    "orchestrates": {"legend": "orchestrates (workflow step)",
                     "dot": {"color": "#E7157B", "style": "solid", "penwidth": "1.4"},
                     "mermaid": {"arrow": "-->", "stroke": "#E7157B", "dash": None}},
    "fails_to": {"legend": "failure path (dead letters, on-failure records; not an invocation)",
                 "dot": {"color": "#D13212", "style": "dashed", "penwidth": "1.2",
                         "arrowhead": "tee"},
                 "mermaid": {"arrow": "-.->", "stroke": "#D13212", "dash": "3 3"}},
    "runs_on": {"legend": "runs on (placement)",
                "dot": {"color": "#7B8894", "style": "dashed", "arrowhead": "odiamond"},
                "mermaid": {"arrow": "-.->", "stroke": "#7B8894", "dash": "4 4"}},
    "other": {"legend": "other relation (see the label)",
              "dot": {"color": "#7B8894", "style": "dashed"},
              "mermaid": {"arrow": "-.->", "stroke": "#7B8894", "dash": "4 4"}},
}
"""Edge style keys in legend order."""

MODE_KEYS = ("sync", "async", "poll")


def edge_style_key(kind: str, mode: str | None) -> str:
    """The style of a connection of ``kind`` (and ``mode`` for triggers)."""
    if kind == "triggers":
        return mode if mode in MODE_KEYS else "trigger-unknown"
    return kind if kind in EDGE_STYLES else "other"


GROUP_STYLES: dict[str, dict] = {
    "account": {"color": "#E7157B", "fontcolor": "#E7157B", "style": "solid", "bgcolor": "#FFFFFF"},
    "region": {"color": "#00A4A6", "fontcolor": "#00A4A6", "style": "dotted", "bgcolor": "#FFFFFF"},
    "availability-zone": {"color": "#00A4A6", "fontcolor": "#00A4A6", "style": "dashed",
                          "bgcolor": "#FFFFFF"},
    "vpc": {"color": "#8C4FFF", "fontcolor": "#8C4FFF", "style": "solid", "bgcolor": "#FFFFFF"},
    "subnet-public": {"color": "#7AA116", "fontcolor": "#248814", "style": "solid",
                      "bgcolor": "#F2F6E8"},
    "subnet-private": {"color": "#00A4A6", "fontcolor": "#147EBA", "style": "solid",
                       "bgcolor": "#E6F6F7"},
    "generic": {"color": "#7D8998", "fontcolor": "#5A6B86", "style": "dashed", "bgcolor": "#FFFFFF"},
}
"""AWS architecture-icon group styles (border, title colour, line, fill)."""


def group_style_key(kind: str, settings: dict) -> str:
    """The style of a group: subnets are public or private (the default)."""
    if kind == "subnet":
        return "subnet-public" if settings.get("public") else "subnet-private"
    return kind if kind in GROUP_STYLES else "generic"
