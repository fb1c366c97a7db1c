import { limits } from '@chat/contract';
import { expect, test } from 'vitest';
import { browsePublicRooms, decodeBrowseCursor, encodeBrowseCursor } from './room-names.ts';
import { createRoom } from './rooms.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();

test('browsePublicRooms pages public rooms in name-key order, 50 a page, without private ones', async () => {
  const count = limits.browse.pageSize + 7;
  const names = Array.from({ length: count }, (_, i) => `Room ${String(i).padStart(3, '0')}`);
  for (const name of names) await createRoom(db, { name, createdBy: 'u1', now: 1 });
  await createRoom(db, { name: 'Room 000 secret', createdBy: 'u1', now: 1, kind: 'private' });
  // `general` exists only when provisioned; these tables have it (provision runs ensureGeneralRoom).
  const first = await browsePublicRooms(db, undefined);
  expect(first.rooms).toHaveLength(limits.browse.pageSize);
  expect(first.nextCursor).toEqual(expect.any(String));
  const second = await browsePublicRooms(db, first.nextCursor);
  expect(second.nextCursor).toBeNull();
  const all = [...first.rooms, ...second.rooms].map((r) => r.name);
  expect(all).toEqual(['general', ...names]);
  expect([...first.rooms, ...second.rooms].every((r) => r.kind === 'public')).toBe(true);
});

test('a cursor that is not one of ours is BAD_REQUEST', async () => {
  expect(decodeBrowseCursor(encodeBrowseCursor('room 007'))).toBe('room 007');
  for (const bad of ['', '!!!', encodeBrowseCursor('Upper Case'), `${encodeBrowseCursor('room')}=`]) {
    expect(() => decodeBrowseCursor(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  }
  await expect(browsePublicRooms(db, 'not a cursor')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
});
