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
    "sync": {"key": "sync trigger", "legend": "sync trigger (the caller waits)",
             "dot": {"color": "#232F3E", "style": "solid", "penwidth": "1.6"},
             "mermaid": {"arrow": "-->", "stroke": "#232F3E", "dash": None}},
    "async": {"key": "async trigger", "legend": "async trigger (queued, retried)",
              "dot": {"color": "#E7157B", "style": "dashed", "penwidth": "1.6"},
              "mermaid": {"arrow": "-.->", "stroke": "#E7157B", "dash": "6 4"}},
    "poll": {"key": "poll (target polls)", "legend": "poll trigger (the target polls the source)",
             "dot": {"color": "#7AA116", "style": "dotted", "penwidth": "2.2",
                     "arrowtail": "odot", "dir": "both"},
             "mermaid": {"arrow": "-.->", "stroke": "#7AA116", "dash": "2 3"}},
    "trigger-unknown": {"key": "trigger the KB does not know", "legend": "trigger the KB does not know",
                        "dot": {"color": "#D13212", "style": "bold"},
                        "mermaid": {"arrow": "-->", "stroke": "#D13212", "dash": None}},
    "fails_to": {"key": "on failure", "legend": "failure path (dead-letter queue, redrive, "
                                                "on-failure destination)",
                 "dot": {"color": "#C7131F", "style": "dashed", "penwidth": "1.4",
                         "arrowhead": "onormal"},
                 "mermaid": {"arrow": "-.->", "stroke": "#C7131F", "dash": "5 3"}},
    "writes": {"key": "writes", "legend": "writes (data access)",
               "dot": {"color": "#3B48CC", "style": "solid", "arrowhead": "vee"},
               "mermaid": {"arrow": "-->", "stroke": "#3B48CC", "dash": None}},
    "reads": {"key": "reads", "legend": "reads (arrow shows the data flow)",
              "dot": {"color": "#3B48CC", "style": "solid", "dir": "back", "arrowtail": "vee"},
              "mermaid": {"arrow": "-->", "stroke": "#3B48CC", "dash": None, "reverse": True}},
    "accesses": {"key": "reads and writes", "legend": "reads and writes (data access)",
                 "dot": {"color": "#3B48CC", "style": "solid", "dir": "both",
                         "arrowhead": "vee", "arrowtail": "vee"},
                 "mermaid": {"arrow": "<-->", "stroke": "#3B48CC", "dash": None}},
    "publishes": {"key": "publishes", "legend": "publishes (sends messages or events)",
                  "dot": {"color": "#FF9900", "style": "solid", "penwidth": "1.4"},
                  "mermaid": {"arrow": "-->", "stroke": "#FF9900", "dash": None}},
    "calls": {"key": "calls", "legend": "calls (API request)",
              "dot": {"color": "#7B8894", "style": "solid"},
              "mermaid": {"arrow": "-->", "stroke": "#7B8894", "dash": None}},
    "orchestrates": {"key": "orchestrates", "legend": "orchestrates (workflow step)",
                     "dot": {"color": "#E7157B", "style": "solid", "penwidth": "1.4"},
                     "mermaid": {"arrow": "-->", "stroke": "#E7157B", "dash": None}},
    "runs_on": {"key": "runs on", "legend": "runs on (placement)",
                "dot": {"color": "#7B8894", "style": "dashed", "arrowhead": "odiamond"},
                "mermaid": {"arrow": "-.->", "stroke": "#7B8894", "dash": "4 4"}},
    "other": {"key": "other (see label)", "legend": "other relation (see the label)",
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
    "auto-scaling-group": {"color": "#ED7100", "fontcolor": "#ED7100", "style": "dashed",
                           "bgcolor": "#FFFFFF"},
    "generic": {"color": "#7D8998", "fontcolor": "#5A6B86", "style": "dashed", "bgcolor": "#FFFFFF"},
}
"""AWS architecture-icon group styles (border, title colour, line, fill)."""

GROUP_ICONS: dict[str, str] = {
    "account": "resources/aws/management/organizations-account.png",
    "vpc": "resources/aws/network/vpc.png",
    "subnet-public": "resources/aws/network/public-subnet.png",
    "subnet-private": "resources/aws/network/private-subnet.png",
    "auto-scaling-group": "resources/aws/compute/ec2-auto-scaling.png",
}
"""The corner icon of a group style: a ``diagrams`` icon (relative to its install, like node
icons). Availability Zones and generic groups have none in the AWS set; a Region's flag is a
glyph (:data:`GROUP_GLYPHS`) because ``diagrams`` ships no flag icon."""

GROUP_GLYPHS: dict[str, str] = {"region": "\u2691"}


def group_style_key(kind: str, settings: dict) -> str:
    """The style of a group: subnets are public or private (the default)."""
    if kind == "subnet":
        return "subnet-public" if settings.get("public") else "subnet-private"
    return kind if kind in GROUP_STYLES else "generic"
