"""The package list in pyproject.toml covers every package folder, and the KB ships inside."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "generator").rglob("__init__.py")}
    assert found | {"generator._kb"} == listed
    assert config["tool"]["setuptools"]["package-dir"] == {"generator._kb": "kb"}
