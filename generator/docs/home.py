"""The docs site's front page (``index.html``)."""
from __future__ import annotations

from .. import __version__


def home_page(kb, entries: list, note: str) -> str:
    """The site's front page: the specs with their finding counts, then the KB."""
    from .layout import link, page, section
    from .specpages import SEVERITY_ORDER, finding_counts

    ok = [r for _, r in entries if r["ok"]]
    totals = {s: sum(finding_counts(r)[s] for r in ok) for s in SEVERITY_ORDER}
    broken = len(entries) - len(ok)
    bad = ' <span class="sev-error">(does not load)</span>'
    spec_items = "".join(
        f"<li>{link(f'specs/{slug}.html', r['name'] if r['ok'] else r['file'])}"
        f"{'' if r['ok'] else bad}</li>\n" for slug, r in entries)
    body = [
        "<p>Architecture diagrams and facts from one source: the specs and templates "
        f"{note}, checked and drawn against the archkb knowledge base.</p>",
        section("Specs and templates",
                f"<p>{len(entries)} files ({broken} that do not load); findings: "
                + ", ".join(f'<span class="sev-{s}">{totals[s]} {s}</span>' for s in SEVERITY_ORDER)
                + f". {link('specs/index.html', 'All specs with their findings')}.</p>\n"
                + (f'<ul class="cols">\n{spec_items}</ul>' if spec_items else ""), "specs"),
        section("Knowledge base",
                f"<p>{len(kb.nodes)} nodes — services, databases, concepts, patterns and "
                f"trade-offs — each with its limits, triggers (with modes), trade-offs and dated "
                f"sources: {link('kb/index.html', 'the KB reference')}; the "
                f"{link('graph.html', 'graph overview')} shows who triggers whom.</p>", "kb"),
    ]
    return page("index.html", "Architecture documentation", "\n".join(body), __version__,
                kind="home")
