# The HTTP API (API Gateway v2): every method of /trpc/{proxy+} to the api function (payload
# format 2.0, which hono/aws-lambda reads). CORS for the web origins is answered by API Gateway
# itself (preflights never reach the function); the function allows the same origins.

resource "aws_apigatewayv2_api" "http" {
  name          = "${local.prefix}http"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = local.web_origins
    allow_methods = ["GET", "POST", "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
    max_age       = 600
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.api.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}

resource "aws_apigatewayv2_route" "trpc" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "ANY /trpc/{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_stage" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.http_throttle_rate
    throttling_burst_limit = var.http_throttle_burst
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.http_access.arn
    format          = local.http_access_log_format
  }
}

resource "aws_lambda_permission" "api_from_http" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*/trpc/*"
}
