# What the deploy prints and writes into config.json. Nothing secret: the JWT key stays in SSM.

output "web_url" {
  description = "The web app (CloudFront)."
  value       = "https://${aws_cloudfront_distribution.web.domain_name}"
}

output "api_url" {
  description = "tRPC over HTTP: config.json's apiUrl."
  value       = "${aws_apigatewayv2_api.http.api_endpoint}/trpc"
}

output "ws_url" {
  description = "The WebSocket endpoint: config.json's wsUrl."
  value       = "${aws_apigatewayv2_api.ws.api_endpoint}/${aws_apigatewayv2_stage.ws.name}"
}

output "web_bucket" {
  description = "Where the deploy uploads the web build."
  value       = aws_s3_bucket.web.id
}

output "web_distribution_id" {
  description = "The CloudFront distribution the deploy invalidates."
  value       = aws_cloudfront_distribution.web.id
}

output "stream_failures_queue_url" {
  description = "Stream batches the ws function gave up on (after retries or record age)."
  value       = aws_sqs_queue.stream_failures.url
}

output "region" {
  description = "The region this stack lives in: the deploy refuses to apply it anywhere else."
  value       = var.region
}
