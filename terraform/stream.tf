# The messages stream drives the broadcast: the event source mapping itself is generated from
# messageStreamMapping (packages/db/src/definitions.ts), which the local Streams poller plays
# too, into stream.tf.json: only INSERTs of Message items, ReportBatchItemFailures, bisect on
# error, bounded retries and record age, and this queue as the on-failure destination.

resource "aws_sqs_queue" "stream_failures" {
  name                      = "${local.prefix}stream-failures"
  message_retention_seconds = 1209600 # 14 days, the most SQS keeps
  sqs_managed_sse_enabled   = true
}
