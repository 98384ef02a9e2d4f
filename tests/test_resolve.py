"""Name resolution: ids, names, aliases, CloudFormation types; suggestions for typos."""
import pytest

from generator.errors import UnknownNameError
from generator.kb import normalize


@pytest.mark.parametrize("name,expected", [
    ("lambda", "lambda"), ("AWS Lambda", "lambda"), ("aws-lambda", "lambda"),
    ("AWS::Serverless::Function", "lambda"), ("aws::lambda::function", "lambda"),
    ("SQS", "sqs"), ("Amazon Simple Queue Service", "sqs"), ("AWS::SQS::Queue", "sqs"),
    ("API Gateway", "api-gateway"), ("apigw", "api-gateway"), ("Amazon API Gateway", "api-gateway"),
    ("sns", "sns"), ("Step Functions", "step-functions"), ("dynamo_db", "dynamodb"),
])
def test_resolve(kb, name, expected):
    assert kb.resolve(name) == expected


def test_unknown_name_suggests(kb):
    with pytest.raises(UnknownNameError) as info:
        kb.resolve("lamda")
    assert "lambda" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_normalize_keeps_cfn_types_apart():
    assert normalize("AWS::SQS::Queue") == "aws::sqs::queue"
    assert normalize(" Amazon  S3 ") == "s3"
