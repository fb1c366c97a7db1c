import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Message } from '@chat/contract';
import { toMessage } from '@chat/db';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import type { ConnectionCache } from './connections.ts';
import type { WsDeps } from './deps.ts';
import { fanOutMessages } from './fan-out.ts';

/**
 * The messages stream branch. Grouping by room needs the whole batch, so the batch is fanned
 * out once up front; Powertools' BatchProcessor then reports, record by record, the ones whose
 * delivery failed (`batchItemFailures`), and Lambda retries from the first of those.
 */
export function createStreamHandler(deps: WsDeps, cache: ConnectionCache) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const formatter = deps.db.entities.Message.build(EntityFormatter);

  const messageOf = (record: DynamoDBRecord): Message | undefined => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?._et?.S !== deps.db.entities.Message.entityName) return undefined;
    return toMessage(formatter.format(unmarshall(image as Record<string, AttributeValue>)));
  };

  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    const messages = new Map<DynamoDBRecord, Message>();
    for (const record of event.Records) {
      const message = messageOf(record);
      if (message) messages.set(record, message);
    }
    const failed = await fanOutMessages(deps, cache, [...messages.values()]);
    return processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        const message = messages.get(record);
        if (message && failed.has(message.id)) throw new Error(`delivery of ${message.id} failed`);
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  };
}
