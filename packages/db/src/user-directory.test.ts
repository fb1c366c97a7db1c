import { limits } from '@chat/contract';
import { expect, test } from 'vitest';
import { createTestDb } from './testing.ts';
import { publicUsers, searchUsers } from './user-directory.ts';
import { createUser } from './users.ts';

const db = await createTestDb();
const names = ['Sam', 'samantha', 'sammy', 'Sandra', 'tom'];
for (const [i, username] of names.entries()) {
  await createUser(db, { id: `u${i}`, email: `${username}@example.com`, username, passwordHash: 'secret-hash', createdAt: 1 });
}

test('searchUsers: a case-insensitive username prefix, in name order, id and username only', async () => {
  expect(await searchUsers(db, 'SAM')).toEqual([
    { id: 'u0', username: 'Sam' },
    { id: 'u1', username: 'samantha' },
    { id: 'u2', username: 'sammy' },
  ]);
  expect(await searchUsers(db, 'sa')).toHaveLength(4);
  expect(await searchUsers(db, 'x')).toEqual([]);
  const json = JSON.stringify(await searchUsers(db, 's'));
  expect(json).not.toContain('@example.com');
  expect(json).not.toContain('secret-hash');
});

test('searchUsers answers at most limits.userSearch.max', async () => {
  await Promise.all(
    Array.from({ length: limits.userSearch.max + 5 }, (_, i) =>
      createUser(db, { id: `z${i}`, email: `zed${i}@example.com`, username: `zed${i}`, passwordHash: 'h', createdAt: 1 }),
    ),
  );
  expect(await searchUsers(db, 'zed')).toHaveLength(limits.userSearch.max);
});

test('publicUsers: the ones that exist, without email', async () => {
  const found = await publicUsers(db, ['u0', 'nobody', 'u4', 'u0']);
  expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
    { id: 'u0', username: 'Sam' },
    { id: 'u4', username: 'tom' },
  ]);
});
