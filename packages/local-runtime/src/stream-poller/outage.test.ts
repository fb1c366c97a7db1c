// DynamoDB Local killed while the poller delivers a batch whose handler needs DynamoDB (as the ws
// fan-out does): the handler fails, and retries made while DynamoDB Local is down say nothing
// about the records. They wait for it, so its restart (seconds) never uses up the batch's
// retries: the batch arrives once it is back, instead of being dropped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, expect, test } from 'vitest';
import { type DynamoDbLocal, localDynamoClient, startDynamoDbLocal } from '../dynamodb-local.ts';
import { startStreamPoller } from './index.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'poller-outage-'));
let dynamo: DynamoDbLocal = await startDynamoDbLocal({ dataDir });
const port = dynamo.port;
const client = localDynamoClient(dynamo.endpoint);
afterAll(async () => {
  client.destroy();
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('a batch that fails while DynamoDB Local is down is retried once it is back, not dropped when its retries run out', async () => {
  const table = 'outage';
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  for (const pk of ['m1', 'm2', 'm3']) await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));

  let reached!: () => void;
  const firstCall = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const killed = new Promise<void>((resolve) => (release = resolve));
  const delivered: string[][] = [];
  const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    reached();
    await killed;
    const pks = event.Records.map((r) => r.dynamodb?.NewImage?.pk?.S ?? '');
    try {
      // What a fan-out does first: read from DynamoDB.
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'm1' } } }));
    } catch {
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })) };
    }
    delivered.push(pks);
    return { batchItemFailures: [] };
  };
  const logs: string[] = [];
  const poller = await startStreamPoller({
    endpoint: dynamo.endpoint,
    tableName: table,
    handler,
    // One retry: without the wait it is spent within milliseconds, long before DynamoDB Local is back.
    mapping: {
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      startingPosition: 'LATEST',
      maximumRetryAttempts: 1,
      maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: true,
      parallelizationFactor: 1,
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterPatterns: [],
    },
    log: (line) => logs.push(line),
  });
  try {
    await firstCall;
    process.kill(dynamo.pid, 'SIGKILL');
    await dynamo.exited;
    release();
    // Back on the same port with the same data, as the stack's supervisor restarts it (a JVM
    // start: seconds, while the failed batch's one retry would take milliseconds).
    dynamo = await startDynamoDbLocal({ dataDir, port });
    await expect.poll(() => delivered, { timeout: 45_000 }).toEqual([['m1', 'm2', 'm3']]);
    expect(logs.filter((l) => l.includes('dropping'))).toEqual([]);
    expect(logs).toContainEqual(expect.stringContaining("DynamoDB does not answer; the batch's next retry waits for it"));
  } finally {
    await poller.stop();
  }
});
