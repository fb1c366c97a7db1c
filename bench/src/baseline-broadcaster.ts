// The broadcast design of the widely copied AWS sample (simple-websockets-chat-app), as a
// swap-in for our stream branch: per message, Scan every connection, then Promise.all of
// postToConnection to each one in the message's room. No grouping by room, no batching, no
// pool. (The sample has no rooms; it posts to every connection. Filtering the Scan by room is
// the least a rooms-aware copy of it would do.)
import { PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type Db, type MessageItem, toMessage } from '@chat/db';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export function createBaselineStreamHandler(db: Db, client: ApiGatewayManagementApiClient) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || image?._et?.S !== 'Message') continue;
      const message = toMessage(unmarshall(image as Record<string, AttributeValue>) as MessageItem);
      const connections: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.documentClient.send(new ScanCommand({ TableName: db.names.connections, ExclusiveStartKey }));
        connections.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const data = JSON.stringify({ type: 'message', message });
      await Promise.all(
        connections
          .filter((c) => c.roomId === message.roomId)
          .map((c) =>
            client
              .send(new PostToConnectionCommand({ ConnectionId: c.connectionId as string, Data: data }))
              .catch(() => undefined),
          ),
      );
    }
    return { batchItemFailures: [] };
  };
}
