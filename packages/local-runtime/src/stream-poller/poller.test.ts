import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { localDynamoClient, localRegion } from '../dynamodb-local.ts';
import { testDynamoEndpoint } from '../vitest.ts';
import { startStreamPoller, type StreamPoller, type StreamPollerOptions } from './index.ts';

// Against the DynamoDB Local of the test run; every test gets its own table.
const endpoint = testDynamoEndpoint();
const db = localDynamoClient(endpoint);
afterAll(() => db.destroy());

// Shaped like the app's messageStreamMapping, with the same kind of filter.
const mapping = {
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  startingPosition: 'LATEST',
  maximumRetryAttempts: 10,
  maximumRecordAgeInSeconds: 3600,
  bisectBatchOnFunctionError: true,
  parallelizationFactor: 1,
  functionResponseTypes: ['ReportBatchItemFailures'],
  filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { _et: { S: ['Message'] } } } }],
} as const;

const running: StreamPoller[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

async function createTable(name = `sp-${randomUUID().slice(0, 8)}`): Promise<{ name: string; streamArn: string }> {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
  return { name, streamArn: Table?.LatestStreamArn ?? '' };
}

const put = (table: string, pk: string, et = 'Message') =>
  db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, _et: { S: et }, body: { S: `body of ${pk}` } } }));

const putAll = async (table: string, pks: string[]) => {
  for (const pk of pks) await put(table, pk);
};

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);

/** A handler that records what it gets; `respond` scripts its answers per call. */
function recorder(respond?: (records: DynamoDBRecord[], call: number) => DynamoDBBatchResponse | 'throw' | void) {
  const events: DynamoDBStreamEvent[] = [];
  const contexts: Context[] = [];
  const handler = async (event: DynamoDBStreamEvent, context: Context) => {
    events.push(event);
    contexts.push(context);
    const answer = respond?.(event.Records, events.length);
    if (answer === 'throw') throw new Error('handler failed on purpose');
    return answer;
  };
  const pks = (event: DynamoDBStreamEvent) => event.Records.map((r) => r.dynamodb?.NewImage?.pk?.S);
  return { events, contexts, handler, calls: () => events.map(pks), delivered: () => events.flatMap(pks) };
}

async function start(options: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'tableName' | 'handler'>) {
  const logs: string[] = [];
  const poller = await startStreamPoller({ endpoint, mapping, log: (line) => logs.push(line), ...options });
  running.push(poller);
  return { poller, logs };
}

const seqOf = (record: DynamoDBRecord | undefined) => record?.dynamodb?.SequenceNumber ?? '';

describe('startStreamPoller', () => {
  test('delivers what was written before and after it started, in order, in batches of batchSize, shaped like Lambda', async () => {
    const { name, streamArn } = await createTable();
    await putAll(name, range('m', 0, 25));
    const rec = recorder();
    const { poller } = await start({ tableName: name, handler: rec.handler, mapping: { ...mapping, batchSize: 10 } });
    await putAll(name, range('m', 25, 30));
    await poller.drained();

    expect(rec.delivered()).toEqual(range('m', 0, 30));
    expect(rec.events.every((e) => e.Records.length <= 10)).toBe(true);
    expect(rec.events.length).toBeGreaterThanOrEqual(3);

    const first = rec.events[0]?.Records[0];
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: localRegion,
      eventSourceARN: streamArn,
      dynamodb: {
        Keys: { pk: { S: 'm00' } },
        NewImage: { pk: { S: 'm00' }, _et: { S: 'Message' }, body: { S: 'body of m00' } },
        StreamViewType: 'NEW_IMAGE',
      },
    });
    expect(typeof first?.eventID).toBe('string');
    expect(typeof first?.dynamodb?.SizeBytes).toBe('number');
    // Epoch seconds (DynamoDB Local rounds it down to the minute).
    expect(Math.abs((first?.dynamodb?.ApproximateCreationDateTime ?? 0) - Date.now() / 1000)).toBeLessThan(120);
    const seqs = rec.events.flatMap((e) => e.Records.map(seqOf));
    expect(seqs.map(BigInt)).toEqual(seqs.map(BigInt).sort((a, b) => (a < b ? -1 : 1)));

    const context = rec.contexts[0];
    expect(context?.functionName).toBe(`local-${name}-stream`);
    expect(context?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(new Set(rec.contexts.map((c) => c.awsRequestId)).size).toBe(rec.contexts.length);
  });

  test('drained() resolves promptly on an empty stream', async () => {
    const { name } = await createTable();
    const rec = recorder();
    const { poller } = await start({ tableName: name, handler: rec.handler });
    await poller.drained();
    expect(rec.events).toEqual([]);
  });

  test('filters like Lambda: MODIFY, REMOVE and other entity types are not delivered, but are checkpointed', async () => {
    const { name } = await createTable();
    const dir = await mkdtemp(join(tmpdir(), 'stream-poller-'));
    const checkpointFile = join(dir, 'checkpoint.json');
    const rec = recorder();
    const { poller } = await start({ tableName: name, handler: rec.handler, checkpointFile });
    await put(name, 'm1');
    await put(name, 'r1', 'Room');
    await db.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: 'm1' } },
        UpdateExpression: 'SET body = :b',
        ExpressionAttributeValues: { ':b': { S: 'edited' } },
      }),
    );
    await db.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'm1' } } }));
    await put(name, 'm2');
    await put(name, 'r2', 'Room');
    await poller.drained();

    expect(rec.delivered()).toEqual(['m1', 'm2']);
    expect(rec.events.flatMap((e) => e.Records.map((r) => r.eventName))).toEqual(['INSERT', 'INSERT']);
    const saved = JSON.parse(await readFile(checkpointFile, 'utf8'));
    const [entry] = Object.values(saved.shards) as { sequenceNumber: string }[];
    const lastDelivered = rec.events.at(-1)?.Records.at(-1);
    expect(BigInt(entry?.sequenceNumber ?? 0)).toBeGreaterThan(BigInt(seqOf(lastDelivered))); // r2 counts as processed
  });

  test('batchItemFailures: the records before the failed one are not redelivered; it and the rest are', async () => {
    const { name } = await createTable();
    await putAll(name, range('m', 0, 5));
    const rec = recorder((records, call) => {
      const failed = records.find((r) => r.dynamodb?.NewImage?.pk?.S === 'm02');
      return call === 1 && failed ? { batchItemFailures: [{ itemIdentifier: seqOf(failed) }] } : undefined;
    });
    const { poller, logs } = await start({ tableName: name, handler: rec.handler });
    await poller.drained();
    expect(rec.calls()).toEqual([range('m', 0, 5), range('m', 2, 5)]);
    expect(logs.some((l) => /reported failures/.test(l))).toBe(true);
  });

  test('a throwing handler gets the same batch again', async () => {
    const { name } = await createTable();
    await putAll(name, range('m', 0, 3));
    const rec = recorder((_, call) => (call === 1 ? 'throw' : undefined));
    const { poller } = await start({ tableName: name, handler: rec.handler, mapping: { ...mapping, bisectBatchOnFunctionError: false } });
    await poller.drained();
    expect(rec.calls()).toEqual([range('m', 0, 3), range('m', 0, 3)]);
  });

  test('bisectBatchOnFunctionError: a record that always throws is isolated, dropped after its retries, and the rest arrive in order', async () => {
    const { name } = await createTable();
    await putAll(name, range('m', 0, 4));
    const rec = recorder((records) => (records.some((r) => r.dynamodb?.NewImage?.pk?.S === 'm01') ? 'throw' : undefined));
    const { poller, logs } = await start({ tableName: name, handler: rec.handler, mapping: { ...mapping, maximumRetryAttempts: 3 } });
    await poller.drained();
    expect(rec.calls().filter((pks) => !pks.includes('m01')).flat()).toEqual(['m00', 'm02', 'm03']);
    expect(logs.some((l) => /dropping record \d+: failed after 3 retries/.test(l))).toBe(true);
  });

  test('checkpoint: a restart delivers only what was written while stopped; a recreated table starts afresh', async () => {
    const { name } = await createTable();
    const dir = await mkdtemp(join(tmpdir(), 'stream-poller-'));
    const checkpointFile = join(dir, 'nested', 'checkpoint.json');

    const before = recorder();
    const first = await start({ tableName: name, handler: before.handler, checkpointFile });
    await putAll(name, range('m', 0, 3));
    await first.poller.drained();
    await first.poller.stop();
    expect(before.delivered()).toEqual(range('m', 0, 3));

    await putAll(name, range('m', 3, 6));
    const after = recorder();
    const second = await start({ tableName: name, handler: after.handler, checkpointFile });
    await putAll(name, range('m', 6, 7));
    await second.poller.drained();
    await second.poller.stop();
    expect(after.delivered()).toEqual(range('m', 3, 7));

    // Same name, new stream ARN: the old entries must not make it skip or fail.
    await db.send(new DeleteTableCommand({ TableName: name }));
    await createTable(name);
    await putAll(name, ['n0']);
    const fresh = recorder();
    const third = await start({ tableName: name, handler: fresh.handler, checkpointFile });
    await third.poller.drained();
    expect(fresh.delivered()).toEqual(['n0']);
  });

  test('stop() lets the batch in flight settle and checkpoints it', async () => {
    const { name } = await createTable();
    const dir = await mkdtemp(join(tmpdir(), 'stream-poller-'));
    const checkpointFile = join(dir, 'checkpoint.json');
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const { poller } = await start({
      tableName: name,
      checkpointFile,
      handler: async () => {
        entered();
        await gate;
        // A turn of the event loop more: a stop() that did not wait would settle first.
        await new Promise((resolve) => setImmediate(resolve));
        finished = true;
      },
    });
    await put(name, 'm0');
    await inHandler;
    const stopped = poller.stop();
    expect(finished).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);

    const again = recorder();
    const restarted = await start({ tableName: name, handler: again.handler, checkpointFile });
    await restarted.poller.drained();
    expect(again.events).toEqual([]);
  });

  test('a table without a stream is refused', async () => {
    const name = `sp-${randomUUID().slice(0, 8)}`;
    await db.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await expect(startStreamPoller({ endpoint, tableName: name, mapping, handler: async () => {} })).rejects.toThrow(/no stream/);
  });

  test('50 puts one after another each reach the handler once, in order (latency printed)', async () => {
    const { name } = await createTable();
    const arrived = new Map<string, () => void>();
    const order: string[] = [];
    const { poller } = await start({
      tableName: name,
      handler: async (event) => {
        for (const r of event.Records) {
          const pk = r.dynamodb?.NewImage?.pk?.S ?? '';
          order.push(pk);
          arrived.get(pk)?.();
        }
      },
    });
    await poller.drained();
    const latencies: number[] = [];
    for (const pk of range('m', 0, 50)) {
      // A random pause, so puts do not fall into step with the poll loop (as a real user's would not).
      await new Promise((r) => setTimeout(r, Math.random() * 30));
      const seen = new Promise<void>((resolve) => arrived.set(pk, resolve));
      const t0 = performance.now();
      await put(name, pk);
      await seen;
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const median = ((latencies[24] ?? 0) + (latencies[25] ?? 0)) / 2;
    console.log(
      `stream poller put->handler latency over 50 puts: median ${median.toFixed(1)} ms, ` +
        `min ${latencies[0]?.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms (poll interval 25 ms)`,
    );
    expect(order).toEqual(range('m', 0, 50));
  });
});
