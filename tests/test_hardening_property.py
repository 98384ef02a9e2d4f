"""Property (issue 17): whatever bytes or YAML a spec, a template, a KB overlay file or an
MkDocs block holds, archkb ends with exit 0, 1 or 2 (never 70, never a traceback), within
hypothesis' deadline, and writes nothing outside its output folder."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli

TOKENS = ["archkb", "components", "connections", "groups", "service", "lambda", "sqs", "s3",
          "label", "memory", "0x_", "0b_", "yes", "off", ".inf", "~", "Resources", "Type",
          "AWS::SQS::Queue", "AWS::Serverless::Function", "Fn::ForEach::L", "Properties",
          "DefinitionUri", "../../etc/passwd", "/dev/zero", "Fn::Transform", "id", "name",
          "kind", "service", "relations", "file", "legend:sync:from", "\u202e", "a\nb", "9" * 50]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(TOKENS),
                    st.text(max_size=12))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), inner,
                    max_size=4)), max_leaves=20)
raw_tokens = st.lists(st.sampled_from(TOKENS + [": ", "\n", "  ", "- ", "{", "}", "[", "]",
                                                "&a ", "*a", "!Ref ", "!!python/object ",
                                                "'", '"', "#", "<<: "]), max_size=40)


def _yaml(value) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True).encode("utf-8")


plain_lines = st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(TOKENS)), max_size=12,
                       unique_by=lambda row: row[0]).map(
    lambda rows: "".join(f"{k}: {v}\n" for k, v in rows))  # unquoted: YAML resolves them
plain = plain_lines.map(lambda text: text.encode("utf-8"))
documents = st.one_of(
    st.binary(max_size=300), plain, plain,
    raw_tokens.map(lambda parts: "".join(parts).encode("utf-8")),
    values.map(_yaml),
    st.builds(lambda c: _yaml({"archkb": 1, "components": c}), values),
    st.builds(lambda r: _yaml({"Resources": r}), values),
    st.builds(lambda n: _yaml({"id": "x", "name": "X", **(n if isinstance(n, dict) else {})}),
              values),
)

CHECKED = settings(max_examples=int(os.environ.get("ARCHKB_PROPERTY_EXAMPLES", "25")),
                   deadline=timedelta(seconds=20),
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])


def _snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if "out" not in p.relative_to(root).parts}


def _run(root: Path, args: list[str]):
    before = _snapshot(root)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output,
                                           result.exception)
    assert "internal error" not in result.output
    assert _snapshot(root) == before, "something was written outside the output folder"
    return result


@pytest.fixture
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("prop")


@CHECKED
@given(data=documents)
def test_spec_and_template_loaders(root, data):
    for name in ("spec.yaml", "template.json"):
        path = root / name
        path.write_bytes(data)
        _run(root, ["lint", str(path)])
        _run(root, ["import", str(path)])
        _run(root, ["render", str(path), "-o", str(root / "out"), "-f", "dot,mermaid"])
        path.unlink()


@CHECKED
@given(data=documents)
def test_kb_overlay_loader(root, data):
    folder = root / "kb" / "services"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.yaml").write_bytes(data)
    _run(root, ["--kb", str(root / "kb"), "kb", "check"])


@CHECKED
@given(data=documents)
def test_mkdocs_block_loader(root, data, kb):
    from generator.docs.blocks import render_block
    from generator.docs.fences import find_blocks
    from generator.docs.jobs import set_kb, spec_job

    text = data.decode("utf-8", "replace").replace("```", "'''")
    page = f"# Page\n\n```archkb\n{text}\n```\n"
    set_kb(kb)

    def run(text, name, real=None):
        return spec_job(text, name, render=False, real=real, root=str(root))

    before = _snapshot(root)
    for n, block in enumerate(find_blocks(page), 1):
        result = render_block(block, "page.md", root, run, n)
        assert isinstance(result.html, str)
        assert "internal error" not in result.html
    assert _snapshot(root) == before
