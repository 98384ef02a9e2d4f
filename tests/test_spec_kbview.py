"""The fast KB view answers like the full KB, without importing networkx."""
from __future__ import annotations

import subprocess
import sys

from generator.spec.kbview import KBView, load_kb_view


def test_view_matches_the_full_kb(kb):
    view = load_kb_view()
    assert isinstance(view, KBView)
    assert view.nodes == kb.nodes and view.index == kb.index and view.sources == kb.sources
    for node in kb.nodes:
        assert list(view.relations(src=node)) == list(kb.relations(src=node))
        assert list(view.relations(dst=node)) == list(kb.relations(dst=node))
    assert list(view.relations(type="triggers")) == list(kb.relations(type="triggers"))
    assert view.resolve("Amazon SQS") == "sqs"
    assert view.graph.number_of_edges() == kb.graph.number_of_edges()  # loaded on demand


def test_render_path_does_not_import_networkx(tmp_path):
    from pathlib import Path

    spec = Path(__file__).parent / "fixtures" / "spec" / "good" / "design-example.yaml"
    code = ("import sys; from generator.cli import cli\n"
            "try:\n"
            f"    cli(['render', {str(spec)!r}, '-f', 'dot,mermaid', '-o', {str(tmp_path)!r},"
            " '--no-lint'])\n"
            "except SystemExit as e:\n"
            "    assert not e.code, e.code\n"
            "print('networkx' in sys.modules, 'diagrams' in sys.modules, 'graphviz' in sys.modules)")
    for _ in range(2):  # the first run may build the view cache (and import networkx once)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False False"


def test_view_caches_icons_for_this_diagrams_install(kb, monkeypatch):
    from generator.render import icons

    view = load_kb_view()
    assert view.icons["lambda"] == icons.find_icon("diagrams.aws.compute.Lambda")
    assert icons.service_icon(view, "lambda") == "resources/aws/compute/lambda.png"
    monkeypatch.setattr(icons, "package_stamp", lambda: "another install")
    assert view.icons is None  # stale: the renderer looks icons up again
    assert icons.service_icon(view, "sqs") == icons.find_icon(kb.nodes["sqs"]["diagrams"])
