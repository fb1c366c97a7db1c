# Serverless Chat on AWS. `npm run deploy` drives this directory (see docs/DEPLOYMENT.md);
# one Terraform workspace per <name_prefix>-<stage>, whose variables (region included) the
# deploy records in .stacks/<workspace>.tfvars.json: a workspace never moves to another region.
#
# Files by concern:
#   main.tf        providers, shared locals
#   variables.tf   inputs (name prefix, stage, region, web origins, limits)
#   tables.tf.json the three DynamoDB tables and the `general` room (GENERATED from packages/db)
#   secret.tf      the JWT signing key in SSM Parameter Store
#   lambda.tf      the api and ws functions and their log groups
#   logs.tf        access logs of both API stages, API Gateway's CloudWatch role
#   alarms.tf      CloudWatch alarms (optionally mailed: var.alarm_email)
#   iam.tf         one least-privilege role per function
#   api.tf         HTTP API (tRPC) -> api function
#   websocket.tf   WebSocket API, every route -> ws function
#   stream.tf      messages stream -> ws function: failure queue; the mapping itself is
#                  stream.tf.json (GENERATED from messageStreamMapping)
#   web.tf         private S3 bucket + CloudFront (origin access control)
#   outputs.tf     web, API and WebSocket URLs, the region the stack lives in

terraform {
  required_version = ">= 1.11.0" # write-only arguments (secret.tf)

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      app   = "serverless-chat"
      name  = var.name_prefix
      stage = var.stage
    }
  }
}

locals {
  # Every name starts with this: chat-dev-users, chat-dev-api, ...
  prefix = "${var.name_prefix}-${var.stage}-"

  # Where the web app is served from: CloudFront, plus any custom origins. The HTTP API's CORS
  # and the api function's CORS_ORIGINS both use this one list.
  web_origins = concat(["https://${aws_cloudfront_distribution.web.domain_name}"], var.extra_web_origins)
}
