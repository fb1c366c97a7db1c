import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { expect, test } from 'vitest';
import { localDynamoClient } from '../dynamodb-local.ts';
import { testDynamoEndpoint } from '../vitest.ts';
import { startStreamPoller } from './index.ts';

// AWS's documented shape (see fixtures/aws-events/README.md for its source).
const fixtureUrl = new URL('../../fixtures/aws-events/dynamodb-stream.json', import.meta.url);

/** Every key path and the JSON type of its value; the item contents of Keys/NewImage are table-specific. */
function shape(value: unknown, path = ''): Record<string, string> {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const out: Record<string, string> = { [path || '(root)']: type };
  if (type === 'object' && !/\.(Keys|NewImage|OldImage)$/.test(path)) {
    for (const [key, child] of Object.entries(value as object)) Object.assign(out, shape(child, `${path}.${key}`));
  }
  return out;
}

test("an INSERT record has the fixture's keys and value types, recursively", async () => {
  const fixture = JSON.parse(await readFile(fileURLToPath(fixtureUrl), 'utf8')) as { Records: DynamoDBRecord[] };
  const expected = fixture.Records.find((r) => r.eventName === 'INSERT');
  expect(expected).toBeDefined();

  const endpoint = testDynamoEndpoint();
  const db = localDynamoClient(endpoint);
  const table = `fidelity-${randomUUID().slice(0, 8)}`;
  await db.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  const records: DynamoDBRecord[] = [];
  const poller = await startStreamPoller({
    endpoint,
    tableName: table,
    mapping: {
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      startingPosition: 'LATEST',
      maximumRetryAttempts: 0,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      parallelizationFactor: 1,
      functionResponseTypes: [],
      filterPatterns: [],
    },
    handler: async (event) => void records.push(...event.Records),
    log: () => {},
  });
  await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' }, b: { B: new Uint8Array([1, 2]) } } }));
  await poller.drained();
  await poller.stop();
  db.destroy();

  const [actual] = records;
  expect(shape(actual)).toEqual(shape(expected));
  // JSON as Lambda sends it: binary arrives base64-encoded.
  expect(actual?.dynamodb?.NewImage?.b).toEqual({ B: 'AQI=' });
});
