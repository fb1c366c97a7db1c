# One role per function, naming only what its code calls (a test derives that list from the
# code: the @chat/db functions each app imports, the DynamoDB commands they build, the
# @connections commands and the SSM read). No `*` action; no `*` resource.
#
# DynamoDB: TransactWriteItems has no IAM action of its own; each Put in it needs PutItem.
# SSM: the parameter is encrypted with the AWS managed key aws/ssm, whose key policy already
# lets the account's principals decrypt through SSM, so no kms:Decrypt is granted.

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "api" {
  name               = "${local.prefix}api"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role" "ws" {
  name               = "${local.prefix}ws"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

# api: auth (createUser: a transaction of three conditional Puts on users and the two of the
# general membership on messages; findUserByEmail, getUser), users.search (Query of byUsername)
# and the users of an invite or a DM (BatchGetItem), rooms (create: a transaction of the room,
# its name claim, a ConditionCheck that the other kind lacks the name, and the creator's
# membership; update: an Update of the room, moving the claim with a Delete and a Put; join,
# invite, openDm, leave: membership Puts and Deletes; browse: Query of the claims, BatchGetItem
# of the rooms; roomAccess and members: GetItem, Query), rooms.list and markRead (memberships,
# rooms and counters; unread counts on the bySeq index; the read position an Update),
# messages.list (listMessages; a thread on the byThread index), messages.edit / delete / react (a transaction of two conditional
# Puts: the room's counter and the message, after GetItems of both; an edit resolves mentions
# with a BatchGetItem of username claims), tokens (authenticate: GetItem of the user's token
# version; logoutEverywhere and changePassword: an UpdateItem of it), auth.wsTicket (a
# conditional PutItem of the ticket's hash on connections), and the login and signup throttles
# (GetItem and a conditional Update of a counter item in users).
data "aws_iam_policy_document" "api" {
  statement {
    sid       = "Users"
    actions   = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.users.arn]
  }

  statement {
    sid       = "WsTickets"
    actions   = ["dynamodb:PutItem"]
    resources = [aws_dynamodb_table.connections.arn]
  }

  statement {
    sid       = "UserDirectory"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.users.arn}/index/byUsername"]
  }

  statement {
    sid = "RoomsAndHistory"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.messages.arn]
  }

  statement {
    sid     = "UnreadAndThreads"
    actions = ["dynamodb:Query"]
    resources = [
      "${aws_dynamodb_table.messages.arn}/index/bySeq",
      "${aws_dynamodb_table.messages.arn}/index/byThread",
    ]
  }

  statement {
    sid       = "JwtSecret"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.jwt_secret.arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.api.arn}:*"]
  }
}

# ws: $connect (a ticket used up with a conditional DeleteItem; the user's token version: GetItem
# on users; registerConnection: PutItem of the connection, UpdateItem ADD to the user's
# UserConnections set; past the socket cap, BatchGetItem of the user's connections and the
# oldest deleted like a 410), actions (the token version again, cached; a conditional
# UpdateItem of the user's RateWindow item per allowed action; getConnection; roomAccess:
# GetItems of the room and the
# membership; joinRoom's addMember: a transaction of two conditional Puts; putMessage: GetItems
# of the room's counter (and a reply's parent), mentions resolved with a BatchGetItem of username
# claims, a transaction of conditional Puts, then GetItem of a retried one; listMessages, a thread
# on byThread; joinRoom's changesSince on bySeq; subscribe, focusesOf, endFocus, isSubscribed,
# connectionsInRoom on the byRoom index), $disconnect and 410s (deleteConnection: Query,
# BatchWriteItem deletes, UpdateItem DELETE from the user's set), the stream (roomMembers: Query of
# the members partition; connectionsOfUsers: BatchGetItem of UserConnections, 100 a call;
# roomSummary), and @connections posts. Joins, leaves and typing are Activity items on the
# messages table (PutItem); a disconnect writes one per room it left with BatchWriteItem.
data "aws_iam_policy_document" "ws" {
  statement {
    sid       = "RoomsAndMessages"
    actions   = ["dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.messages.arn]
  }

  statement {
    sid     = "ChangeFeedAndThreads"
    actions = ["dynamodb:Query"]
    resources = [
      "${aws_dynamodb_table.messages.arn}/index/bySeq",
      "${aws_dynamodb_table.messages.arn}/index/byThread",
    ]
  }

  statement {
    sid       = "MentionsAndTokenVersions"
    actions   = ["dynamodb:BatchGetItem", "dynamodb:GetItem"]
    resources = [aws_dynamodb_table.users.arn]
  }

  statement {
    sid = "Connections"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.connections.arn]
  }

  statement {
    sid       = "ConnectionsByRoom"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.connections.arn}/index/byRoom"]
  }

  # What the event source mapping reads with this role (AWS's documented set, on this stream only).
  statement {
    sid = "MessagesStream"
    actions = [
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
      "dynamodb:ListStreams",
    ]
    resources = [aws_dynamodb_table.messages.stream_arn]
  }

  # The mapping's on-failure destination: batches given up on are described here.
  statement {
    sid       = "StreamFailures"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.stream_failures.arn]
  }

  # PostToConnection, and DeleteConnection ($connect past the socket cap closes the user's
  # oldest), on this API's stage only.
  statement {
    sid     = "ManageConnections"
    actions = ["execute-api:ManageConnections"]
    resources = [
      "${aws_apigatewayv2_api.ws.execution_arn}/${var.stage}/POST/@connections/*",
      "${aws_apigatewayv2_api.ws.execution_arn}/${var.stage}/DELETE/@connections/*",
    ]
  }

  statement {
    sid       = "JwtSecret"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.jwt_secret.arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.ws.arn}:*"]
  }
}

resource "aws_iam_role_policy" "api" {
  name   = "least-privilege"
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api.json
}

resource "aws_iam_role_policy" "ws" {
  name   = "least-privilege"
  role   = aws_iam_role.ws.id
  policy = data.aws_iam_policy_document.ws.json
}
