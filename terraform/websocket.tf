# The WebSocket API: API Gateway selects a route by the frame's `action`
# ($request.body.action); $connect, $disconnect, $default and one route per action of the
# contract (packages/contract/src/protocol.ts, actionNames), all integrated with the ws
# function, which tells them apart by routeKey. A test holds this list against actionNames.

locals {
  ws_route_keys = ["$connect", "$disconnect", "$default", "sendMessage", "getMessages", "joinRoom", "leaveRoom", "typing", "ping"]
}

resource "aws_apigatewayv2_api" "ws" {
  name                       = "${local.prefix}ws"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "ws" {
  api_id             = aws_apigatewayv2_api.ws.id
  integration_type   = "AWS_PROXY"
  integration_method = "POST"
  integration_uri    = aws_lambda_function.ws.invoke_arn
}

resource "aws_apigatewayv2_route" "ws" {
  for_each  = toset(local.ws_route_keys)
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.ws.id}"
}

# WebSocket stages do not auto-deploy: a new deployment whenever a route or the integration changes.
resource "aws_apigatewayv2_deployment" "ws" {
  api_id      = aws_apigatewayv2_api.ws.id
  description = "routes: ${join(", ", local.ws_route_keys)}"

  triggers = {
    redeployment = sha1(jsonencode([
      local.ws_route_keys,
      aws_apigatewayv2_integration.ws.integration_uri,
      [for route in aws_apigatewayv2_route.ws : route.target],
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_apigatewayv2_route.ws]
}

resource "aws_apigatewayv2_stage" "ws" {
  api_id        = aws_apigatewayv2_api.ws.id
  name          = var.stage
  deployment_id = aws_apigatewayv2_deployment.ws.id

  # Per stage, for connects and messages alike; the account's default is 10,000/s, 5,000 burst.
  default_route_settings {
    throttling_rate_limit  = var.ws_throttle_rate
    throttling_burst_limit = var.ws_throttle_burst
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.ws_access.arn
    format          = local.ws_access_log_format
  }

  # Logging needs the account's CloudWatch role in place first (logs.tf).
  depends_on = [aws_api_gateway_account.this]
}

resource "aws_lambda_permission" "ws_from_websocket" {
  statement_id  = "AllowWebSocketApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.ws.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.ws.execution_arn}/${var.stage}/*"
}
