import { deleteConnection, putConnection, type StoredConnection } from '@chat/db';
import { createTestDb } from '@chat/db/testing';
import { expect, test } from 'vitest';
import { createConnectionCache } from './connections.ts';

const db = await createTestDb();

const stored = (connectionId: string): StoredConnection => ({
  connectionId,
  userId: `u-${connectionId}`,
  username: connectionId,
  connectedAt: 1,
  expiresAt: 2_000_000_000,
});

test('the cache answers connections it read without DynamoDB, and holds at most maxEntries', async () => {
  const [a, b, c] = ['ca', 'cb', 'cc'].map(stored) as [StoredConnection, StoredConnection, StoredConnection];
  await Promise.all([a, b, c].map((x) => putConnection(db, x)));
  const cache = createConnectionCache(db, 2);
  for (const x of [a, b, c]) expect(await cache.get(x.connectionId)).toEqual(x); // c evicts a
  // Gone from the table: only what the cache still holds can answer.
  await Promise.all([a, b, c].map((x) => deleteConnection(db, x.connectionId)));
  expect(await cache.get(c.connectionId)).toEqual(c);
  expect(await cache.get(b.connectionId)).toEqual(b);
  expect(await cache.get(a.connectionId)).toBeUndefined();
});

test('a forgotten connection is read again', async () => {
  const d = stored('cd');
  await putConnection(db, d);
  const cache = createConnectionCache(db);
  expect(await cache.get(d.connectionId)).toEqual(d);
  await deleteConnection(db, d.connectionId);
  cache.forget(d.connectionId);
  expect(await cache.get(d.connectionId)).toBeUndefined();
});
