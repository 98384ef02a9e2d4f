"""AWS Lambda Web Functions in the KB: its lifecycle status, the answers and explanations that
must carry it, its limits, and templates that declare one (SAM or plain CloudFormation)."""
from __future__ import annotations

import json

from generator.cli import cli
from generator.graph import queries
from generator.importers import import_template, load_template
from generator.query import ask

SAM = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Site:
    Type: AWS::Serverless::WebFunction
    Properties:
      CodeUri: s3://code-bucket/site.zip
      EntryPoint: server.js
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
"""

CFN = """\
Resources:
  Site:
    Type: AWS::Lambda::WebFunction
    Properties: {FunctionName: site}
  SiteRevision:
    Type: AWS::Lambda::WebFunctionRevision
    Properties: {FunctionName: !Ref Site}
  SiteEndpoint:
    Type: AWS::Lambda::WebFunctionEndpoint
    Properties: {FunctionName: !Ref Site, EndpointName: prod, EndpointType: HomeRegion,
                 AuthType: IamAuth}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - {Id: web, DomainName: !GetAtt SiteEndpoint.DomainName,
             CustomOriginConfig: {OriginProtocolPolicy: https-only}}
        DefaultCacheBehavior: {TargetOriginId: web, ViewerProtocolPolicy: redirect-to-https}
"""


def test_the_node_records_that_the_api_is_not_open_to_customers(kb):
    node = kb.nodes["lambda-web"]
    assert node["status"] == "emerging"
    source = kb.sources[node["status_source"]]
    assert source["url"].startswith("https://docs.aws.amazon.com/cli/") and source["as_of"]
    assert "experimental" in node["status_note"] and "external customers" in node["status_note"]
    # the summary carries it too, so every answer and page that shows the summary says it
    assert "experimental" in node["summary"]


def test_every_fact_limit_setting_and_relation_cites_an_aws_page(kb):
    node = kb.nodes["lambda-web"]
    cited = [node["source"], node["status_source"]]
    cited += [item["source"] for group in ("facts", "limits") for item in node[group]]
    cited += [s["source"] for s in node["settings"].values()]
    cited += [r["source"] for r in node["relations"]]
    for source_id in cited:
        source = kb.sources[source_id]
        assert source["kind"] == "aws-doc", source_id
        assert source["url"].split("/")[2] in ("docs.aws.amazon.com", "docs.amazonaws.cn"), source_id
        assert source["as_of"] == "2026-12-01", source_id


def test_names_people_use_resolve_to_the_web_function_not_to_lambda(kb):
    for name in ("lambda web function", "Lambda Web Functions", "web function",
                 "AWS::Serverless::WebFunction", "AWS::Lambda::WebFunction"):
        assert kb.resolve(name) == "lambda-web", name
    # AWS now calls the original function type an Event Function
    for name in ("lambda function", "event function", "Lambda Event Functions"):
        assert kb.resolve(name) == "lambda", name


def test_web_function_or_event_function_compares_the_two(kb):
    answer = ask(kb, "lambda event function vs web function")
    assert answer["intent"] == "compare"
    assert [r["id"] for r in answer["results"]] == ["lambda", "lambda-web"]
    # "event" names the function type here, not the event-driven-complexity trade-off
    assert "AWS Lambda Web Functions" in answer["answer"] and "complexity" not in answer["answer"]


def test_what_is_a_lambda_web_function_answers_with_the_status(kb):
    answer = ask(kb, "what is a lambda web function")
    assert answer["intent"] == "explain"
    assert answer["results"][0]["id"] == "lambda-web"
    assert "experimental" in answer["answer"]


def test_limits_are_the_web_function_s_own(kb):
    per_env = ask(kb, "max concurrent requests per execution environment of a web function")
    assert (per_env["facts"][0]["node"], per_env["facts"][0]["value"]) == ("lambda-web", 128)
    timeout = ask(kb, "default timeout of a web function")
    assert (timeout["facts"][0]["node"], timeout["facts"][0]["value"]) == ("lambda-web", 30)


def test_explain_prints_the_status_and_its_source(runner, monkeypatch, tmp_path):
    monkeypatch.setenv("ARCHKB_CACHE_DIR", str(tmp_path))
    result = runner.invoke(cli, ["explain", "lambda web function"])
    assert result.exit_code == 0, result.output
    assert "Status: emerging" in result.output
    assert "cli/latest/reference/lambda-web" in result.output
    data = json.loads(runner.invoke(cli, ["explain", "lambda-web", "--json"]).output)
    assert data["results"][0]["status"] == "emerging"
    assert "AWS::Serverless::WebFunction" in data["results"][0]["cfn_types"]


def test_a_sam_web_function_imports_as_the_new_service(kb):
    spec = import_template(load_template(SAM, "template.yaml"), kb).spec
    assert {cid: c.service for cid, c in spec.components.items()} == {
        "Site": "lambda-web", "Orders": "dynamodb"}
    assert str(spec.components["Site"].location) == "template.yaml:3:3"  # the logical id


def test_revisions_and_endpoints_are_parts_of_the_one_function_drawn(kb):
    spec = import_template(load_template(CFN, "template.yaml"), kb).spec
    assert {cid: c.service for cid, c in spec.components.items()} == {
        "Site": "lambda-web", "Cdn": "cloudfront"}
    # the distribution's origin is the endpoint's domain: the edge goes to the function
    assert [(c.source, c.target) for c in spec.connections] == [("Cdn", "Site")]


def test_cloudfront_in_front_of_a_web_function_is_a_known_path(kb):
    found = queries.triggers(kb, "lambda-web")["results"]
    assert [r["id"] for r in found] == ["cloudfront"]
