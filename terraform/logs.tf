# Access logs of both API stages: one JSON line per request (HTTP) or per connect, message and
# disconnect (WebSocket), kept as long as the functions' logs. Only API Gateway's own context
# variables: no header, no query string (the WebSocket token travels in $connect's), no body,
# no authorizer output, so no token or password can land in a log line.

locals {
  http_access_log_format = jsonencode({
    requestId        = "$context.requestId"
    requestTime      = "$context.requestTime"
    sourceIp         = "$context.identity.sourceIp"
    userAgent        = "$context.identity.userAgent"
    routeKey         = "$context.routeKey"
    status           = "$context.status"
    protocol         = "$context.protocol"
    responseLength   = "$context.responseLength"
    responseLatency  = "$context.responseLatency"
    integrationError = "$context.integrationErrorMessage"
  })

  ws_access_log_format = jsonencode({
    requestId          = "$context.requestId"
    requestTime        = "$context.requestTime"
    sourceIp           = "$context.identity.sourceIp"
    connectionId       = "$context.connectionId"
    eventType          = "$context.eventType"
    routeKey           = "$context.routeKey"
    status             = "$context.status"
    integrationLatency = "$context.integrationLatency"
    error              = "$context.error.message"
  })
}

resource "aws_cloudwatch_log_group" "http_access" {
  name              = "/aws/apigateway/${local.prefix}http-access"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "ws_access" {
  name              = "/aws/apigateway/${local.prefix}ws-access"
  retention_in_days = var.log_retention_days
}

# WebSocket stages log through the account's API Gateway CloudWatch role (HTTP APIs need none).
# It is one setting per account and region: the last stack applied in a region sets it, and
# destroying that stack deletes its role, so the setting no longer works for the others there
# until one of them is applied again.
data "aws_iam_policy_document" "apigateway_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "apigateway_cloudwatch" {
  name               = "${local.prefix}apigateway-cloudwatch"
  assume_role_policy = data.aws_iam_policy_document.apigateway_assume.json
}

resource "aws_iam_role_policy_attachment" "apigateway_cloudwatch" {
  role       = aws_iam_role.apigateway_cloudwatch.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch.arn
  depends_on          = [aws_iam_role_policy_attachment.apigateway_cloudwatch]
}
