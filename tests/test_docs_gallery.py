"""The README gallery: each example listed with docs/gallery/<stem>.svg, images rendered by
`archkb docs gallery` (self-contained, the same bytes every time), README kept in step."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.docs import gallery_markdown
from generator.docs.gallery import END, START, example_files, update_readme

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def test_gallery_lists_every_example_with_its_image():
    files = example_files(EXAMPLES)
    assert files, "examples/ holds no spec"
    text = gallery_markdown(EXAMPLES)
    images = re.findall(r"!\[[^\]]*\]\(docs/gallery/([^)]+)\.svg\)", text)
    assert images == [p.stem for p in files]
    for path in files:
        assert f"(examples/{path.name})" in text


def test_rendered_images_are_self_contained_and_deterministic(tmp_path, invoke):
    first = invoke("docs", "gallery", str(EXAMPLES), "-o", str(tmp_path / "a"), "-j", "2")
    assert first.exit_code == 0, first.output
    second = invoke("docs", "gallery", str(EXAMPLES), "-o", str(tmp_path / "b"), "-j", "1",
                    "--no-cache")
    assert second.exit_code == 0, second.output
    stems = sorted(p.stem for p in example_files(EXAMPLES))
    assert sorted(p.stem for p in (tmp_path / "a").glob("*.svg")) == stems
    for stem in stems:
        svg = (tmp_path / "a" / f"{stem}.svg").read_bytes()
        assert svg == (tmp_path / "b" / f"{stem}.svg").read_bytes()
        assert b"<svg" in svg and str(ROOT).encode() not in svg
        assert all(h.startswith(b"data:") or h.startswith(b"#")
                   for h in re.findall(rb'xlink:href="([^"]*)"', svg))


def test_committed_gallery_images_exist():
    for path in example_files(EXAMPLES):
        assert (ROOT / "docs" / "gallery" / f"{path.stem}.svg").is_file(), \
            "run: .venv/bin/archkb docs gallery examples -o docs/gallery"


def test_readme_updates_between_markers(tmp_path, invoke):
    readme = tmp_path / "README.md"
    readme.write_text(f"# X\n\n{START}\nold\n{END}\n\nrest\n")
    result = invoke("docs", "gallery", str(EXAMPLES), "-o", str(tmp_path / "g"),
                    "--readme", str(readme))
    assert result.exit_code == 0, result.output
    text = readme.read_text()
    assert text == update_readme(f"# X\n\n{START}\nold\n{END}\n\nrest\n",
                                 gallery_markdown(EXAMPLES))
    assert "old" not in text and text.endswith("\n\nrest\n") and "docs/gallery/" in text


def test_readme_gallery_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme, "README.md lost its gallery markers"
    section = readme.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == gallery_markdown(EXAMPLES).strip(), \
        "README gallery is stale: run .venv/bin/archkb docs gallery examples --readme README.md"
