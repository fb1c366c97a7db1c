import type { Context, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { expect, test } from 'vitest';
import { deliverBatch, type DeliverOptions } from './deliver.ts';

// The retry logic alone, with a scripted handler; poller.test.ts runs it against DynamoDB Local.
const now = 1_700_000_000_000;
const records = (n: number, createdAgoSeconds = 0): DynamoDBRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    eventName: 'INSERT',
    dynamodb: { SequenceNumber: String(100 + i), ApproximateCreationDateTime: now / 1000 - createdAgoSeconds },
  }));
const seqs = (batch: DynamoDBRecord[]) => batch.map((r) => Number(r.dynamodb?.SequenceNumber) - 100);

function harness(answer: (batch: number[], call: number) => DynamoDBBatchResponse | 'throw' | void, mapping: Partial<DeliverOptions['mapping']> = {}) {
  const calls: number[][] = [];
  const settled: number[] = [];
  const logs: string[] = [];
  const options: DeliverOptions = {
    handler: async (event) => {
      const batch = seqs(event.Records);
      calls.push(batch);
      const result = answer(batch, calls.length);
      if (result === 'throw') throw new Error('boom');
      return result;
    },
    mapping: {
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: false,
      functionResponseTypes: ['ReportBatchItemFailures'],
      ...mapping,
    },
    context: () => ({}) as Context,
    settle: async (count) => void settled.push(count),
    sleep: async () => {},
    stopping: () => false,
    log: (line) => logs.push(line),
    now: () => now,
  };
  return { calls, settled, logs, options };
}

const fail = (...indexes: number[]): DynamoDBBatchResponse => ({
  batchItemFailures: indexes.map((i) => ({ itemIdentifier: String(100 + i) })),
});

test('a partial failure resumes at the lowest failed record', async () => {
  const h = harness((_, call) => (call === 1 ? fail(3, 2) : undefined));
  expect(await deliverBatch(records(5), h.options)).toBe(true);
  expect(h.calls).toEqual([[0, 1, 2, 3, 4], [2, 3, 4]]);
  expect(h.settled).toEqual([2, 5]);
});

test('an empty or unknown itemIdentifier fails the whole batch', async () => {
  for (const bad of ['', '999']) {
    const h = harness((_, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: bad }] } : undefined));
    await deliverBatch(records(3), h.options);
    expect(h.calls).toEqual([[0, 1, 2], [0, 1, 2]]);
  }
});

test('batchItemFailures are ignored without ReportBatchItemFailures', async () => {
  const h = harness(() => fail(0), { functionResponseTypes: [] });
  await deliverBatch(records(2), h.options);
  expect(h.calls).toEqual([[0, 1]]);
});

test('a thrown error retries the batch, then drops it when out of retries', async () => {
  const h = harness(() => 'throw');
  expect(await deliverBatch(records(2), h.options)).toBe(true);
  expect(h.calls).toHaveLength(4); // first try + 3 retries
  expect(h.settled).toEqual([2]);
  expect(h.logs.at(-1)).toMatch(/dropping 2 records 100..101: failed after 3 retries/);
});

test('bisectBatchOnFunctionError isolates the poison record and keeps order', async () => {
  const h = harness((batch) => (batch.includes(2) ? 'throw' : undefined), { bisectBatchOnFunctionError: true, maximumRetryAttempts: 4 });
  await deliverBatch(records(6), h.options);
  const delivered = h.calls.filter((b) => !b.includes(2)).flat();
  expect(delivered).toEqual([0, 1, 3, 4, 5]);
  expect(h.calls[0]).toEqual([0, 1, 2, 3, 4, 5]);
  expect(h.calls[1]).toEqual([0, 1, 2]);
  expect(h.logs.some((l) => /dropping record 102/.test(l))).toBe(true);
  expect(h.settled.at(-1)).toBe(6);
});

test('records older than maximumRecordAgeInSeconds are dropped, not delivered', async () => {
  const h = harness(() => undefined);
  await deliverBatch(records(2, 7200), h.options);
  expect(h.calls).toEqual([]);
  expect(h.settled).toEqual([2]);
  expect(h.logs[0]).toMatch(/older than 3600s/);
});

test('stop interrupts the retries without settling the failed records', async () => {
  let stopping = false;
  const h = harness(() => {
    stopping = true;
    return 'throw';
  });
  h.options.stopping = () => stopping;
  expect(await deliverBatch(records(2), h.options)).toBe(false);
  expect(h.calls).toHaveLength(1);
  expect(h.settled).toEqual([]);
});
