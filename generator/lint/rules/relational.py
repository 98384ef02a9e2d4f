"""Functions that reach relational databases (connection storms, RDS Proxy, the Data API)."""
from __future__ import annotations

from ..rule import Rule

TRADEOFF = "relational-connection-storm"
"""The KB trade-off: the databases it affects are the ones the rule watches, the services that
mitigate it (RDS Proxy) are what a function should connect through."""
DATA_API = "data_api"
"""The database setting that says the function uses the RDS Data API (no connections held)."""


def storm_prone(kb) -> set[str]:
    """The database services the connection-storm trade-off affects (per the KB).

    >>> from generator.kb import load_kb
    >>> sorted(storm_prone(load_kb()))
    ['aurora-serverless', 'rds']
    """
    return {v for _, v, d in kb.relations(src=TRADEOFF, type="affects")
            if kb.nodes.get(v, {}).get("kind") == "database"}


class RelationalWithoutProxy(Rule):
    id = "W5010"
    title = "A function reaches a relational database without RDS Proxy or the Data API"
    description = (
        "Each Lambda execution environment opens its own database connections, so a burst of "
        "concurrency becomes a burst of connections that can exhaust an RDS or Aurora database "
        "(the trade-off `relational-connection-storm`). Connect the function to an RDS Proxy "
        "component that connects to the database (a shared, bounded pool of connections), or, "
        "for Aurora, use the RDS Data API (`data_api: true` on the database: SQL over HTTPS, "
        "no connections held). Capping the function's reserved concurrency also bounds the "
        "connections.")
    source = "lambda-rds"

    def check(self, ctx):
        kb = ctx.kb
        watched = storm_prone(kb)
        if not watched:
            return
        for fn in ctx.functions:
            for conn in ctx.outgoing.get(fn.id, ()):
                db = ctx.component(conn.target)
                if db is None or db.service not in watched or db.settings.get(DATA_API) is True:
                    continue
                data_api = DATA_API in kb.settings(db.service)
                alt = (f", or use the RDS Data API ({DATA_API}: true on {db.id})"
                       if data_api else "")
                yield self.finding(
                    f"{ctx.label(fn.id)} connects straight to {ctx.label(db.id)}: every execution "
                    "environment opens its own connections, so a burst of concurrency can exhaust "
                    f"the database's connections; connect through an RDS Proxy component{alt}",
                    conn.location, component=fn.id, connection=conn.name)
