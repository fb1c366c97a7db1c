# The HS256 key both functions sign and verify tokens with. Generated once, kept in SSM
# Parameter Store as a SecureString (encrypted with the AWS managed key aws/ssm), and read by
# each function once per cold start (JWT_SECRET_PARAMETER = the parameter's NAME; the value
# is never in an environment variable, an output or a log). It is in the Terraform state,
# as every random_password is: keep the state private.

resource "random_password" "jwt_secret" {
  length  = 64
  special = false
}

resource "aws_ssm_parameter" "jwt_secret" {
  name        = "/${var.name_prefix}/${var.stage}/jwt-secret"
  description = "HS256 key for chat session tokens"
  type        = "SecureString"
  value       = random_password.jwt_secret.result
}
