"""Hardening (issue 17): every odd input ends in a located exit 2, loops and labels are
bounded, imports cannot inject YAML, MkDocs placeholders cannot collide."""
from __future__ import annotations

import pytest

from generator.errors import InputError

SPEC = "archkb: 1\ncomponents:\n  fn: {service: lambda, memory: %s}\n"


# -- numbers and keys -----------------------------------------------------------------------
@pytest.mark.parametrize("value", ["0x_", "0b_", "9" * 5000])
def test_unreadable_numbers_are_located_errors(invoke, tmp_path, value):
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC % value)
    result = invoke("lint", spec)
    assert result.exit_code == 2, result.output
    assert f"{spec}:3:" in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("value", ["0x_", "9" * 5000])
def test_unreadable_numbers_in_a_template_are_located(invoke, tmp_path, value):
    t = tmp_path / "t.yaml"
    t.write_text(f"Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
                 f"    Properties: {{MemorySize: {value}}}\n")
    result = invoke("import", t)
    assert result.exit_code == 2
    assert f"{t}:4:" in result.stderr


def test_unreadable_numbers_in_a_kb_overlay_are_located(invoke, tmp_path):
    kb = tmp_path / "kb" / "services"
    kb.mkdir(parents=True)
    (kb / "x.yaml").write_text("id: x\nname: X\nmemory: 0x_\n")
    result = invoke("--kb", tmp_path / "kb", "kb", "check")
    assert result.exit_code == 2
    assert "x.yaml:3:" in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("key", ["yes", "off", ".inf", "~"])
def test_yaml_1_1_keys_must_be_quoted(invoke, tmp_path, key):
    spec = tmp_path / "s.yaml"
    spec.write_text(f"archkb: 1\ncomponents:\n  {key}: {{service: lambda}}\n")
    result = invoke("lint", spec)
    assert result.exit_code == 2
    assert f"{spec}:3:3:" in result.stderr and "quote it" in result.stderr


def test_ids_with_a_trailing_newline_are_refused():
    from generator.spec.fields import valid_id

    assert valid_id("end") and not valid_id("end\n")


# -- imports ---------------------------------------------------------------------------------
def test_a_type_with_a_newline_cannot_inject_yaml(invoke, tmp_path, kb):
    from generator.importers import import_file
    from generator.yamlsafe import load

    t = tmp_path / "t.yaml"
    t.write_text('Resources:\n  Q:\n    Type: "AWS::SQS::Queue"\n'
                 '  X:\n    Type: "Custom::Thing\\n  injected: {service: s3}"\n')
    text, _ = import_file(t, kb)
    components = load(text, "out.yaml").data["components"]
    assert "injected" not in components
    assert set(components) <= {"Q", "X"}


def test_invalid_logical_ids_are_renamed_and_reported(kb, tmp_path):
    from generator.importers import import_file
    from generator.spec.fields import valid_id

    t = tmp_path / "t.json"
    t.write_text('{"Resources": {"legend:sync:from": {"Type": "AWS::SQS::Queue"},'
                 ' "a b": {"Type": "AWS::SNS::Topic"}}}')
    _, result = import_file(t, kb)
    ids = set(result.spec.components)
    assert all(valid_id(i) and ":" not in i for i in ids), ids  # the legend is no DOT node now
    assert len(ids) == 2
    assert sum("is not a valid spec id" in w.message for w in result.warnings) == 2


# -- Fn::ForEach -------------------------------------------------------------------------------
NESTED = """\
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Fn::ForEach::Queues:
        - Name
        - [orders, refunds]
        - ${Env}${Name}Queue:
            Type: AWS::SQS::Queue
"""


def test_nested_loops_substitute_the_outer_identifier(kb, tmp_path, invoke):
    from generator.importers import import_file

    t = tmp_path / "t.yaml"
    t.write_text(NESTED)
    text, result = import_file(t, kb)
    assert sorted(result.spec.components) == ["devordersQueue", "devrefundsQueue",
                                              "prodordersQueue", "prodrefundsQueue"]
    out = tmp_path / "spec.yaml"
    out.write_text(text)
    assert invoke("lint", out).exit_code == 0


def test_loop_expansion_is_bounded(tmp_path, invoke):
    items = "[" + ", ".join(f"i{n}" for n in range(1000)) + "]"
    t = tmp_path / "t.yaml"
    t.write_text(NESTED.replace("[dev, prod]", items).replace("[orders, refunds]", items))
    result = invoke("import", t)
    assert result.exit_code == 2
    assert f"{t}:3:3:" in result.stderr and "max_resources" in result.stderr


def test_loop_items_are_bounded(tmp_path, invoke, monkeypatch):
    monkeypatch.setenv("ARCHKB_MAX_FOREACH_ITEMS", "1")
    t = tmp_path / "t.yaml"
    t.write_text(NESTED)
    result = invoke("import", t)
    assert result.exit_code == 2 and "max_foreach_items" in result.stderr


# -- labels and sizes ---------------------------------------------------------------------------
def test_long_labels_are_located_errors(invoke, tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text("archkb: 1\ncomponents:\n  fn: {service: lambda, label: %s}\n" % ("x" * 20000))
    result = invoke("render", spec, "-o", tmp_path / "out", "-f", "dot")
    assert result.exit_code == 2
    assert f"{spec}:3:" in result.stderr and "max_label" in result.stderr


def test_component_count_is_bounded(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKB_MAX_COMPONENTS", "2")
    spec = tmp_path / "s.yaml"
    spec.write_text("archkb: 1\ncomponents:\n" + "".join(
        f"  f{n}: {{service: lambda}}\n" for n in range(3)))
    result = invoke("lint", spec)
    assert result.exit_code == 2 and "max_components" in result.stderr


def test_bidi_and_zero_width_characters_are_dropped_with_a_warning(kb):
    from generator.render.model import build
    from generator.spec.loader import spec_from_document
    from generator.yamlsafe import load

    text = 'archkb: 1\ncomponents:\n  fn: {service: lambda, label: "invoice\\u202egnp.exe\\u200b"}\n'
    spec = spec_from_document(load(text, "s.yaml"), kb)
    assert spec.components["fn"].label == "invoicegnp.exe"
    assert any("zero-width" in w.message and w.line == 3 for w in spec.warnings)
    assert build(spec, kb).nodes[0].label == "invoicegnp.exe"


def test_query_input_is_capped(invoke):
    result = invoke("query", "what triggers " + "x" * 100_000)
    assert result.exit_code == 2
    assert "max_query" in result.stderr


# -- includes ------------------------------------------------------------------------------------
def test_template_includes_cannot_leave_the_docs_folder(kb, tmp_path):
    from generator.docs.jobs import set_kb, spec_job

    secret = tmp_path / "secret.yaml"
    secret.write_text("openapi: 3.0.0\npaths: {}\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    text = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n"
            "    Type: AWS::Serverless::Api\n"
            f"    Properties: {{StageName: x, DefinitionUri: ../secret.yaml}}\n")
    set_kb(kb)
    result = spec_job(text, "page.md", render=False, root=str(docs))
    assert result["ok"]
    messages = [w["message"] for w in result["warnings"]]
    assert any("leads outside the source folder" in m for m in messages), messages
    assert str(tmp_path) not in repr(result)


# -- MkDocs placeholders ---------------------------------------------------------------------------
def test_mkdocs_placeholders_do_not_collide(tmp_path):
    pytest.importorskip("mkdocs")
    from types import SimpleNamespace

    from generator.docs.mkdocs_plugin import ArchkbPlugin

    plugin = ArchkbPlugin()
    plugin.load_config({})
    plugin._docs_dir = tmp_path

    def run(text, name, real=None):
        marker = text.strip().splitlines()[-1].split(":")[0].strip()
        return {"ok": True, "svg": f"<svg><text>{marker}</text></svg>", "findings": []}

    plugin._run = run
    blocks = "".join(f"```archkb\narchkb: 1\ncomponents:\n  b{n}x: {{service: lambda}}\n```\n\n"
                     for n in range(1, 13))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    markdown = plugin.on_page_markdown(blocks, page, None, None)
    html = "\n".join(f"<p>{line}</p>" if line.strip() else "" for line in markdown.splitlines())
    html = plugin.on_page_content(html, page, None, None)
    for n in range(1, 13):
        assert html.count(f"<text>b{n}x</text>") == 1, n
    assert "ARCHKBBLOCK" not in html


@pytest.mark.parametrize("name", ["loop.yaml", "x" * 5000 + ".yaml"])
def test_mkdocs_file_failures_are_located(tmp_path, name):
    from generator.docs.blocks import safe_file

    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    with pytest.raises(InputError) as err:
        safe_file(tmp_path, name, "page.md", 7)
    assert err.value.file == "page.md" and err.value.line == 7
    assert err.value.message.startswith("file:")


def test_path_limit_zero_is_a_usage_error(invoke):
    result = invoke("path", "s3", "dynamodb", "--limit", "0")
    assert result.exit_code == 2
    assert "no path" not in result.output


def test_fn_transform_under_resources_is_a_warning(invoke, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text("Resources:\n  Fn::Transform:\n    Name: MyMacro\n"
                 "  Q:\n    Type: AWS::SQS::Queue\n")
    result = invoke("import", t)
    assert result.exit_code == 0, result.stderr
    assert f"{t}:2:3: warning: Fn::Transform under Resources" in result.stderr


def test_link_checker_is_linear_on_unterminated_comments():
    from generator.docs.links import strip_comments

    assert strip_comments("<p>a</p>" + "<!--" * 200_000) == "<p>a</p>"


def test_gallery_names_cannot_break_the_readme_markers(tmp_path):
    from generator.docs.gallery import END, gallery_markdown, update_readme

    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "a.yaml").write_text(
        f"archkb: 1\nname: 'x {END} y'\ncomponents: {{fn: {{service: lambda}}}}\n")
    readme = "# R\n<!-- gallery:start -->\nold\n<!-- gallery:end -->\nafter\n"
    once = update_readme(readme, gallery_markdown(examples))
    assert update_readme(once, gallery_markdown(examples)) == once
    assert once.count(END) == 1


def test_integer_keys_in_a_kb_overlay_are_located(invoke, tmp_path):
    # found by the property test: an int key beside str keys crashed the error sorting
    kb = tmp_path / "kb" / "services"
    kb.mkdir(parents=True)
    (kb / "x.yaml").write_text("id: x\nname: X\n99999: a\n")
    result = invoke("--kb", tmp_path / "kb", "kb", "check")
    assert result.exit_code == 2
    assert "x.yaml:3:1: (document): unknown key 99999" in result.stderr
