# CloudWatch alarms on what breaks the chat without anyone noticing: stream batches given up
# on, function errors and throttles, a stream falling behind (messages broadcast late), and the
# HTTP API answering 5xx. With var.alarm_email set they go to an SNS topic that mails it.
# Alarms carry names and metrics only, never a value from a request.

locals {
  alarm_actions = aws_sns_topic.alarms[*].arn

  # Each function, by the name its metrics carry.
  alarmed_functions = {
    api = aws_lambda_function.api.function_name
    ws  = aws_lambda_function.ws.function_name
  }

  # The broadcast is real time: a minute behind is already late (records expire after an hour).
  iterator_age_alarm_ms = 60000
}

resource "aws_sns_topic" "alarms" {
  count = var.alarm_email == null ? 0 : 1
  name  = "${local.prefix}alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "stream_failures" {
  alarm_name          = "${local.prefix}stream-failures"
  alarm_description   = "Stream batches the ws function gave up on are waiting in the failure queue: some messages were not broadcast."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.stream_failures.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each            = local.alarmed_functions
  alarm_name          = "${local.prefix}${each.key}-errors"
  alarm_description   = "The ${each.key} function failed invocations (its log group says why)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each            = local.alarmed_functions
  alarm_name          = "${local.prefix}${each.key}-throttles"
  alarm_description   = "The ${each.key} function was throttled (account or reserved concurrency reached)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "stream_iterator_age" {
  alarm_name          = "${local.prefix}stream-iterator-age"
  alarm_description   = "The messages stream is read more than a minute behind: messages reach rooms late."
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = aws_lambda_function.ws.function_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.iterator_age_alarm_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "http_5xx" {
  alarm_name          = "${local.prefix}http-5xx"
  alarm_description   = "The HTTP API answered 5xx (the api function failed or timed out)."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.http.id }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
