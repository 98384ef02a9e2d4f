"""Resources to components, groups and settings; what is drawn and what is not."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.importers import import_template, load_template, read_template, spec_from_template
from generator.importers.cloudformation.catalog import role, service_for

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"



def services(spec):
    return {cid: c.service for cid, c in spec.components.items()}


def test_component_ids_are_logical_ids_and_services_come_from_the_kb(imported, kb):
    spec = imported("sam_events.yaml").spec
    found = services(spec)
    for rid, rtype in [("Uploads", "AWS::S3::Bucket"), ("Alerts", "AWS::SNS::Topic"),
                       ("Jobs", "AWS::SQS::Queue"), ("Clicks", "AWS::Kinesis::Stream"),
                       ("Orders", "AWS::DynamoDB::Table"), ("Broker", "AWS::AmazonMQ::Broker"),
                       ("Handler", "AWS::Serverless::Function"), ("Api", "AWS::Serverless::Api")]:
        assert found[rid] == kb.cfn_type_index()[rtype] or found[rid] == service_for(kb, rtype)
        assert found[rid] != "generic"
    assert found["Handler"] == "lambda"


def test_component_location_is_the_logical_id_line(imported):
    spec = imported("sam_events.yaml").spec
    loc = spec.components["Jobs"].location
    assert (loc.file.endswith("sam_events.yaml"), loc.line, loc.column) == (True, 28, 3)


def test_glue_resources_are_not_boxes(imported):
    for name in ("cfn_wiring.json", "messaging.yaml", "apigw.yaml", "alb_vpc.yaml"):
        spec = imported(name).spec
        result = imported(name)
        drawn = {result.cfn_types[c] for c in spec.components}
        for glue in ("AWS::IAM::Role", "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping",
                     "AWS::SNS::Subscription", "AWS::ApiGateway::Method",
                     "AWS::ApiGateway::Resource", "AWS::ApiGatewayV2::Route",
                     "AWS::ApiGatewayV2::Integration", "AWS::AppSync::DataSource",
                     "AWS::ElasticLoadBalancingV2::Listener",
                     "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::EC2::SecurityGroup",
                     "AWS::EC2::RouteTable", "AWS::Lambda::LayerVersion",
                     "AWS::RDS::DBSubnetGroup", "AWS::ECS::TaskDefinition"):
            assert glue not in drawn, (name, glue)


def test_pattern_rules_are_glue_but_scheduled_rules_are_sources(imported):
    spec = imported("messaging.yaml").spec
    assert "OrderRule" not in spec.components and "DefaultBusRule" not in spec.components
    assert spec.components["Nightly"].service == "eventbridge"
    assert "cron(0 2 * * ? *)" in spec.components["Nightly"].label


def test_log_groups_are_drawn_only_when_events_flow_through_them(imported):
    spec = imported("messaging.yaml").spec
    assert spec.components["AuditLogs"].service != "generic"  # a rule target
    assert "FunctionLogs" in spec.components  # the source of a subscription filter


def test_unknown_types_become_generic_components_never_errors(imported):
    spec = imported("unknown_types.yaml").spec
    thing = spec.components["Thing"]
    assert thing.service == "generic" and "AWS::Future::Widget" in thing.label
    assert spec.components["Seeder"].service == service_for(
        __import__("generator.kb", fromlist=["load_kb"]).load_kb(), "Custom::SeedData")


def test_implicit_sam_apis_appear_only_when_events_use_them(imported):
    spec = imported("sam_events.yaml").spec
    assert spec.components["ServerlessRestApi"].service == "api-gateway"
    assert spec.components["ServerlessRestApi"].settings == {"type": "rest"}
    assert spec.components["ServerlessHttpApi"].settings == {"type": "http"}
    assert "ServerlessRestApi" not in imported("apigw.yaml").spec.components


def test_globals_apply_to_functions_and_locals_win(imported):
    spec = imported("sam_events.yaml").spec
    handler, fanout = spec.components["Handler"].settings, spec.components["Fanout"].settings
    assert handler["timeout"] == 60 and fanout["timeout"] == 30
    assert handler["memory"] == 1024  # Globals: !Ref MemoryParam, default 1024
    assert fanout["memory"] == 256
    assert handler["runtime"] == fanout["runtime"] == "python3.12"
    assert handler["architecture"] == "arm64" and handler["tracing"] == "active"
    where = spec.components["Fanout"].setting_locations["timeout"]
    assert where.line == 15  # the Globals line it came from


def test_function_and_queue_settings(imported):
    spec = imported("cfn_wiring.json").spec
    worker = spec.components["Worker"].settings
    assert worker["memory"] == 512 and worker["timeout"] == 25  # "25": a string in JSON
    assert worker["runtime"] == "nodejs20.x" and worker["layers"] == ["Layer"]
    assert worker["on_failure"] == "Dlq"
    assert "s3:*" in worker["permissions"] and "sqs:SendMessage" in worker["permissions"]
    assert spec.components["In"].settings == {"visibility_timeout": 60, "dead_letter": "Dlq",
                                              "max_receive_count": 5}
    assert imported("sam_events.yaml").spec.components["Handler"].settings[
        "reserved_concurrency"] == 5


def test_provisioned_concurrency_on_an_alias_belongs_to_the_function(kb):
    doc = load_template(
        "Resources:\n"
        "  Fn: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12}}\n"
        "  Live:\n    Type: AWS::Lambda::Alias\n    Properties:\n"
        "      FunctionName: !Ref Fn\n      FunctionVersion: '1'\n"
        "      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 7}\n", "t.yaml")
    assert spec_from_template(doc, kb).components["Fn"].settings["provisioned_concurrency"] == 7


def test_vpcs_and_subnets_are_groups_and_components_sit_in_them(imported):
    spec = imported("alb_vpc.yaml").spec
    groups = {g.id: (g.kind, g.parent, g.settings.get("public")) for g in spec.groups.values()}
    assert groups["Vpc"] == ("vpc", None, None)
    assert groups["PublicA"] == ("subnet", "Vpc", True)
    assert groups["PrivateA"] == ("subnet", "Vpc", False)
    assert "PublicB" not in groups  # empty groups are not drawn
    assert spec.groups["Vpc"].label == "main-vpc"
    place = {cid: c.group for cid, c in spec.components.items()}
    assert place["VpcFn"] == "PrivateA" and place["Service"] == "PrivateA"
    assert place["Alb"] == "Vpc"  # two subnets of one VPC
    assert place["Nat"] == "PublicA" and place["Igw"] == "Vpc"
    assert place["Aurora"] == "PrivateA"  # through its DB subnet group
    assert place["Db"] is None
    assert place["ParamFn"] == "ExistingSubnets" and spec.groups["ExistingSubnets"].kind == "vpc"


def test_ecs_cluster_and_task_definition_fold_into_the_service(imported):
    spec = imported("alb_vpc.yaml").spec
    assert "Cluster" not in spec.components and "Task" not in spec.components
    assert spec.components["Service"].settings == {"capacity_provider": "fargate"}
    assert "AuroraWriter" not in spec.components  # an instance of the cluster


def test_a_template_of_only_support_resources_draws_them(kb):
    doc = load_template("Resources:\n  Hc: {Type: AWS::Route53::HealthCheck}\n", "t.yaml")
    assert list(spec_from_template(doc, kb).components) == ["Hc"]


def test_a_template_without_resources_is_an_input_error(kb):
    with pytest.raises(InputError, match="no resources") as err:
        spec_from_template(load_template("Transform: x\nResources:\n", "t.yaml"), kb)
    assert err.value.line == 2


@pytest.mark.parametrize("text, line", [
    ("Resources: [a]\n", 1),
    ("Resources:\n  Q: notamapping\n", 2),
    ("Resources:\n  Q:\n    Properties: {}\n", 2),
])
def test_malformed_resources_are_located_input_errors(kb, text, line):
    with pytest.raises(InputError) as err:
        spec_from_template(load_template(text, "t.yaml"), kb)
    assert err.value.line == line


def test_roles():
    assert role("AWS::EC2::VPC") == "group"
    assert role("AWS::EC2::NatGateway") == "component"  # lint needs it inside the VPC
    assert role("AWS::ApiGateway::Stage") == "support"
    assert role("AWS::ApiGateway::RestApi") == "component"


def test_foreach_loops_of_the_language_extensions_are_expanded(imported):
    result = imported("foreach.yaml")
    spec = result.spec
    assert {"ordersQueue", "refundsQueue", "Worker"} <= set(spec.components)
    assert spec.components["ordersQueue"].location.line == 10  # the loop's key
    assert ("ordersQueue", "Worker") in {(c.source, c.target) for c in spec.connections}
    assert any("Fn::ForEach::Unknown" in w.message and w.line == 17 for w in result.warnings)


VPC_BY_PARAMETER = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  PrivateSubnets: {Type: 'List<AWS::EC2::Subnet::Id>'}
Resources:
  Table: {Type: AWS::DynamoDB::Table}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      VpcConfig: {SubnetIds: !Ref PrivateSubnets, SecurityGroupIds: []}
      Policies: [{DynamoDBCrudPolicy: {TableName: !Ref Table}}]
"""


def test_a_vpc_given_as_parameters_is_external_and_not_egress_checked(kb):
    from generator.lint import lint_spec

    spec = spec_from_template(load_template(VPC_BY_PARAMETER, "t.yaml"), kb)
    group = spec.groups[spec.components["Fn"].group]
    assert group.kind == "vpc" and group.settings == {"external": True}
    assert not [f for f in lint_spec(spec, kb) if f.rule == "W5001"]
    group.settings["external"] = False  # the same design with the VPC in view is flagged
    assert [f.rule for f in lint_spec(spec, kb) if f.rule == "W5001"] == ["W5001"]
