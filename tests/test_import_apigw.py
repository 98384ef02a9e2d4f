"""API Gateway integrations read alike from CloudFormation and Terraform: a REST method's
integration, an HTTP API integration with its routes, and the x-amazon-apigateway-integration
of an OpenAPI body each reach the component that their URI, subtype, request templates or
request parameters name, with the invocation mode that the request parameters fix.

Every case runs on both formats with the same expectation; a case that one format reads
differently says why.

Fixed in CloudFormation to read as Terraform did: PutEvents without a bus name reaches the
default bus; a parameter in the request parameters or templates of an integration whose URI or
subtype names the service is an existing resource of that service. Fixed in both: the
region of an action or path URI (``...:${Region}:states:action/StartExecution``) never names
the target, and only the function or queue ARN of a path URI is read (so a literal one is
read too); an OpenAPI integration that calls its own API is no connection. Since the two
importers share one reading (``generator/importers/apigw_common.py``), every kind of
integration also takes its mode from ``X-Amz-Invocation-Type`` (a WebSocket integration too)
and falls back to its VPC link."""
from __future__ import annotations

import json

import pytest

from generator.importers import load_template, spec_from_template
from generator.importers.terraform import import_path

CFN_TARGETS = {
    "Fn": {"Type": "AWS::Lambda::Function"},
    "Queue": {"Type": "AWS::SQS::Queue"},
    "Machine": {"Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"StateMachineName": "flow"}},
    "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "app-bus"}},
    "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "clicks"}},
    "Topic": {"Type": "AWS::SNS::Topic"},
    "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders"}},
}
CFN_PARAMETERS = {name: {"Type": "String"} for name in ("FnArn", "MachineArn", "Region")}
TF_TARGETS = '''
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
variable "fn_arn" { type = string }
variable "machine_arn" { type = string }
variable "region" { type = string }
resource "aws_lambda_function" "fn" { function_name = "orders-fn" }
resource "aws_sqs_queue" "queue" { name = "jobs" }
resource "aws_sfn_state_machine" "machine" { name = "flow" }
resource "aws_cloudwatch_event_bus" "bus" { name = "app-bus" }
resource "aws_kinesis_stream" "stream" { name = "clicks" }
resource "aws_sns_topic" "topic" { name = "alerts" }
resource "aws_dynamodb_table" "table" { name = "orders" }
'''
IDS = {
    "cfn": {"fn": "Fn", "queue": "Queue", "machine": "Machine", "bus": "Bus",
            "stream": "Stream", "topic": "Topic", "table": "Table",
            "default bus": "DefaultEventBus", "fn parameter": "FnArn",
            "machine parameter": "MachineArn"},
    "tf": {"fn": "aws_lambda_function.fn", "queue": "aws_sqs_queue.queue",
           "machine": "aws_sfn_state_machine.machine", "bus": "aws_cloudwatch_event_bus.bus",
           "stream": "aws_kinesis_stream.stream", "topic": "aws_sns_topic.topic",
           "table": "aws_dynamodb_table.table", "default bus": "default_event_bus",
           "fn parameter": "var.fn_arn", "machine parameter": "var.machine_arn"},
}
FORMATS = ("cfn", "tf")


def _cfn_spec(resources: dict):
    template = {"Parameters": CFN_PARAMETERS, "Resources": {**CFN_TARGETS, **resources}}
    return spec_from_template(load_template(json.dumps(template), "t.json"), _kb())


def _tf_spec(tmp_path, hcl: str):
    (tmp_path / "main.tf").write_text(TF_TARGETS + hcl)
    return import_path(tmp_path, _kb(), display="m").spec


def _kb():
    from generator.kb import load_kb

    return load_kb()


def _from(spec, source: str) -> dict:
    """The connections leaving ``source``, by target id."""
    return {c.target: c for c in spec.connections if c.source == source}


def _expected(fmt: str, role) -> set[str]:
    """The target ids a case expects (``role``: a role, None, or a role per format)."""
    role = role.get(fmt) if isinstance(role, dict) else role
    return {IDS[fmt][role]} if role else set()


def _sub(text: str) -> dict:
    return {"Fn::Sub": text}


LAMBDA_URI = ("arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/"
              "invocations")
TF_REGION = "${data.aws_region.current.name}"


def _action(service: str, action: str, region: str = "${AWS::Region}") -> str:
    return f"arn:aws:apigateway:{region}:{service}:action/{action}"


def _tf_action(service: str, action: str, region: str = TF_REGION) -> str:
    return f'"arn:aws:apigateway:{region}:{service}:action/{action}"'


def _tf_template(text: str) -> str:
    return "{ \"application/json\" = " + json.dumps(text) + " }"


def _aws_case(case: str, service: str, action: str, role, mode, template: str = "",
              parameter: tuple[str, str, str] | None = None) -> tuple:
    """A REST case of an AWS service action whose target is in a literal request template,
    or in a query string parameter ``(name, CloudFormation resource, Terraform reference)``."""
    cfn: dict = {"Type": "AWS", "Uri": _sub(_action(service, action))}
    tf = f'type = "AWS"\n  uri = {_tf_action(service, action)}\n  '
    if parameter:
        key = f"integration.request.querystring.{parameter[0]}"
        cfn["RequestParameters"] = {key: _sub(f"'${{{parameter[1]}}}'")}
        tf += f'request_parameters = {{ "{key}" = "\'${{{parameter[2]}}}\'" }}'
    else:
        cfn["RequestTemplates"] = {"application/json": template}
        tf += f"request_templates = {_tf_template(template)}"
    return case, cfn, tf, role, mode


# -- REST API methods --------------------------------------------------------------------------
# (case, CloudFormation Integration, Terraform aws_api_gateway_integration arguments,
#  expected target role or None, expected mode)
REST_CASES = [
    ("lambda proxy",
     {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": _sub(LAMBDA_URI)},
     'type = "AWS_PROXY"\n  uri = aws_lambda_function.fn.invoke_arn', "fn", "sync"),
    ("step functions StartExecution, the machine in the request template",
     {"Type": "AWS", "Uri": _sub(_action("states", "StartExecution")),
      "RequestTemplates": {"application/json": _sub(
          '{"input": "$util.escapeJavaScript($input.json(\'$\'))", '
          '"stateMachineArn": "${Machine}"}')}},
     f'type = "AWS"\n  uri = {_tf_action("states", "StartExecution")}\n'
     '  request_templates = { "application/json" = jsonencode({ input = "$input.body",'
     ' stateMachineArn = aws_sfn_state_machine.machine.arn }) }', "machine", "async"),
    ("step functions StartSyncExecution, the machine's ARN written out",
     {"Type": "AWS", "Uri": _sub(_action("states", "StartSyncExecution")),
      "RequestTemplates": {"application/json":
                           '{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:'
                           'stateMachine:flow"}'}},
     f'type = "AWS"\n  uri = {_tf_action("states", "StartSyncExecution")}\n'
     '  request_templates = ' + _tf_template(
         '{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:flow"}'),
     "machine", "async"),  # the KB's mode: sync needs an Express machine
    ("sqs path URI",
     {"Type": "AWS", "Uri": _sub("arn:aws:apigateway:${AWS::Region}:sqs:path/"
                                 "${AWS::AccountId}/${Queue.QueueName}")},
     'type = "AWS"\n  uri = "arn:aws:apigateway:${data.aws_region.current.name}:sqs:path/'
     '${data.aws_caller_identity.current.account_id}/${aws_sqs_queue.queue.name}"',
     "queue", "sync"),
    _aws_case("sqs SendMessage, the queue in a request parameter", "sqs", "SendMessage",
              "queue", "sync", parameter=("QueueUrl", "Queue", "aws_sqs_queue.queue.url")),
    _aws_case("eventbridge PutEvents to a named bus", "events", "PutEvents", "bus", "sync",
              template='{"Entries": [{"Source": "shop", "EventBusName": "app-bus"}]}'),
    _aws_case("eventbridge PutEvents without a bus: the default bus", "events", "PutEvents",
              "default bus", "sync",
              template='{"Entries": [{"Source": "shop", "Detail": "$input.body"}]}'),
    _aws_case("kinesis PutRecord", "kinesis", "PutRecord", "stream", "sync",
              template='{"StreamName": "clicks", "Data": "x"}'),
    _aws_case("sns Publish, the topic in a request parameter", "sns", "Publish", "topic",
              "sync", parameter=("TopicArn", "Topic", "aws_sns_topic.topic.arn")),
    _aws_case("dynamodb PutItem", "dynamodb", "PutItem", "table", None,
              template='{"TableName": "orders", "Item": {}}'),
    ("http proxy to a URL outside: nothing to draw",
     {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "ANY", "Uri": "https://example.com/{proxy}"},
     'type = "HTTP_PROXY"\n  integration_http_method = "ANY"\n'
     '  uri = "https://example.com/{proxy}"', None, None),
    ("lambda invoked asynchronously (X-Amz-Invocation-Type 'Event')",
     {"Type": "AWS", "Uri": _sub(LAMBDA_URI), "RequestParameters": {
         "integration.request.header.X-Amz-Invocation-Type": "'Event'"}},
     'type = "AWS"\n  uri = aws_lambda_function.fn.invoke_arn\n  request_parameters = '
     '{ "integration.request.header.X-Amz-Invocation-Type" = "\'Event\'" }', "fn", "async"),
    ("invocation type taken from the method request: the KB's mode",
     {"Type": "AWS", "Uri": _sub(LAMBDA_URI), "RequestParameters": {
         "integration.request.header.X-Amz-Invocation-Type":
             "method.request.header.InvocationType"}},
     'type = "AWS"\n  uri = aws_lambda_function.fn.invoke_arn\n  request_parameters = '
     '{ "integration.request.header.X-Amz-Invocation-Type" = '
     '"method.request.header.InvocationType" }', "fn", "sync"),
    ("a function passed in as a parameter or variable: an existing function",
     {"Type": "AWS_PROXY", "Uri": _sub("arn:aws:apigateway:${AWS::Region}:lambda:path/"
                                       "2015-03-31/functions/${FnArn}/invocations")},
     'type = "AWS_PROXY"\n  uri = "arn:aws:apigateway:${data.aws_region.current.name}:'
     'lambda:path/2015-03-31/functions/${var.fn_arn}/invocations"', "fn parameter", "sync"),
]


def _cfn_rest(integration: dict):
    spec = _cfn_spec({
        "Api": {"Type": "AWS::ApiGateway::RestApi"},
        "Orders": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "PathPart": "orders"}},
        "Post": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Orders"}, "HttpMethod": "POST",
            "Integration": integration}}})
    return _from(spec, "Api")


def _tf_rest(tmp_path, integration: str):
    spec = _tf_spec(tmp_path, f'''
resource "aws_api_gateway_rest_api" "api" {{ name = "api" }}
resource "aws_api_gateway_resource" "orders" {{
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "orders"
}}
resource "aws_api_gateway_method" "post" {{
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "NONE"
}}
resource "aws_api_gateway_integration" "post" {{
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.orders.id
  http_method = aws_api_gateway_method.post.http_method
  {integration}
}}
''')
    return _from(spec, "aws_api_gateway_rest_api.api")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case, cfn, tf, role, mode", REST_CASES, ids=[c[0] for c in REST_CASES])
def test_a_rest_method_reaches_what_its_integration_names(tmp_path, fmt, case, cfn, tf, role,
                                                          mode):
    found = _cfn_rest(cfn) if fmt == "cfn" else _tf_rest(tmp_path, tf)
    assert set(found) == _expected(fmt, role)
    for conn in found.values():
        assert (conn.label, conn.mode) == ("POST /orders", mode)



@pytest.mark.parametrize("fmt", FORMATS)
def test_the_region_of_an_action_uri_is_never_the_target(tmp_path, fmt):
    """A region passed in (a parameter, a variable without a value) is no state machine."""
    template = '{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:flow"}'
    cfn = {"Type": "AWS", "Uri": _sub(_action("states", "StartExecution", "${Region}")),
           "RequestTemplates": {"application/json": template}}
    tf = (f'type = "AWS"\n  uri = {_tf_action("states", "StartExecution", "${var.region}")}\n'
          f"  request_templates = {_tf_template(template)}")
    found = _cfn_rest(cfn) if fmt == "cfn" else _tf_rest(tmp_path, tf)
    assert set(found) == {IDS[fmt]["machine"]}


APIGW = "arn:aws:apigateway:us-east-1"
PATH_URIS = [  # (CloudFormation Uri, its target; Terraform uri, its target)
    (_sub("arn:aws:apigateway:${Region}:lambda:path/2015-03-31/functions/${FnArn}/invocations"),
     "FnArn",
     "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/${var.fn_arn}/"
     "invocations", "var.fn_arn"),
    (f"{APIGW}:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:"
     "function:legacy/invocations", "legacy",
     f"{APIGW}:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:"
     "function:orders-fn/invocations", "aws_lambda_function.fn"),
    (f"{APIGW}:sqs:path/123456789012/legacy-orders", "legacy-orders",
     f"{APIGW}:sqs:path/123456789012/jobs", "aws_sqs_queue.queue"),
]


@pytest.mark.parametrize("cfn, cfn_target, tf, tf_target", PATH_URIS,
                         ids=["region passed in", "literal function ARN", "literal queue"])
def test_a_path_uri_is_read_for_the_part_that_names_its_target(tmp_path, cfn, cfn_target, tf,
                                                               tf_target):
    """Only the function's or queue's ARN in the URI is resolved: a region passed in is not
    the target, and a literal ARN is read as CloudFormation reads ARNs (an existing resource)
    and Terraform reads names (a resource of the files with that name)."""
    assert list(_cfn_rest({"Type": "AWS", "Uri": cfn})) == [cfn_target]
    assert list(_tf_rest(tmp_path, f'type = "AWS"\n  uri = "{tf}"')) == [tf_target]

def test_a_dynamodb_integration_is_a_call_not_a_trigger(tmp_path):
    case = next(c for c in REST_CASES if c[0] == "dynamodb PutItem")
    assert _cfn_rest(case[1])["Table"].kind == "calls"
    assert _tf_rest(tmp_path, case[2])["aws_dynamodb_table.table"].kind == "calls"


def test_a_rest_method_is_labelled_with_its_nested_path_or_the_root(tmp_path):
    integration = REST_CASES[0][1]
    spec = _cfn_spec({
        "Api": {"Type": "AWS::ApiGateway::RestApi"},
        "Orders": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "PathPart": "orders"}},
        "Order": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Ref": "Orders"}, "PathPart": "{id}"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Order"}, "HttpMethod": "GET",
            "Integration": integration}},
        "Root": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "ANY", "Integration": {**integration, "Uri": _sub(
                LAMBDA_URI.replace("${Fn.Arn}", "${FnArn}"))}}}})
    assert {t: c.label for t, c in _from(spec, "Api").items()} == {
        "Fn": "GET /orders/{id}", "FnArn": "ANY /"}
    spec = _tf_spec(tmp_path, '''
resource "aws_api_gateway_rest_api" "api" { name = "api" }
resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "orders"
}
resource "aws_api_gateway_resource" "order" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.orders.id
  path_part   = "{id}"
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.order.id
  http_method = "GET"
  type        = "AWS_PROXY"
  uri         = aws_lambda_function.fn.invoke_arn
}
resource "aws_api_gateway_integration" "root" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = "ANY"
  type        = "AWS_PROXY"
  uri         = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${var.fn_arn}/\
invocations"
}
''')
    assert {t: c.label for t, c in _from(spec, "aws_api_gateway_rest_api.api").items()} == {
        "aws_lambda_function.fn": "GET /orders/{id}", "var.fn_arn": "ANY /"}


# -- HTTP and WebSocket APIs -------------------------------------------------------------------
BODY = ("$request.body", '"$request.body"')


def _subtype_case(subtype: str, role, **parameters: tuple) -> tuple:
    """An HTTP API AWS service integration: its subtype and request parameters, each as
    ``(CloudFormation value, Terraform expression)``."""
    cfn = {"IntegrationType": "AWS_PROXY", "IntegrationSubtype": subtype,
           "RequestParameters": {k: v[0] for k, v in parameters.items()}}
    assignments = ", ".join(f"{k} = {v[1]}" for k, v in parameters.items())
    tf = (f'integration_type = "AWS_PROXY"\n  integration_subtype = "{subtype}"\n'
          f'  request_parameters = {{ {assignments} }}')
    return f"{subtype} {sorted(parameters)}", cfn, tf, role


V2_CASES = [
    ("lambda by reference", {"IntegrationType": "AWS_PROXY",
                             "IntegrationUri": {"Fn::GetAtt": ["Fn", "Arn"]}},
     'integration_type = "AWS_PROXY"\n  integration_uri = aws_lambda_function.fn.arn', "fn"),
    _subtype_case("SQS-SendMessage", "queue", MessageBody=BODY,
                  QueueUrl=({"Ref": "Queue"}, "aws_sqs_queue.queue.url")),
    _subtype_case("EventBridge-PutEvents", "bus", Detail=BODY, EventBusName=(
        {"Fn::GetAtt": ["Bus", "Name"]}, "aws_cloudwatch_event_bus.bus.name")),
    _subtype_case("EventBridge-PutEvents", "default bus",
                  Detail=BODY, DetailType=("order", '"order"'), Source=("shop", '"shop"')),
    _subtype_case("StepFunctions-StartExecution", "machine", Input=BODY, StateMachineArn=(
        {"Ref": "Machine"}, "aws_sfn_state_machine.machine.arn")),
    _subtype_case("StepFunctions-StartExecution", "machine parameter",
                  StateMachineArn=({"Ref": "MachineArn"}, "var.machine_arn")),
    ("HTTP proxy to a URL outside: nothing to draw", {
        "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY",
        "IntegrationUri": "https://example.com"},
     'integration_type = "HTTP_PROXY"\n  integration_method = "ANY"\n'
     '  integration_uri = "https://example.com"', None),
]


def _cfn_v2(integration: dict):
    routes = {f"Route{i}": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
        "ApiId": {"Ref": "Http"}, "RouteKey": key, "Target": _sub("integrations/${Integ}")}}
        for i, key in enumerate(("POST /a", "GET /b", "GET /c"))}
    spec = _cfn_spec({
        "Http": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"ProtocolType": "HTTP"}},
        "Integ": {"Type": "AWS::ApiGatewayV2::Integration",
                  "Properties": {"ApiId": {"Ref": "Http"}, **integration}}, **routes})
    return _from(spec, "Http")


def _tf_v2(tmp_path, integration: str):
    routes = "".join(f'''
resource "aws_apigatewayv2_route" "r{i}" {{
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "{key}"
  target    = "integrations/${{aws_apigatewayv2_integration.i.id}}"
}}''' for i, key in enumerate(("POST /a", "GET /b", "GET /c")))
    spec = _tf_spec(tmp_path, routes + f'''
resource "aws_apigatewayv2_api" "http" {{
  name          = "http"
  protocol_type = "HTTP"
}}
resource "aws_apigatewayv2_integration" "i" {{
  api_id = aws_apigatewayv2_api.http.id
  {integration}
}}
''')
    return _from(spec, "aws_apigatewayv2_api.http")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case, cfn, tf, role", V2_CASES, ids=[c[0] for c in V2_CASES])
def test_an_http_api_integration_reaches_what_it_names_labelled_by_routes(tmp_path, fmt, case,
                                                                          cfn, tf, role):
    found = _cfn_v2(cfn) if fmt == "cfn" else _tf_v2(tmp_path, tf)
    assert set(found) == _expected(fmt, role)
    for conn in found.values():
        assert conn.label == "POST /a, GET /b"  # the first two routes



def test_a_websocket_integration_may_invoke_its_function_asynchronously(tmp_path):
    key = "integration.request.header.X-Amz-Invocation-Type"
    found = _cfn_v2({"IntegrationType": "AWS", "IntegrationUri": _sub(LAMBDA_URI),
                     "RequestParameters": {key: "'Event'"}})
    assert found["Fn"].mode == "async"
    found = _tf_v2(tmp_path, 'integration_type = "AWS"\n'
                   '  integration_uri = aws_lambda_function.fn.invoke_arn\n'
                   f'  request_parameters = {{ "{key}" = "\'Event\'" }}')
    assert found["aws_lambda_function.fn"].mode == "async"

def test_a_literal_lambda_arn_is_an_existing_function_in_cloudformation_only(tmp_path):
    """CloudFormation's resolver draws a literal ARN as an existing resource; Terraform's
    draws existing resources only from variables, data sources and registry modules."""
    arn = "arn:aws:lambda:us-east-1:123456789012:function:legacy"
    found = _cfn_v2({"IntegrationType": "AWS_PROXY", "IntegrationUri": arn})
    assert list(found) == ["legacy"]
    found = _cfn_v2({"IntegrationType": "AWS_PROXY", "IntegrationUri": _sub(
        "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:legacy")})
    assert list(found) == ["legacy"]
    tf = f'integration_type = "AWS_PROXY"\n  integration_uri = "{arn}"'
    assert _tf_v2(tmp_path, tf) == {}


def test_an_http_api_quick_create_target_is_its_integration(tmp_path):
    spec = _cfn_spec({"Http": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
        "ProtocolType": "HTTP", "Target": {"Fn::GetAtt": ["Fn", "Arn"]}}}})
    assert list(_from(spec, "Http")) == ["Fn"]
    spec = _tf_spec(tmp_path, '''
resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
  target        = aws_lambda_function.fn.arn
}
''')
    assert list(_from(spec, "aws_apigatewayv2_api.http")) == ["aws_lambda_function.fn"]


# -- OpenAPI bodies ----------------------------------------------------------------------------
OPENAPI_CASES = [
    ("lambda proxy", {"type": "aws_proxy", "httpMethod": "POST", "uri": _sub(LAMBDA_URI)},
     'type = "aws_proxy", httpMethod = "POST", uri = aws_lambda_function.fn.invoke_arn',
     "fn", "sync"),
    ("step functions StartExecution", {
        "type": "aws", "httpMethod": "POST", "uri": _sub(_action("states", "StartExecution")),
        "requestTemplates": {"application/json": _sub('{"stateMachineArn": "${Machine}"}')}},
     f'type = "aws", httpMethod = "POST", uri = {_tf_action("states", "StartExecution")},\n'
     '  requestTemplates = { "application/json" = jsonencode({'
     ' stateMachineArn = aws_sfn_state_machine.machine.arn }) }', "machine", "async"),
    ("eventbridge PutEvents without a bus: the default bus", {
        "type": "aws", "httpMethod": "POST", "uri": _sub(_action("events", "PutEvents")),
        "requestTemplates": {"application/json": '{"Entries": [{"Source": "shop"}]}'}},
     f'type = "aws", httpMethod = "POST", uri = {_tf_action("events", "PutEvents")},\n'
     '  requestTemplates = ' + _tf_template('{"Entries": [{"Source": "shop"}]}'),
     "default bus", "sync"),
    ("lambda invoked asynchronously", {
        "type": "aws", "httpMethod": "POST", "uri": _sub(LAMBDA_URI),
        "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}},
     'type = "aws", httpMethod = "POST", uri = aws_lambda_function.fn.invoke_arn,\n'
     '  requestParameters = { "integration.request.header.X-Amz-Invocation-Type" ='
     ' "\'Event\'" }', "fn", "async"),
    ("http proxy to a URL outside: nothing to draw",
     {"type": "http_proxy", "httpMethod": "ANY", "uri": "https://example.com/x"},
     'type = "http_proxy", httpMethod = "ANY", uri = "https://example.com/x"', None, None),
]


def _cfn_openapi(integration: dict, method: str = "post"):
    body = {"openapi": "3.0.1", "paths": {"/start": {
        method: {"x-amazon-apigateway-integration": integration}}}}
    spec = _cfn_spec({"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": body}}})
    return _from(spec, "Api")


def _tf_openapi(tmp_path, integration: str, method: str = "post"):
    spec = _tf_spec(tmp_path, f'''
resource "aws_api_gateway_rest_api" "api" {{
  name = "api"
  body = jsonencode({{
    openapi = "3.0.1"
    paths = {{ "/start" = {{ "{method}" = {{ "x-amazon-apigateway-integration" = {{
      {integration}
    }} }} }} }}
  }})
}}
''')
    return _from(spec, "aws_api_gateway_rest_api.api")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case, cfn, tf, role, mode", OPENAPI_CASES,
                         ids=[c[0] for c in OPENAPI_CASES])
def test_an_openapi_integration_reaches_what_it_names(tmp_path, fmt, case, cfn, tf, role, mode):
    found = _cfn_openapi(cfn) if fmt == "cfn" else _tf_openapi(tmp_path, tf)
    assert set(found) == _expected(fmt, role)
    for conn in found.values():
        assert (conn.label, conn.mode) == ("POST /start", mode)


def test_an_openapi_any_method_is_labelled_any(tmp_path):
    case = OPENAPI_CASES[0]
    found = _cfn_openapi(case[1], "x-amazon-apigateway-any-method")
    assert found["Fn"].label == "ANY /start"
    found = _tf_openapi(tmp_path, case[2], "x-amazon-apigateway-any-method")
    assert found["aws_lambda_function.fn"].label == "ANY /start"


def test_an_openapi_integration_calling_its_own_api_is_no_connection(tmp_path):
    uri = "arn:aws:apigateway:${AWS::Region}:execute-api:path/${Api}/start"
    assert _cfn_openapi({"type": "aws_proxy", "httpMethod": "POST", "uri": _sub(uri)}) == {}
    tf = ('type = "aws_proxy", httpMethod = "POST", uri = "arn:aws:apigateway:us-east-1:'
          'execute-api:path/${aws_api_gateway_rest_api.api.id}/start"')
    assert _tf_openapi(tmp_path, tf) == {}
