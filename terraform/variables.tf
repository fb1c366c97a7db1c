variable "name_prefix" {
  description = "Prefix of every resource name (lower case, starts with a letter)."
  type        = string
  default     = "chat"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.name_prefix))
    error_message = "name_prefix: 2-16 characters of a-z, 0-9 and -, starting with a letter."
  }
}

variable "stage" {
  description = "Deployment stage: part of every name and the WebSocket API's stage name."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,9}$", var.stage))
    error_message = "stage: 1-10 characters of a-z and 0-9, starting with a letter."
  }
}

# No default: a stack's region is chosen once, by the deploy (recorded in
# .stacks/<workspace>.tfvars.json), never by a fallback that would move the stack.
variable "region" {
  description = "AWS region of everything but CloudFront (which is global)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "region: an AWS region such as eu-west-1."
  }
}

variable "extra_web_origins" {
  description = "More origins the web app is served from (e.g. https://chat.example.com), allowed by CORS next to the CloudFront URL."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "How long the functions' logs and the APIs' access logs are kept."
  type        = number
  default     = 14
}

variable "log_level" {
  description = "Powertools log level of both functions."
  type        = string
  default     = "INFO"
}

variable "log_sample_rate" {
  description = "Share of the functions' invocations that log at DEBUG whatever log_level says (Powertools' sampled debug), 0 to 1."
  type        = number
  default     = 0.01

  validation {
    condition     = var.log_sample_rate >= 0 && var.log_sample_rate <= 1
    error_message = "log_sample_rate: a share from 0 to 1, such as 0.01."
  }
}

variable "api_memory_mb" {
  description = "Memory (and so CPU) of the api function: bcrypt at cost 10 is CPU-bound."
  type        = number
  default     = 1024
}

variable "ws_memory_mb" {
  description = "Memory of the ws function (I/O-bound: DynamoDB and @connections posts)."
  type        = number
  default     = 512
}

variable "http_throttle_rate" {
  description = "HTTP API: steady requests per second across all routes."
  type        = number
  default     = 200
}

variable "http_throttle_burst" {
  description = "HTTP API: burst of requests."
  type        = number
  default     = 400
}

variable "ws_throttle_rate" {
  description = "WebSocket API stage: steady messages (and connects) per second."
  type        = number
  default     = 500
}

variable "ws_throttle_burst" {
  description = "WebSocket API stage: burst of messages (and connects)."
  type        = number
  default     = 1000
}

variable "deletion_protection" {
  description = "DynamoDB deletion protection of the three tables. `npm run destroy` turns it off deliberately (after you confirm) before it destroys."
  type        = bool
  default     = true
}

variable "alarm_email" {
  description = "Where the CloudWatch alarms are mailed (an SNS topic and an email subscription, confirmed from the first mail). Unset: the alarms exist, nobody is mailed."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email: an email address."
  }
}
