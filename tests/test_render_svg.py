"""SVG post-processing and icon lookup, on their own."""
from __future__ import annotations

import shutil

import pytest

from generator.render.icons import find_icon, icon_root
from generator.render.svg import embed_icons, png_size

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000002000000030806000000") + b"rest"


def svg_with(*hrefs: str) -> bytes:
    images = "".join(f'<image xlink:href="{h}" width="4px" height="5px" '
                     f'preserveAspectRatio="xMinYMin meet" x="1" y="-2"/>' for h in hrefs)
    return (f'<?xml version="1.0"?>\n<svg width="8pt" xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink"><g>{images}</g></svg>').encode()


def test_icons_are_embedded_once_and_used_per_node(tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.png").write_bytes(PNG + b"b")
    out = embed_icons(svg_with("a.png", "b.png", "a.png"), tmp_path).decode()
    assert out.count("<symbol ") == 2 and out.count("<use ") == 3
    assert 'viewBox="0 0 2 3"' in out
    assert '<use xlink:href="#archkb-icon-1" x="1" y="-2" width="4px" height="5px"/>' in out
    assert "a.png" not in out and "b.png" not in out


def test_images_outside_the_icon_folder_are_dropped(tmp_path):
    root = tmp_path / "icons"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    out = embed_icons(svg_with("../secret.png", str(tmp_path / "secret.png"), "missing.png"),
                      root).decode()
    assert "<image" not in out and "<use" not in out and "secret" not in out


def test_png_size():
    assert png_size(PNG) == (2, 3)
    with pytest.raises(ValueError):
        png_size(b"GIF89a....................")


@pytest.mark.parametrize("dotted,expected", [
    ("diagrams.aws.compute.Lambda", "resources/aws/compute/lambda.png"),
    ("diagrams.aws.compute.ECS", "resources/aws/compute/elastic-container-service.png"),
    ("diagrams.aws.integration.SQS", "resources/aws/integration/simple-queue-service-sqs.png"),
    ("diagrams.onprem.network.Internet", "resources/onprem/network/internet.png"),
    ("diagrams.aws.compute.Nope", None),
    ("diagrams.nowhere.Thing", None),
    ("os.system", None),
])
def test_find_icon(dotted, expected):
    assert find_icon(dotted) == expected
    if expected:
        assert (icon_root() / expected).is_file()


def test_icon_lookup_does_not_import_diagrams():
    import subprocess
    import sys

    code = ("import sys; from generator.render.icons import find_icon; "
            "find_icon('diagrams.aws.compute.Lambda'); "
            "print('diagrams' in sys.modules, 'graphviz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_run_dot_one_and_several_formats():
    from generator.render.backend import RenderError, run_dot

    one = run_dot('digraph { a -> b }', ["svg"])
    assert one["svg"].lstrip().startswith(b"<?xml")
    both = run_dot('digraph { a -> b }', ["png", "pdf"])
    assert both["png"][:4] == b"\x89PNG" and both["pdf"][:4] == b"%PDF"
    with pytest.raises(RenderError, match="Graphviz dot failed"):
        run_dot("digraph { a -> }", ["svg"])
