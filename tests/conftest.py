"""Shared fixtures: a private KB cache per test session, the KB, a CLI runner."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config):
    # Never read or write the user's ~/.cache during tests.
    os.environ.setdefault("ARCHKB_CACHE_DIR", tempfile.mkdtemp(prefix="archkb-test-cache-"))
    os.environ.pop("ARCHKB_KB_PATH", None)


@pytest.fixture(scope="session")
def kb():
    from generator.kb import load_kb

    return load_kb()


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run the CLI; returns the click Result (stdout and stderr kept apart)."""
    from generator.cli import cli

    def run(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


@pytest.fixture(scope="module")
def imported(kb):
    """Import a template fixture from tests/fixtures/import/ (once per test module)."""
    from generator.importers import import_template, read_template

    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = import_template(read_template(FIXTURES / "import" / name), kb)
        return cache[name]
    return get
