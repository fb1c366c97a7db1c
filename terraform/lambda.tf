# The two functions, from the esbuild bundles (`npm run build` writes apps/*/dist/lambda.zip:
# lambda.mjs exporting `handler`, and its source map). Node.js 22 on Graviton (arm64).
#
# Environment: every variable the code's env schema (apps/*/src/env.ts) needs on AWS. Left to
# their defaults: TOKEN_TTL_SECONDS, BCRYPT_COST (api); POST_TIMEOUT_MS, FANOUT_CONCURRENCY,
# CONNECTION_TTL_SECONDS (ws). POWERTOOLS_LOGGER_SAMPLE_RATE is read by Powertools and checked by
# the schemas. Never set here: AWS_REGION (Lambda sets it), DYNAMODB_ENDPOINT,
# JWT_SECRET and PORT (local only). A test holds this list against the schemas.

locals {
  api_zip = "${path.module}/../apps/api/dist/lambda.zip"
  ws_zip  = "${path.module}/../apps/ws/dist/lambda.zip"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${local.prefix}api"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "ws" {
  name              = "/aws/lambda/${local.prefix}ws"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "api" {
  function_name    = "${local.prefix}api"
  description      = "Serverless Chat: tRPC over HTTP (apps/api)"
  role             = aws_iam_role.api.arn
  runtime          = local.lambda_runtime
  architectures    = ["arm64"]
  handler          = "lambda.handler"
  filename         = local.api_zip
  source_code_hash = filebase64sha256(local.api_zip)
  memory_size      = var.api_memory_mb
  timeout          = 10

  environment {
    variables = {
      USERS_TABLE                   = aws_dynamodb_table.users.name
      MESSAGES_TABLE                = aws_dynamodb_table.messages.name
      CONNECTIONS_TABLE             = aws_dynamodb_table.connections.name
      JWT_SECRET_PARAMETER          = aws_ssm_parameter.jwt_secret.name
      CORS_ORIGINS                  = join(",", local.web_origins)
      NODE_OPTIONS                  = "--enable-source-maps"
      POWERTOOLS_LOG_LEVEL          = var.log_level
      POWERTOOLS_LOGGER_SAMPLE_RATE = var.log_sample_rate
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.api.name
  }

  depends_on = [aws_iam_role_policy.api, aws_cloudwatch_log_group.api]
}

resource "aws_lambda_function" "ws" {
  function_name    = "${local.prefix}ws"
  description      = "Serverless Chat: WebSocket routes and the messages stream fan-out (apps/ws)"
  role             = aws_iam_role.ws.arn
  runtime          = local.lambda_runtime
  architectures    = ["arm64"]
  handler          = "lambda.handler"
  filename         = local.ws_zip
  source_code_hash = filebase64sha256(local.ws_zip)
  memory_size      = var.ws_memory_mb
  # A stream batch: one Query per room and up to FANOUT_CONCURRENCY posts in flight, each
  # bounded by POST_TIMEOUT_MS. WebSocket routes are answered well within API Gateway's 29 s.
  timeout = 30

  environment {
    variables = {
      USERS_TABLE                   = aws_dynamodb_table.users.name
      MESSAGES_TABLE                = aws_dynamodb_table.messages.name
      CONNECTIONS_TABLE             = aws_dynamodb_table.connections.name
      JWT_SECRET_PARAMETER          = aws_ssm_parameter.jwt_secret.name
      WS_MANAGEMENT_ENDPOINT        = "https://${aws_apigatewayv2_api.ws.id}.execute-api.${var.region}.amazonaws.com/${var.stage}"
      NODE_OPTIONS                  = "--enable-source-maps"
      POWERTOOLS_LOG_LEVEL          = var.log_level
      POWERTOOLS_LOGGER_SAMPLE_RATE = var.log_sample_rate
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.ws.name
  }

  depends_on = [aws_iam_role_policy.ws, aws_cloudwatch_log_group.ws]
}
