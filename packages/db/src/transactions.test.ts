import { monotonicFactory } from 'ulid';
import { expect, test } from 'vitest';
import { createDb } from './db.ts';
import { type NewMessage, putMessage } from './messages.ts';
import { createTestDb } from './testing.ts';
import { retryOnTransactionConflict } from './transactions.ts';
import { createUser, UniqueConstraintError } from './users.ts';

const db = await createTestDb();
const ulid = monotonicFactory();

/** What DynamoDB (through the SDK) throws for a cancelled transaction. */
function cancelled(...codes: string[]) {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

test('a TransactionConflict is retried until the write goes through; the result is returned', async () => {
  let attempts = 0;
  const result = await retryOnTransactionConflict(async () => {
    attempts++;
    if (attempts < 3) throw cancelled('None', 'TransactionConflict');
    return 'written';
  });
  expect(result).toBe('written');
  expect(attempts).toBe(3);
});

test('a failed condition, any other error and a conflict past the last retry are thrown', async () => {
  let attempts = 0;
  const condition = cancelled('ConditionalCheckFailed', 'TransactionConflict');
  await expect(retryOnTransactionConflict(async () => (attempts++, Promise.reject(condition)))).rejects.toBe(condition);
  expect(attempts).toBe(1);
  const other = new Error('throttled');
  await expect(retryOnTransactionConflict(() => Promise.reject(other))).rejects.toBe(other);
  attempts = 0;
  const conflict = cancelled('TransactionConflict');
  await expect(retryOnTransactionConflict(async () => (attempts++, Promise.reject(conflict)), 2)).rejects.toBe(conflict);
  expect(attempts).toBe(3);
});

test('concurrent signups with one email: one user is stored, every other signup is told the email is taken', async () => {
  const signups = Array.from({ length: 8 }, (_, i) =>
    createUser(db, { id: `race-${i}`, email: 'race@example.com', username: `racer${i}`, passwordHash: 'h', createdAt: 1 }),
  );
  const outcomes = await Promise.allSettled(signups);
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  for (const o of outcomes) {
    if (o.status === 'rejected') expect(o.reason).toEqual(new UniqueConstraintError('email'));
  }
});

test('concurrent sends of one clientMsgId store one message, and every send answers it', async () => {
  const send = (text: string): NewMessage => ({
    id: ulid(),
    roomId: 'race',
    userId: 'u1',
    username: 'ann',
    text,
    createdAt: 1,
    clientMsgId: 'same',
  });
  // Eight containers (a Db each, over the same tables): one container's changes to a room take turns.
  const containers = Array.from({ length: 8 }, () => createDb({ names: db.names, client: db.client }));
  const results = await Promise.all(containers.map((container, i) => putMessage(container, send(`try ${i}`))));
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  const first = results.find((r) => !r.duplicate)!.message;
  for (const r of results) expect(r.message).toEqual(first);
});
