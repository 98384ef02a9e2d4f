"""`archkb docs build`: a real build over the examples, the docs fixtures and a slice of the
shared corpus; every page, every internal link, offline use, and the facts on the pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.docs.discover import find_sources
from generator.docs.facts import value_text
from generator.docs.links import check_links

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"
CORPUS = ROOT.parent / "shared" / "corpus" / "serverless-patterns"
CORPUS_SLICE = {"activemq-lambda": "template.yaml", "alb-cognito-lambda": "template.yaml",
                "api-sqs-lambda-python": "template.yml",
                "apigw-custom-domain-edge": "template.yaml"}  # this one has a YAML syntax error


def _sources() -> list[Path]:
    srcs = [ROOT / "examples", FIXTURES / "specs"]
    if CORPUS.is_dir():
        srcs += [CORPUS / name for name in CORPUS_SLICE]
    return srcs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, built once through the CLI with two workers."""
    from click.testing import CliRunner

    from generator.cli import cli

    site = tmp_path_factory.mktemp("docs") / "site"
    args = ["docs", "build", *map(str, _sources()), "-o", str(site), "-j", "2", "--json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return site, json.loads(result.stdout), args


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def slug_of(display_end: str) -> str:
    matches = [s.slug for s in find_sources(_sources()) if s.display.endswith(display_end)]
    assert len(matches) == 1, (display_end, matches)
    return matches[0]


def test_every_page_is_written(built, kb):
    site, summary, _ = built
    sources = find_sources(_sources())
    assert summary["specs"] == len(sources)
    assert not any(s.display.endswith("not-a-spec.yaml") for s in sources)
    assert len(list((ROOT / "examples").glob("*.yaml"))) >= 1
    expected = {"index.html", "graph.html", "kb/index.html", "specs/index.html",
                "assets/archkb.css", "assets/lunr.min.js", "assets/search.js",
                "assets/search-index.js"}
    expected |= {f"kb/{node}.html" for node in kb.nodes}
    expected |= {f"specs/{s.slug}.html" for s in sources}
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
               and not p.name.startswith(".")}
    assert written == expected
    assert summary["pages"] == len([p for p in expected if p.endswith(".html")])


def test_no_broken_internal_links(built):
    site, summary, _ = built
    assert summary["broken_links"] == []
    assert check_links(site) == []
    # the check is real: every page links somewhere inside the site
    assert all('href="' in page(site, p.relative_to(site).as_posix())
               for p in site.rglob("*.html"))


def test_site_works_offline_and_holds_no_local_paths(built):
    site, _, _ = built
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b([^>]*)>", text)  # only the search, from assets/
        assert all(re.fullmatch(r' src="(?:\.\./)*assets/[a-z.-]+\.js" defer', a)
                   for a in scripts), (path, scripts)
        assert not re.search(r'<(?:link|img|script|iframe)\b[^>]*(?:href|src)="(?:https?:)?//', text)
        for href in re.findall(r'<image\b[^>]*?href="([^"]*)"', text):
            assert href.startswith("data:image/png;base64,"), (path, href[:80])
        assert str(ROOT) not in text and "site-packages" not in text, path


def test_spec_page_shows_diagram_findings_and_kb_links(built, kb):
    site, _, _ = built
    text = page(site, f"specs/{slug_of('specs/orders.yaml')}.html")
    assert text.count("<svg") == 1 and "data:image/png;base64," in text
    assert "W4002" in text and '<a href="#L8">specs/orders.yaml:8:' in text  # linked to its line
    assert '<span id="L8">' in text
    for service in ("api-gateway", "lambda", "sqs", "dynamodb"):
        assert f'href="../kb/{service}.html"' in text
    assert kb.name("sqs") in text
    assert '<span class="mode-poll">poll</span>' in text  # queue -> worker, inferred by the KB
    assert "Orders arrive through an API" in text  # the description


def test_template_gets_a_page_like_a_spec(built):
    site, _, _ = built
    text = page(site, f"specs/{slug_of('nested/template.yaml')}.html")
    assert "CloudFormation/SAM template" in text and "<svg" in text
    assert '<code id="component-jobs">Jobs</code>' in text
    assert '<span class="mode-poll">poll</span>' in text


def test_a_spec_that_does_not_load_gets_a_page_with_its_line(built):
    site, summary, _ = built
    text = page(site, f"specs/{slug_of('specs/broken.yaml')}.html")
    assert "does not load" in text and "specs/broken.yaml:4:25" in text and "memroy" in text
    assert "<strong>▶    4 " in text  # the source, with the bad line marked
    assert any(f.startswith("specs/broken.yaml:4:25") for f in summary["failed"])
    assert "does not load" in page(site, "specs/index.html")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_corpus_slice(built):
    site, summary, _ = built
    for name, file in CORPUS_SLICE.items():
        text = page(site, f"specs/{slug_of(f'{name}/{file}')}.html")
        if name == "apigw-custom-domain-edge":
            assert "invalid YAML" in text and f"{name}/template.yaml:35:" in text
        else:
            assert "<svg" in text and 'href="../kb/lambda.html"' in text, name


def test_kb_page_facts_come_from_the_kb(built, kb):
    site, _, _ = built
    text = page(site, "kb/lambda.html")
    assert '<section id="neighbourhood">' in text and "data:image/png;base64," in text
    assert value_text(kb.limit("lambda", "timeout-max")) in text
    assert 'href="sqs.html"' in text and "Triggered by (poll)" in text
    assert 'href="cold-start-latency.html"' in text and "Mitigated by" in text
    assert 'id="setting-memory"' in text  # settings table: anchors for setting nodes
    sources = re.findall(r'<li id="src-(\d+)">', text)
    assert sources and sources == [str(i) for i in range(1, len(sources) + 1)]
    assert "(as of 20" in text
    used = text.split('<section id="used-in">', 1)[1].split("</section>", 1)[0]
    assert f'href="../specs/{slug_of("specs/orders.yaml")}.html"' in used and "(2 components)" in used
    sqs = page(site, "kb/sqs.html")
    triggers = sqs.split('<h3 id="triggers">', 1)[1].split("</ul>", 1)[0]
    assert 'href="lambda.html"' in triggers and "event-source-mapping" in triggers


def test_every_node_is_on_the_kb_index_and_the_overview(built, kb):
    site, _, _ = built
    index = page(site, "kb/index.html")
    overview = page(site, "graph.html")
    for node in kb.nodes:
        assert f'href="{node}.html"' in index
    assert f"{len(kb.nodes)} nodes" in overview and "<svg" in overview
    who = overview.split('<section id="who-triggers">', 1)[1]
    assert 'href="kb/lambda.html"' in who


def test_strict_fails_on_a_spec_that_does_not_load(built):
    from click.testing import CliRunner

    from generator.cli import cli

    _, _, args = built
    result = CliRunner().invoke(cli, [a for a in args if a != "--json"] + ["--strict", "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert "specs/broken.yaml:4:25" in result.stderr
    assert "unchanged" in result.stdout


def test_kb_pages_lead_with_what_people_come_for(built):
    site, _, _ = built
    path = site / "kb" / "lambda.html"
    assert path.stat().st_size <= 300 * 1024  # was about 1 MB with an 80-node hairball
    text = path.read_text(encoding="utf-8")
    order = [text.index(f'<section id="{s}">') for s in
             ("limits", "settings", "connections", "neighbourhood", "tradeoffs", "sources")]
    assert order == sorted(order) and text.index('class="summary"') < order[0]
    toc = text[text.index('<nav class="toc"'):text.index("</nav>", text.index('<nav class="toc"'))]
    assert toc.index('href="#limits"') < toc.index('href="#connections"')
    assert text.index('<nav class="toc"') < order[0]
    for heading in ("Triggered by (sync)", "Triggered by (async)", "Triggered by (poll)"):
        assert f">{heading}</h3>" in text
    assert 'class="glyph"' in text  # each relation carries its line style
    picture = text[order[3]:order[4]]
    assert 1 < picture.count('class="node"') <= 15


def test_short_pages_have_no_table_of_contents(built):
    site, _, _ = built
    text = page(site, "kb/provisioned-concurrency.html")
    sections = text.count("<section id=")
    assert ('<nav class="toc"' in text) == (sections >= 4)


def test_overview_tables_are_whole_and_diagrams_open_full_size(built):
    site, _, _ = built
    text = page(site, "graph.html")
    assert 'class="cols"' not in text.split('<section id="trigger-map">')[0]
    head = text.index("<th>Nodes</th>")
    assert text.count("<th>Nodes</th>") == 1 and "</table>" in text[head:]
    assert '<div class="diagram" tabindex="0"' in text
    spec = next((site / "specs").glob("*.html"))
    css = (site / "assets" / "archkb.css").read_text(encoding="utf-8")
    assert ".diagram:focus svg { max-width: none" in css
    if 'class="diagram"' in spec.read_text(encoding="utf-8"):
        assert 'tabindex="0"' in spec.read_text(encoding="utf-8")


def test_search_finds_a_service_and_a_spec_in_a_browser(built):
    """The offline search (lunr index, vendored lunr.js) in headless Chromium, from disk."""
    import shutil
    import subprocess

    site, _, _ = built
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    index = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith("window.ARCHKB_SEARCH = ") and '"kb/sqs.html"' in index
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")

    def results(page_path: str, query: str) -> str:
        dom = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--dump-dom",
             f"{(site / page_path).as_uri()}?q={query}"],
            capture_output=True, text=True, timeout=120).stdout
        return dom.split('<ol id="search-results"', 1)[1].split("</ol>", 1)[0]

    found = results("kb/sqs.html", "lambda")
    assert '<a href="../kb/lambda.html">AWS Lambda</a>' in found
    spec = next(p for p in sorted((site / "specs").glob("*.html")) if p.name != "index.html")
    title = re.search(r"<h1>(.*?)</h1>", spec.read_text(encoding="utf-8")).group(1)
    word = max(title.split(), key=len)
    assert f'href="specs/{spec.name}"' in results("index.html", word)


def test_building_pages_leaves_the_kb_untouched(kb, tmp_path):
    import copy

    from generator.docs.site import build_site

    before = copy.deepcopy(kb.nodes)
    build_site([], tmp_path / "site", kb, jobs=1)
    assert [n for n in kb.nodes if kb.nodes[n] != before[n]] == []
