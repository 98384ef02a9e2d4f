"""What a principal's IAM actions make of a connection: ``reads``, ``writes`` or ``invoke``
(shared by the CloudFormation, CDK and Terraform importers)."""
from __future__ import annotations

import pytest

from generator.importers.cloudformation.policies import access


@pytest.mark.parametrize("actions, expected", [
    (["dynamodb:GetItem", "dynamodb:Query"], "reads"),
    (["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"],
     "reads"),  # the CDK's grantReadData
    (["dynamodb:PartiQLSelect"], "reads"),
    (["dynamodb:PutItem", "dynamodb:ConditionCheckItem"], "writes"),
    (["dynamodb:PartiQLUpdate"], "writes"),
    (["s3:GetObject", "s3:PutObject"], "writes"),
    (["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], "reads"),
    (["sqs:SendMessage"], "invoke"),
    (["lambda:InvokeFunction"], "invoke"),
    (["bedrock:InvokeModel"], "invoke"),
    (["bedrock:InvokeModelWithResponseStream"], "invoke"),
    (["bedrock:InvokeAgent"], "invoke"),
    (["bedrock-agentcore:InvokeAgentRuntime"], "invoke"),
    (["sagemaker:InvokeEndpoint"], "invoke"),
    (["bedrock:Converse"], "invoke"),
    (["bedrock:Retrieve"], "reads"),
])
def test_access(actions, expected):
    assert access(actions) == expected


def test_terraform_agent_call_is_not_a_write(kb, tmp_path):
    """A function allowed bedrock:InvokeAgent on an agent calls it; it does not write to it."""
    from generator.importers import import_source

    (tmp_path / "main.tf").write_text('''
resource "aws_bedrockagent_agent" "agent" {
  agent_name              = "tasks"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"
  foundation_model        = "anthropic.claude-v2"
}
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "fn" {
  role   = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "bedrock:InvokeAgent",
                   Resource = aws_bedrockagent_agent.agent.agent_arn }]
  })
}
resource "aws_lambda_function" "orchestrator" {
  function_name = "orchestrator"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
}
''')
    spec = import_source(tmp_path, kb).spec
    (edge,) = [c for c in spec.connections if c.target == "aws_bedrockagent_agent.agent"]
    assert edge.source == "aws_lambda_function.orchestrator"
    assert edge.kind != "writes"
