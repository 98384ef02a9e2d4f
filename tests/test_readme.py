"""The README's CLI reference is the CLI's own --help (regenerate: python -m generator.clidoc)."""
from pathlib import Path

from generator.clidoc import END, START, cli_reference

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_cli_reference_is_current():
    text = README.read_text(encoding="utf-8")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == cli_reference().strip(), \
        "README CLI reference is stale: run .venv/bin/python -m generator.clidoc README.md"


def test_readme_shows_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
