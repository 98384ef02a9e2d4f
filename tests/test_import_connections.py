"""Connections with direction and kind: every wiring construct the importer reads."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.importers import import_template, load_template, read_template, spec_from_template

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"



def conns(spec):
    return {(c.source, c.target): c for c in spec.connections}


def pairs(spec):
    return set(conns(spec))


SAM_EVENT_SOURCES = [
    ("Uploads", "sam_event:S3"), ("Alerts", "sam_event:SNS"), ("Jobs", "sam_event:SQS"),
    ("Clicks", "sam_event:Kinesis"), ("Orders", "sam_event:DynamoDB"),
    ("ClusterArn", "sam_event:MSK"), ("Broker", "sam_event:MQ"), ("Docs", "sam_event:DocumentDB"),
    ("ServerlessRestApi", "sam_event:Api"), ("Api", "sam_event:Api"),
    ("ServerlessHttpApi", "sam_event:HttpApi"), ("HandlerNightly", "sam_event:Schedule"),
    ("HandlerHourly", "sam_event:ScheduleV2"), ("DefaultEventBus", "sam_event:EventBridgeRule"),
    ("AppBus", "sam_event:EventBridgeRule"), ("HandlerIot", "sam_event:IoTRule"),
    ("Users", "sam_event:Cognito"), ("HandlerSelfKafka", "sam_event:SelfManagedKafka"),
]


@pytest.mark.parametrize("source, evidence", SAM_EVENT_SOURCES)
def test_every_sam_event_type_is_a_connection_into_the_function(imported, source, evidence):
    result = imported("sam_events.yaml")
    assert (source, "Handler") in pairs(result.spec)
    assert evidence in result.evidence[(source, "Handler")]


def test_kinds_modes_and_vias_come_from_the_kb(imported, kb):
    from generator.spec.infer import connection_kind

    spec = imported("sam_events.yaml").spec
    c = conns(spec)
    assert (c[("Jobs", "Handler")].kind, c[("Jobs", "Handler")].mode) == ("triggers", "poll")
    assert c[("ServerlessRestApi", "Handler")].mode == "sync"
    assert c[("Uploads", "Handler")].mode == "async"
    for conn in spec.connections:
        src, dst = spec.components[conn.source].service, spec.components[conn.target].service
        expected = connection_kind(kb, src, dst, conn.kind if conn.explicit_kind else None)
        assert (conn.kind, conn.mode, conn.via) == expected[:3]


def test_event_source_mapping_settings_and_labels(imported):
    c = conns(imported("sam_events.yaml").spec)
    assert c[("Jobs", "Handler")].settings == {"batch_size": 10, "batching_window": 5,
                                               "max_concurrency": 20,
                                               "report_batch_item_failures": True}
    assert c[("Clicks", "Handler")].settings == {"parallelization_factor": 2,
                                                 "starting_position": "LATEST"}
    assert c[("Orders", "Handler")].settings["bisect_batch_on_error"] is True
    assert c[("ServerlessRestApi", "Handler")].label == "GET /orders/{id}"
    assert c[("Uploads", "Handler")].label == "s3:ObjectCreated:*"
    assert c[("DefaultEventBus", "Handler")].label == "aws.ec2"
    assert c[("Jobs", "Handler")].location.line == 73


def test_sns_event_with_sqs_subscription_goes_through_a_queue(imported):
    p = pairs(imported("sam_events.yaml").spec)
    assert ("Alerts", "FanoutBufferedQueue") in p and ("FanoutBufferedQueue", "Fanout") in p


def test_parameter_sources_become_existing_components(imported):
    spec = imported("sam_events.yaml").spec
    assert spec.components["ClusterArn"].service == "msk"
    assert "existing" in spec.components["ClusterArn"].label


def test_cfn_event_source_mapping_notifications_and_redrive(imported):
    result = imported("cfn_wiring.json")
    c = conns(result.spec)
    assert c[("In", "Worker")].settings == {"batch_size": 5}
    assert "event_source_mapping" in result.evidence[("In", "Worker")]
    assert c[("Bucket", "Worker")].label == "s3:ObjectCreated:*"
    assert ("Bucket", "Out") in c and ("Bucket", "DefaultEventBus") in c
    assert "sqs_redrive_dlq" in result.evidence[("In", "Dlq")]
    assert "lambda_dead_letter" in result.evidence[("Worker", "Dlq")]


def test_iam_statements_on_the_execution_role(imported):
    c = conns(imported("cfn_wiring.json").spec)
    read = c[("Worker", "Table")]
    assert (read.kind, read.explicit_kind) == ("reads", True)
    assert read.location.line == 10
    assert not c[("Worker", "Out")].explicit_kind  # sqs:SendMessage: a send, kind from the KB


def test_permission_is_weak_evidence(imported):
    result = imported("cfn_wiring.json")
    assert result.evidence[("Bucket", "Worker")][0] == "s3_notification"


def test_sns_subscriptions_including_endpoints_outside_the_template(imported):
    spec = imported("messaging.yaml").spec
    p = pairs(spec)
    assert {("Topic", "TopicQueue"), ("Topic", "Consumer"), ("Topic", "HookSubscription"),
            ("Topic", "TopicEmailSubscriber")} <= p
    assert spec.components["TopicEmailSubscriber"].service == "email"
    assert spec.components["HookSubscription"].service == "http-endpoint"


def test_eventbridge_rules_connect_bus_to_targets(imported):
    c = conns(imported("messaging.yaml").spec)
    assert c[("Bus", "Consumer")].label == "com.example.orders, OrderPlaced"
    assert ("Bus", "AuditLogs") in c
    assert ("DefaultEventBus", "Workflow") in c  # a rule with no EventBusName
    assert ("Nightly", "Consumer") in c  # a schedule is its own source


def test_pipes_source_enrichment_target(imported):
    c = conns(imported("messaging.yaml").spec)
    assert c[("TopicQueue", "Pipe")].settings == {"batch_size": 10}
    assert c[("Pipe", "Enricher")].label == "enrichment"
    assert ("Pipe", "Workflow") in c


def test_scheduler_firehose_appsync_cognito_iot_dynamodb_stream(imported):
    result = imported("messaging.yaml")
    p = pairs(result.spec)
    assert ("Schedule", "Consumer") in p
    assert {("Changes", "Delivery"), ("Delivery", "Archive"), ("Delivery", "Enricher")} <= p
    assert {("GraphApi", "Consumer"), ("GraphApi", "Table")} <= p
    assert ("Pool", "Enricher") in p
    assert {("IotRule", "Table"), ("IotRule", "TopicQueue")} <= p
    assert ("Table", "Changes") in p
    assert ("FunctionLogs", "Enricher") in p
    assert not any("PipeRole" in pair for pair in p)  # roles never become ends


def test_step_functions_substitutions_and_policy_templates(imported):
    result = imported("messaging.yaml")
    ev = result.evidence
    assert set(ev[("Workflow", "Consumer")]) >= {"sfn_definition_substitution",
                                                 "sam_policy_template"}
    assert "sfn_definition_substitution" in ev[("Workflow", "Table")]


def test_destinations_and_dead_letter_queues(imported):
    spec = imported("messaging.yaml").spec
    c = conns(spec)
    assert c[("Consumer", "Failures")].label == "on failure"
    assert c[("Consumer", "Bus")].label == "on success"
    assert c[("Enricher", "Failures")].label == "dead letters"
    assert spec.components["Consumer"].settings["on_failure"] == "Failures"
    assert spec.components["Enricher"].settings["on_failure"] == "Failures"


def test_api_gateway_methods_routes_and_openapi(imported):
    result = imported("apigw.yaml")
    c = conns(result.spec)
    assert c[("RestApi", "OrderFn")].label == "GET /orders/{id}"
    assert c[("RestApi", "OrderQueue")].label == "POST /orders"  # SQS service integration
    assert c[("RestApi", "ItemTable")].label == "PUT /"  # DynamoDB table in the template
    assert ("RestApi", "Mock") not in c
    assert c[("HttpApi", "Bus")].label == "POST /events"  # EventBridge-PutEvents subtype
    assert c[("HttpApi", "OrderFn")].label == "GET /orders"
    assert c[("InlineApi", "Flow")].label == "POST /start"
    assert c[("InlineApi", "OrderFn")].label == "GET /orders"
    included = c[("IncludedApi", "OrderQueue")]
    assert included.label == "POST /queue" and included.location.file.endswith("api-include.yaml")


def test_a_missing_openapi_file_is_a_warning_with_its_line(imported):
    warnings = imported("apigw.yaml").warnings
    assert any("not-here.yaml" in w.message and w.line == 133 for w in warnings)


def test_load_balancers_reach_functions_and_services_through_target_groups(imported):
    c = conns(imported("alb_vpc.yaml").spec)
    assert ("Alb", "VpcFn") in c
    assert c[("Alb", "Service")].label == "/api/*"
    assert c[("VpcFn", "Db")].kind == "reads"  # DynamoDBReadPolicy


def test_custom_resources_call_their_service_token(imported):
    assert ("Seeder", "Fn") in pairs(imported("unknown_types.yaml").spec)


def test_a_trigger_explains_the_pollers_read_permission(kb):
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Policies: [{SQSPollerPolicy: {QueueName: !GetAtt Q.QueueName}}]\n"
        "      Events: {E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}}\n", "t.yaml")
    assert pairs(spec_from_template(doc, kb)) == {("Q", "Fn")}


def test_names_resolve_across_spellings(kb):
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nParameters: {TableName: {Type: String}}\n"
        "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n"
        "    Properties: {TableName: !Ref TableName}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Policies:\n        - DynamoDBCrudPolicy: {TableName: !Sub '${TableName}'}\n"
        "        - Statement:\n            - Effect: Allow\n              Action: lambda:InvokeFunction\n"
        "              Resource: !Sub arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:"
        "${AWS::StackName}-other:live\n"
        "  Other:\n    Type: AWS::Serverless::Function\n"
        "    Properties: {FunctionName: !Sub '${AWS::StackName}-other'}\n", "t.yaml")
    c = conns(spec_from_template(doc, kb))
    assert c[("Fn", "T")].kind == "writes"
    assert ("Fn", "Other") in c


def test_shared_role_statements_go_to_the_caller_not_the_callees(kb):
    statement = ("              Resource: [!GetAtt A.Arn, !GetAtt B.Arn]\n")
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        "  Shared:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n"
        "        - PolicyDocument:\n            Statement:\n"
        "            - Effect: Allow\n              Action: lambda:InvokeFunction\n"
        + statement +
        "  Main: {Type: AWS::Serverless::Function, Properties: {Role: !GetAtt Shared.Arn}}\n"
        "  A: {Type: AWS::Serverless::Function, Properties: {Role: !GetAtt Shared.Arn}}\n"
        "  B: {Type: AWS::Serverless::Function, Properties: {Role: !GetAtt Shared.Arn}}\n",
        "t.yaml")
    assert pairs(spec_from_template(doc, kb)) == {("Main", "A"), ("Main", "B")}


def test_filters_come_with_the_trigger(imported, kb):
    c = conns(imported("messaging.yaml").spec)
    assert c[("Bus", "Consumer")].settings["filters"] == [
        '{"detail-type":["OrderPlaced"],"source":["com.example.orders"]}']
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  B: {Type: AWS::S3::Bucket}\n"
        "  T: {Type: AWS::SNS::Topic}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n"
        "        Up:\n          Type: S3\n          Properties:\n            Bucket: !Ref B\n"
        "            Events: s3:ObjectCreated:*\n"
        "            Filter: {S3Key: {Rules: [{Name: prefix, Value: in/}]}}\n"
        "        Msg:\n          Type: SNS\n          Properties:\n            Topic: !Ref T\n"
        "            FilterPolicy: {kind: [order]}\n", "t.yaml")
    c = conns(spec_from_template(doc, kb))
    assert c[("B", "Fn")].settings == {"filters": ["prefix=in/"]}
    assert c[("T", "Fn")].settings == {"filters": ['{"kind":["order"]}']}


def test_asynchronous_invocations_keep_their_mode(kb):
    doc = load_template(
        "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi}\n"
        "  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n"
        "      ResourceId: !GetAtt Api.RootResourceId\n      HttpMethod: POST\n"
        "      Integration:\n        Type: AWS\n"
        "        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
        "${Fn.Arn}/invocations\n"
        "        RequestParameters: {integration.request.header.X-Amz-Invocation-Type: \"'Event'\"}\n"
        "  Fn: {Type: AWS::Lambda::Function}\n  Next: {Type: AWS::Lambda::Function}\n"
        "  Cfg:\n    Type: AWS::Lambda::EventInvokeConfig\n    Properties:\n"
        "      FunctionName: !Ref Fn\n      Qualifier: $LATEST\n"
        "      DestinationConfig: {OnSuccess: {Destination: !GetAtt Next.Arn}}\n", "t.yaml")
    c = conns(spec_from_template(doc, kb))
    assert (c[("Api", "Fn")].kind, c[("Api", "Fn")].mode) == ("triggers", "async")
    assert c[("Api", "Fn")].settings == {"mode": "async"}
    assert (c[("Fn", "Next")].mode, c[("Fn", "Next")].label) == ("async", "on success")


def test_a_queue_consumer_is_not_taken_for_a_producer(kb):
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n"
        "        - Statement:\n            - Effect: Allow\n"
        "              Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]\n"
        "              Resource: !GetAtt Q.Arn\n"
        "      Events: {E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}}\n", "t.yaml")
    assert pairs(spec_from_template(doc, kb)) == {("Q", "Fn")}


def test_an_api_gateway_role_stands_for_integrations_in_a_missing_file(kb):
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"
        "  ApiRole:\n    Type: AWS::IAM::Role\n    Properties:\n"
        "      AssumeRolePolicyDocument:\n        Statement:\n"
        "          - {Effect: Allow, Principal: {Service: apigateway.amazonaws.com}, "
        "Action: sts:AssumeRole}\n"
        "      Policies:\n        - PolicyDocument:\n            Statement:\n"
        "              - {Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Q.Arn}\n"
        "  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody:\n"
        "        Fn::Transform: {Name: AWS::Include, Parameters: {Location: gone.yaml}}\n",
        "t.yaml")
    spec = spec_from_template(doc, kb)
    assert pairs(spec) == {("Api", "Q")}
    assert any("gone.yaml" in w.message for w in spec.warnings)


def test_computed_names_match_when_written_the_same_way(kb):
    name = "!Join ['-', [b, !Select [0, !Split ['-', !Ref AWS::StackName]]]]"
    doc = load_template(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        f"  B: {{Type: AWS::S3::Bucket, Properties: {{BucketName: {name}}}}}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        f"      Policies: [{{S3ReadPolicy: {{BucketName: {name}}}}}]\n", "t.yaml")
    c = conns(spec_from_template(doc, kb))
    assert c[("Fn", "B")].kind == "reads"
