# A small Terraform module for the README: an HTTP API in front of a function that queues
# jobs, and a worker that polls the queue and writes to a table.

variable "stage" {
  type    = string
  default = "dev"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "orders-${var.stage}"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "api" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.api.invoke_arn
}

resource "aws_apigatewayv2_route" "post" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "POST /orders"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_lambda_function" "api" {
  function_name = "orders-api-${var.stage}"
  role          = "arn:aws:iam::123456789012:role/orders-api"
  runtime       = "python3.12"
  handler       = "api.handler"
  filename      = "api.zip"
  timeout       = 10
  environment {
    variables = { QUEUE_URL = aws_sqs_queue.jobs.url }
  }
}

resource "aws_sqs_queue" "jobs" {
  name                       = "orders-jobs-${var.stage}"
  visibility_timeout_seconds = 360
}

resource "aws_lambda_function" "worker" {
  function_name = "orders-worker-${var.stage}"
  role          = "arn:aws:iam::123456789012:role/orders-worker"
  runtime       = "python3.12"
  handler       = "worker.handler"
  filename      = "worker.zip"
  timeout       = 60
  environment {
    variables = { TABLE = aws_dynamodb_table.orders.name }
  }
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders-${var.stage}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
