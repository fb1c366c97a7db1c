import type { Context, DynamoDBRecord } from 'aws-lambda';
import { runInvocation } from '../invoke-store.ts';
import { sequenceNumberOf } from './records.ts';
import type { EventSourceMapping, StreamHandler } from './types.ts';

export interface DeliverOptions {
  handler: StreamHandler;
  mapping: Pick<
    EventSourceMapping,
    'maximumRetryAttempts' | 'maximumRecordAgeInSeconds' | 'bisectBatchOnFunctionError' | 'functionResponseTypes'
  >;
  context: () => Context;
  /** Called when the first `count` records are settled (delivered, or dropped); counts only grow. */
  settle: (count: number) => Promise<void>;
  /** Sleeps between retries; stop() cuts it short. */
  sleep: (ms: number) => Promise<void>;
  stopping: () => boolean;
  log: (line: string) => void;
  now?: () => number;
}

type Outcome = { kind: 'ok' } | { kind: 'threw' } | { kind: 'failed'; from: number };

/**
 * Hands one batch (already filtered, in stream order) to the handler the way Lambda's event
 * source mapping does: partial failures resume at the lowest failed record, thrown errors
 * retry the batch (split in halves with bisectBatchOnFunctionError), and records that are out
 * of retries or too old are dropped with a log line (AWS would send them to the on-failure
 * destination). Returns false when stop() interrupted it before every record settled.
 */
export async function deliverBatch(records: DynamoDBRecord[], options: DeliverOptions): Promise<boolean> {
  return deliverRange(records, 0, records.length, 0, options);
}

async function deliverRange(
  records: DynamoDBRecord[],
  from: number,
  to: number,
  retriesUsed: number,
  options: DeliverOptions,
): Promise<boolean> {
  const { mapping, log } = options;
  const now = options.now ?? Date.now;
  const maxRetries = mapping.maximumRetryAttempts < 0 ? Infinity : mapping.maximumRetryAttempts;
  let start = from;
  let retries = retriesUsed;
  for (;;) {
    if (options.stopping()) return false;
    // Records only age, and the oldest come first: drop the expired prefix.
    let fresh = start;
    while (fresh < to && tooOld(records[fresh], mapping.maximumRecordAgeInSeconds, now())) fresh++;
    if (fresh > start) {
      log(`dropping ${describe(records, start, fresh)}: older than ${mapping.maximumRecordAgeInSeconds}s`);
      start = fresh;
      await options.settle(start);
    }
    if (start === to) return true;

    const outcome = await invoke(records.slice(start, to), options);
    if (outcome.kind === 'ok') {
      await options.settle(to);
      return true;
    }
    if (outcome.kind === 'failed' && outcome.from > 0) {
      // The records before the lowest failure succeeded: never redeliver them.
      start += outcome.from;
      await options.settle(start);
    }
    retries++;
    if (outcome.kind === 'threw' && mapping.bisectBatchOnFunctionError && to - start > 1) {
      const mid = start + Math.ceil((to - start) / 2);
      return (
        (await deliverRange(records, start, mid, retries, options)) &&
        (await deliverRange(records, mid, to, retries, options))
      );
    }
    if (retries > maxRetries) {
      log(`dropping ${describe(records, start, to)}: failed after ${maxRetries} retries`);
      await options.settle(to);
      return true;
    }
    await options.sleep(backoffMs(retries));
  }
}

async function invoke(batch: DynamoDBRecord[], options: DeliverOptions): Promise<Outcome> {
  let response: unknown;
  try {
    // A fresh copy per invocation, as Lambda parses fresh JSON: a handler mutating it cannot leak into retries.
    const context = options.context();
    response = await runInvocation(context, () => options.handler({ Records: structuredClone(batch) }, context));
  } catch (err) {
    options.log(`handler failed on ${describe(batch, 0, batch.length)}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return { kind: 'threw' };
  }
  if (!options.mapping.functionResponseTypes.includes('ReportBatchItemFailures')) return { kind: 'ok' };
  const failures = (response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return { kind: 'ok' };

  // Lambda resumes at the lowest failed sequence number; an empty or unknown id fails the whole batch.
  let lowest = batch.length;
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof id === 'string' && id !== '' ? batch.findIndex((r) => sequenceNumberOf(r) === id) : -1;
    lowest = Math.min(lowest, index < 0 ? 0 : index);
  }
  options.log(`handler reported failures; retrying from ${describe(batch, lowest, lowest + 1)}`);
  return { kind: 'failed', from: lowest };
}

function tooOld(record: DynamoDBRecord | undefined, maxAgeSeconds: number, nowMs: number): boolean {
  const created = record?.dynamodb?.ApproximateCreationDateTime;
  if (maxAgeSeconds < 0 || created === undefined) return false;
  return nowMs / 1000 - created > maxAgeSeconds;
}

/** Short and capped: locally a retry should come quickly. */
function backoffMs(retry: number): number {
  return Math.min(1000, 50 * 2 ** (retry - 1));
}

function describe(records: DynamoDBRecord[], from: number, to: number): string {
  const first = sequenceNumberOf(records[from] ?? {});
  const last = sequenceNumberOf(records[to - 1] ?? {});
  const count = to - from;
  return count === 1 ? `record ${first}` : `${count} records ${first}..${last}`;
}
