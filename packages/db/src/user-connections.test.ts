import { expect, test } from 'vitest';
import { createTestDb } from './testing.ts';
import { addUserConnection, connectionsOfUsers, removeUserConnections } from './user-connections.ts';

const db = await createTestDb();

test("a user's connection set: ADD creates and grows it, DELETE shrinks it, both idempotent", async () => {
  expect(await addUserConnection(db, 'ann', 'c1')).toEqual(['c1']);
  expect((await addUserConnection(db, 'ann', 'c2')).sort()).toEqual(['c1', 'c2']);
  expect((await addUserConnection(db, 'ann', 'c2')).sort()).toEqual(['c1', 'c2']);
  expect((await connectionsOfUsers(db, ['ann'])).map((c) => c.connectionId).sort()).toEqual(['c1', 'c2']);
  await removeUserConnections(db, 'ann', ['c1', 'never-there']);
  await removeUserConnections(db, 'ann', ['c1']);
  expect(await connectionsOfUsers(db, ['ann'])).toEqual([{ connectionId: 'c2', userId: 'ann' }]);
  await removeUserConnections(db, 'ann', ['c2']);
  expect(await connectionsOfUsers(db, ['ann'])).toEqual([]);
  await removeUserConnections(db, 'nobody', ['c9']); // no item: nothing to do, no error
});

test("the connections of 250 users (past BatchGetItem's 100 keys a call), some offline, repeated ids once", async () => {
  const users = Array.from({ length: 250 }, (_, i) => `u${i}`);
  const online = users.filter((_, i) => i % 3 !== 0);
  await Promise.all(online.map((u) => addUserConnection(db, u, `${u}-conn`)));
  const found = await connectionsOfUsers(db, [...users, ...users.slice(0, 10)]);
  expect(found.map((c) => c.userId).sort()).toEqual([...online].sort());
  expect(found.every((c) => c.connectionId === `${c.userId}-conn`)).toBe(true);
});
