"""The Terraform importer on committed fixtures: a module folder (local and registry modules,
variables, locals, count/for_each, dynamic blocks, jsonencode, templatefile, data sources)
and a plan in JSON; the CLI commands that accept them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.errors import InputError
from generator.importers import import_file, import_source, source_kind
from generator.importers.terraform import import_path
from generator.importers.terraform.settings import table

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "terraform"
ORDERS = FIXTURES / "orders"
PLAN = FIXTURES / "plan" / "plan.json"


@pytest.fixture(scope="module")
def orders(kb):
    return import_path(ORDERS, kb, display="orders")


def pairs(result):
    return {(c.source, c.target): c for c in result.spec.connections}


def test_component_ids_are_resource_addresses_and_labels_are_static_names(orders):
    comps = orders.spec.components
    assert comps["aws_lambda_function.api"].label == "shop-prod-api"  # locals, var, tfvars
    assert comps["module.jobs.aws_sqs_queue.this"].label == "shop-prod-jobs"  # module input
    assert comps["aws_lambda_function.notify"].label == "notify (x2)"  # for_each, two names
    assert comps["aws_sfn_state_machine.fulfil"].service == "step-functions"
    assert comps["module.audit"].service == "dynamodb"  # a registry module, drawn external
    assert comps["data.aws_sqs_queue.legacy"].label == "legacy (existing)"
    assert not any(c.startswith(("aws_iam", "aws_lambda_permission", "aws_security_group"))
                   for c in comps)


def test_settings_map_from_terraform_arguments(orders):
    comps = orders.spec.components
    assert comps["aws_lambda_function.api"].settings["memory"] == 512  # variable default
    assert comps["aws_lambda_function.worker"].settings["reserved_concurrency"] == 5
    queue = comps["module.jobs.aws_sqs_queue.this"].settings
    assert queue["visibility_timeout"] == 360 and queue["max_receive_count"] == 3
    assert comps["aws_dynamodb_table.orders"].settings["billing_mode"] == "on-demand"


def test_every_kind_of_wiring_is_read(orders):
    found = pairs(orders)
    expect = {
        ("module.jobs.aws_sqs_queue.this", "aws_lambda_function.worker"): "poll",  # ESM
        ("aws_s3_bucket.uploads", "aws_lambda_function.worker"): "async",  # notification
        ("aws_sns_topic.events", "aws_lambda_function.notify"): "async",  # subscription
        ("aws_cloudwatch_event_bus.orders", "aws_sfn_state_machine.fulfil"): None,  # rule
        ("aws_scheduler_schedule.nightly", "aws_lambda_function.worker"): "async",
        ("aws_apigatewayv2_api.http", "aws_lambda_function.api"): "sync",
        ("data.aws_sqs_queue.legacy", "aws_lambda_function.worker"): "poll",
    }
    for pair, mode in expect.items():
        assert pair in found, pair
        if mode:
            assert found[pair].mode == mode, (pair, found[pair].mode)
    assert found[("aws_apigatewayv2_api.http", "aws_lambda_function.api")].label == \
        "POST /orders"
    assert found[("module.jobs.aws_sqs_queue.this", "aws_lambda_function.worker")] \
        .settings["batch_size"] == 10
    # Step Functions definition through templatefile(), IAM policies in three spellings
    assert ("aws_sfn_state_machine.fulfil", "aws_lambda_function.worker") in found
    assert ("aws_sfn_state_machine.fulfil", "aws_dynamodb_table.orders") in found
    assert found[("aws_lambda_function.api", "aws_dynamodb_table.orders")].kind == "writes"
    assert ("aws_lambda_function.api", "module.jobs.aws_sqs_queue.this") in found
    assert found[("aws_lambda_function.worker", "aws_s3_bucket.uploads")].kind == "reads" \
        if ("aws_lambda_function.worker", "aws_s3_bucket.uploads") in found else True
    # failure paths: event invoke config, rule target DLQ, SQS redrive
    assert found[("aws_lambda_function.worker", "aws_sqs_queue.dlq")].label == "on failure"
    assert orders.spec.components["aws_lambda_function.worker"].settings["on_failure"] == \
        "aws_sqs_queue.dlq"
    assert found[("aws_cloudwatch_event_bus.orders", "aws_sqs_queue.dlq")].kind == "fails_to"
    assert found[("aws_cloudwatch_event_bus.orders", "aws_sfn_state_machine.fulfil")] \
        .settings["dead_letter"] == "aws_sqs_queue.dlq"
    assert ("module.jobs.aws_sqs_queue.this", "module.jobs.aws_sqs_queue.dead") in found


def test_vpc_placement_makes_groups(orders):
    spec = orders.spec
    assert spec.components["aws_lambda_function.api"].group == "aws_subnet.private"
    assert spec.groups["aws_subnet.private"].parent == "aws_vpc.main"
    assert spec.groups["aws_vpc.main"].label == "orders-vpc"


def test_every_component_and_connection_points_into_the_tf_files(orders):
    spec = orders.spec
    items = list(spec.components.values()) + spec.connections
    for item in items:
        loc = item.location
        assert loc.file.startswith("orders/") and loc.line and loc.column, item
        text = (ORDERS / loc.file[len("orders/"):]).read_text().splitlines()
        assert 1 <= loc.line <= len(text)
    api = spec.components["aws_lambda_function.api"]
    assert (api.location.file, api.location.line) == ("orders/main.tf", 40)
    esm = pairs(orders)[("module.jobs.aws_sqs_queue.this", "aws_lambda_function.worker")]
    assert str(esm.location).startswith("orders/wiring.tf:")
    line = (ORDERS / "wiring.tf").read_text().splitlines()[esm.location.line - 1]
    assert "event_source_arn" in line


def test_what_cannot_be_drawn_is_reported_not_dropped(orders):
    messages = [str(w) for w in orders.warnings]
    assert any("var.external_stream_arn" in m and "wiring.tf:" in m for m in messages)


def test_the_spec_text_loads_back(kb, tmp_path):
    from generator.spec import load_any

    text, result = import_file(ORDERS, kb)
    assert text.startswith("# Imported from a Terraform module by `archkb import`.")
    out = tmp_path / "orders.yaml"
    out.write_text(text)
    spec = load_any(out, kb)
    assert set(spec.components) == set(result.spec.components)
    assert len(spec.connections) == len(result.spec.connections)


def test_a_single_tf_file_imports_its_module(kb):
    one = import_path(ORDERS / "main.tf", kb)
    assert "aws_apigatewayv2_api.http" in one.spec.components  # defined in wiring.tf


def test_plan_json_imports_with_references_from_the_configuration(kb):
    assert source_kind(PLAN) == "terraform-plan"
    result = import_source(PLAN, kb, display="plan.json")
    comps, found = result.spec.components, pairs(result)
    assert comps["aws_lambda_function.worker"].settings["memory"] == 1024
    assert comps["module.jobs.aws_sqs_queue.this"].label == "jobs-prod"
    assert ("module.jobs.aws_sqs_queue.this", "aws_lambda_function.worker") in found
    assert ("module.jobs.aws_sqs_queue.this", "module.jobs.aws_sqs_queue.dead") in found
    assert ("aws_lambda_function.worker", "aws_dynamodb_table.orders") in found
    text = PLAN.read_text().splitlines()
    loc = comps["aws_lambda_function.worker"].location
    assert loc.file == "plan.json" and '"aws_lambda_function.worker"' in text[loc.line - 1]


def test_bad_hcl_is_an_error_at_its_place(kb, tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = \n}\n')
    with pytest.raises(InputError) as err:
        import_path(tmp_path, kb, display="bad")
    assert (err.value.file, err.value.line) == ("bad/main.tf", 2)
    assert "at line" not in err.value.message


def test_heredoc_marker_with_trailing_blanks_is_read_with_a_warning(kb, tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_sqs_queue" "q" {\n  policy = <<EOF\n{}\nEOF  \n}\n')
    result = import_path(tmp_path, kb, display="m")
    assert "aws_sqs_queue.q" in result.spec.components
    assert [w.line for w in result.warnings] == [4]


def test_files_outside_the_folder_are_never_read(kb, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"StartAt": "x", "States": {"x": {"Resource": "arn:aws:sqs:::leak"}}}')
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "main.tf").write_text(
        'resource "aws_sfn_state_machine" "s" {\n'
        '  definition = file("${path.module}/../secret.json")\n}\n'
        'resource "aws_sqs_queue" "leak" { name = "leak" }\n')
    result = import_path(mod, kb)
    assert not result.spec.connections


def test_folder_without_terraform_is_a_clear_error(kb, tmp_path):
    with pytest.raises(InputError, match="no Terraform files"):
        import_path(tmp_path, kb)


def test_settings_table_names_only_settings_the_kb_defines(kb):
    for service, settings in table().items():
        assert service in kb.nodes, service
        for name in settings:
            assert name in kb.settings(service), (service, name)


def test_tf_types_name_one_node_each(kb):
    owners: dict[str, str] = {}
    for node_id, node in kb.nodes.items():
        for tf_type in node.get("tf_types", []):
            assert tf_type not in owners, (tf_type, owners.get(tf_type), node_id)
            owners[tf_type] = node_id
    assert owners["aws_lambda_function"] == "lambda" and owners["aws_sqs_queue"] == "sqs"


def test_cli_import_render_and_lint_accept_a_terraform_folder(invoke, tmp_path):
    result = invoke("import", str(ORDERS), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "aws_lambda_function.worker" in data["spec"]["components"]
    result = invoke("lint", str(ORDERS), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["location"]["file"].endswith(".tf") for f in findings)
    result = invoke("render", str(ORDERS), "-o", str(tmp_path), "-f", "dot", "--no-lint")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "orders.dot").is_file()
    result = invoke("lint", str(PLAN))
    assert result.exit_code in (0, 1), result.output


def test_spec_yaml_of_plan_is_deterministic(kb):
    a, _ = import_file(PLAN, kb)
    b, _ = import_file(PLAN, kb)
    assert a == b and yaml.safe_load(a)["components"]


def test_registry_module_inputs_are_wired(kb, tmp_path):
    (tmp_path / "main.tf").write_text('''
module "fn" {
  source = "terraform-aws-modules/lambda/aws"
  event_source_mapping = { sqs = { event_source_arn = module.queue.queue_arn, batch_size = 5 } }
  environment_variables = { TABLE = aws_dynamodb_table.t.name }
  policy_statements = { ddb = { effect = "Allow", actions = ["dynamodb:PutItem"],
                                resources = [aws_dynamodb_table.t.arn] } }
}
module "queue" {
  source = "terraform-aws-modules/sqs/aws"
}
module "mystery" {
  source = "git::https://example.com/modules.git//x"
}
resource "aws_dynamodb_table" "t" { name = "t" }
''')
    result = import_path(tmp_path, kb, display="r")
    found = pairs(result)
    assert result.spec.components["module.fn"].service == "lambda"
    assert found[("module.queue", "module.fn")].settings["batch_size"] == 5
    assert found[("module.fn", "aws_dynamodb_table.t")].kind == "writes"
    assert any("'mystery'" in str(w) and "not drawn" in str(w) for w in result.warnings)


def test_cycles_and_odd_values_never_crash(kb, tmp_path):
    (tmp_path / "main.tf").write_text('''
locals {
  a = local.b
  b = local.a
}
module "self" { source = "./" }
resource "aws_sqs_queue" "q" {
  name  = local.a
  count = 1e400
  tags  = { x = 1 / 0 }
}
''')
    result = import_path(tmp_path, kb, display="c")
    assert list(result.spec.components) == ["aws_sqs_queue.q"]
    assert any("cycle" in str(w) and str(w).startswith("c/main.tf:6:1") for w in result.warnings)


def test_load_balancers_reach_functions_and_ecs_services(kb, tmp_path):
    (tmp_path / "main.tf").write_text('''
resource "aws_lb" "web" { name = "web" }
resource "aws_lb_target_group" "fn" { target_type = "lambda" }
resource "aws_lb_target_group" "app" { port = 80 }
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.fn.arn
  }
}
resource "aws_lb_listener_rule" "app" {
  listener_arn = aws_lb_listener.http.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
resource "aws_lambda_function" "fn" { function_name = "fn" }
resource "aws_lb_target_group_attachment" "fn" {
  target_group_arn = aws_lb_target_group.fn.arn
  target_id        = aws_lambda_function.fn.arn
}
resource "aws_ecs_service" "app" {
  name = "app"
  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = 80
  }
}
''')
    found = pairs(import_path(tmp_path, kb))
    assert found[("aws_lb.web", "aws_lambda_function.fn")].mode == "sync"
    assert ("aws_lb.web", "aws_ecs_service.app") in found


def test_terraform_json_syntax_is_read_like_hcl(kb, tmp_path):
    (tmp_path / "main.tf.json").write_text(json.dumps({"resource": {
        "aws_sqs_queue": {"jobs": {"name": "jobs", "visibility_timeout_seconds": 120}},
        "aws_lambda_function": {"worker": {"function_name": "worker", "timeout": 20}},
        "aws_lambda_event_source_mapping": {"m": {
            "event_source_arn": "${aws_sqs_queue.jobs.arn}",
            "function_name": "${aws_lambda_function.worker.arn}"}}}}, indent=2))
    result = import_path(tmp_path, kb, display="j")
    assert result.spec.components["aws_sqs_queue.jobs"].settings["visibility_timeout"] == 120
    conn = pairs(result)[("aws_sqs_queue.jobs", "aws_lambda_function.worker")]
    assert conn.mode == "poll" and conn.location.file == "j/main.tf.json" and conn.location.line
