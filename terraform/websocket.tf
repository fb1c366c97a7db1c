# The WebSocket API: API Gateway selects a route by the frame's `action`
# ($request.body.action); $connect, $disconnect, $default and one route per action of the
# contract (packages/contract/src/protocol.ts, actionNames), all integrated with the ws
# function, which tells them apart by routeKey. A test holds this list against actionNames.

locals {
  ws_route_keys = ["$connect", "$disconnect", "$default", "sendMessage", "getMessages", "joinRoom", "leaveRoom", "typing", "ping"]
  # Two-way routes: each of their frames gets exactly one answer (ack, joined, messages or
  # error), which the function returns and API Gateway sends back as the route response, with no
  # PostToConnection. The others answer nothing on success, and a two-way route sends even an
  # empty response. A test holds this list against the ws function's twoWayRouteKeys.
  ws_two_way_route_keys = ["$default", "sendMessage", "getMessages", "joinRoom"]
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

  route_response_selection_expression = contains(local.ws_two_way_route_keys, each.value) ? "$default" : null
}

# With a Lambda proxy integration, the $default route response passes the function's `body` through.
resource "aws_apigatewayv2_route_response" "ws" {
  for_each           = toset(local.ws_two_way_route_keys)
  api_id             = aws_apigatewayv2_api.ws.id
  route_id           = aws_apigatewayv2_route.ws[each.value].id
  route_response_key = "$default"
}

# WebSocket stages do not auto-deploy: a new deployment whenever a route or the integration changes.
resource "aws_apigatewayv2_deployment" "ws" {
  api_id      = aws_apigatewayv2_api.ws.id
  description = "routes: ${join(", ", local.ws_route_keys)}"

  triggers = {
    redeployment = sha1(jsonencode([
      local.ws_route_keys,
      local.ws_two_way_route_keys,
      aws_apigatewayv2_integration.ws.integration_uri,
      [for route in aws_apigatewayv2_route.ws : route.target],
      [for response in aws_apigatewayv2_route_response.ws : response.id],
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_apigatewayv2_route.ws, aws_apigatewayv2_route_response.ws]
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
