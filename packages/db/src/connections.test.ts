import { expect, test } from 'vitest';
import { getConnections, registerConnection } from './connections.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();

test("registering answers the user's connection ids; getConnections reads the stored ones and leaves absent ids out", async () => {
  const connection = (connectionId: string, connectedAt: number) => ({ connectionId, userId: 'ann', username: 'ann', connectedAt, expiresAt: 2_000_000_000 });
  expect(await registerConnection(db, connection('a=', 1))).toEqual(['a=']);
  expect((await registerConnection(db, connection('b=', 2))).sort()).toEqual(['a=', 'b=']);
  const found = await getConnections(db, ['b=', 'a=', 'gone=', 'a=']);
  expect(found.sort((x, y) => x.connectedAt - y.connectedAt)).toEqual([connection('a=', 1), connection('b=', 2)]);
  expect(await getConnections(db, [])).toEqual([]);
});
