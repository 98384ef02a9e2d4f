"""Packaging glue that pyproject.toml cannot express: ship the top-level kb/ folder inside the
package as ``generator/_kb`` so a non-editable install works from any folder."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["generator", "generator.*"]) + ["generator._kb"],
    package_dir={"generator._kb": "kb"},
)
