import type { Table } from 'dynamodb-toolbox/table';

/** BatchGetItem takes at most 100 keys. */
export const BATCH_GET_MAX = 100;
const MAX_ATTEMPTS = 8;

/** What one BatchGetItem call answers, as dynamodb-toolbox's `execute` gives it (one table). */
export interface BatchGetAnswer<ITEM> {
  Responses?: readonly (readonly (ITEM | undefined)[] | undefined)[];
  UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] } | undefined>;
}

/**
 * Every existing item of `requests`, all of `table`: BatchGetItem, 100 keys a call, the calls one
 * after another (callers bound their own concurrency). Keys DynamoDB leaves unprocessed (it does
 * under throttling) are asked again after a growing, jittered pause, as AWS advises for them
 * (dynamodb-toolbox's own `maxAttempts` asks again at once); keys still unprocessed after 8
 * attempts throw, so that no caller answers with fewer items than exist. `send` is one call of
 * the toolbox's typed `execute`, which keeps the items' types.
 */
export async function batchGetAll<REQUEST extends { params(): Record<string, unknown> }, ITEM>(
  table: Table,
  requests: readonly REQUEST[],
  send: (requests: REQUEST[]) => Promise<BatchGetAnswer<ITEM>>,
): Promise<ITEM[]> {
  const found: ITEM[] = [];
  const keyOf = (key: Record<string, unknown>) =>
    `${String(key[table.partitionKey.name])}\n${table.sortKey ? String(key[table.sortKey.name]) : ''}`;
  for (let i = 0; i < requests.length; i += BATCH_GET_MAX) {
    let pending = requests.slice(i, i + BATCH_GET_MAX);
    for (let attempt = 1; ; attempt++) {
      const { Responses, UnprocessedKeys } = await send(pending);
      for (const item of Responses?.[0] ?? []) if (item !== undefined) found.push(item);
      const unprocessed = new Set((UnprocessedKeys?.[table.getName()]?.Keys ?? []).map(keyOf));
      if (unprocessed.size === 0) break;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${unprocessed.size} keys unprocessed after ${attempt} attempts`);
      pending = pending.filter((request) => unprocessed.has(keyOf(request.params())));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 25 * 2 ** attempt)));
    }
  }
  return found;
}
