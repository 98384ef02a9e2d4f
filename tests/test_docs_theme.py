"""`archkb docs build --theme DIR`: pages come from Jinja2 templates a theme can override."""
from __future__ import annotations

import json

import pytest

from generator.docs.theme import render, use_theme


@pytest.fixture(autouse=True)
def builtin_theme_after():
    yield
    use_theme(None)


def test_builtin_pages_escape_what_they_show():
    html = render("kb/x.html", "kb", 'Tricky <b> "name"', "<p>body</p>", "0", "sub & more")
    assert "<title>Tricky &lt;b&gt; &#34;name&#34; · archkb</title>" in html
    assert "<p>body</p>" in html and "sub &amp; more" in html  # the body is HTML already


def test_a_theme_overrides_one_page_kind_and_the_stylesheet(invoke, tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "kb.html").write_text(
        '{% extends "page.html" %}{% block footer %}Our platform team · {{ title }}'
        "{% endblock %}", encoding="utf-8")
    (theme / "archkb.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    out = tmp_path / "site"
    result = invoke("docs", "build", "-o", out, "--theme", theme, "-q", "--json", "-j", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pages"] > 10
    sqs = (out / "kb" / "sqs.html").read_text(encoding="utf-8")
    assert "<footer>Our platform team · Amazon SQS</footer>" in sqs
    assert "Our platform team" not in (out / "graph.html").read_text(encoding="utf-8")
    assert "rebeccapurple" in (out / "assets" / "archkb.css").read_text(encoding="utf-8")


def test_a_broken_theme_is_an_error_naming_the_file(invoke, tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "page.html").write_text("line one\n{% block content %}\n", encoding="utf-8")
    result = invoke("docs", "build", "-o", tmp_path / "site", "--theme", theme, "-q")
    assert result.exit_code == 2 and "page.html" in result.stderr
    missing = invoke("docs", "build", "-o", tmp_path / "site", "--theme", tmp_path / "nope")
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_templates_cannot_reach_python_internals():
    from jinja2.exceptions import SecurityError

    from generator.docs.theme import _environment

    env = _environment(None)
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
