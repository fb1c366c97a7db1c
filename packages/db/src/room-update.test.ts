import { GENERAL_ROOM_ID } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { expect, test } from 'vitest';
import { addMember } from './membership.ts';
import { openDm } from './dms.ts';
import { updateRoom } from './room-update.ts';
import { createRoom, getRoom } from './rooms.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();
const ann = { id: 'ann', username: 'ann' };
const bob = { id: 'bob', username: 'bob' };
const claimOf = async (kind: 'public' | 'private', nameKey: string) =>
  (await db.entities.RoomNameClaim.build(GetItemCommand).key({ kind, nameKey }).options({ consistent: true }).send()).Item;

test('a rename moves the claim: the old name is free again, the new one held, the room renamed', async () => {
  const room = await createRoom(db, { name: 'Old name', createdBy: ann, now: 1, kind: 'private' });
  const renamed = await updateRoom(db, ann.id, room.id, { name: 'New Name' });
  expect(renamed).toMatchObject({ id: room.id, name: 'New Name', kind: 'private' });
  expect(await getRoom(db, room.id)).toEqual(renamed);
  expect(await claimOf('private', 'old name')).toBeUndefined();
  expect(await claimOf('private', 'new name')).toMatchObject({ roomId: room.id });
  // Only the case changes: the same key, no claim moves.
  expect((await updateRoom(db, ann.id, room.id, { name: 'NEW NAME' })).name).toBe('NEW NAME');
  expect(await claimOf('private', 'new name')).toMatchObject({ roomId: room.id });
  expect((await createRoom(db, { name: 'old NAME', createdBy: bob, now: 2 })).name).toBe('old NAME');
});

test('a rename to a taken name (either kind) is CONFLICT and changes nothing', async () => {
  await createRoom(db, { name: 'Taken public', createdBy: bob, now: 1 });
  const room = await createRoom(db, { name: 'Mine', createdBy: ann, now: 1 });
  await expect(updateRoom(db, ann.id, room.id, { name: 'taken\u200b PUBLIC', topic: 'ignored' })).rejects.toMatchObject({ code: 'CONFLICT' });
  expect(await getRoom(db, room.id)).toMatchObject({ name: 'Mine', topic: '' });
  expect(await claimOf('public', 'mine')).toMatchObject({ roomId: room.id });
});

test('topic and archive by the creator; others FORBIDDEN (or NOT_FOUND for a private room they are not in)', async () => {
  const open = await createRoom(db, { name: 'Open one', createdBy: ann, now: 1 });
  const hidden = await createRoom(db, { name: 'Hidden one', createdBy: ann, now: 1, kind: 'private' });
  expect(await updateRoom(db, ann.id, open.id, { topic: 'Plans', archived: true })).toMatchObject({ topic: 'Plans', archived: true });
  expect(await getRoom(db, open.id)).toMatchObject({ topic: 'Plans', archived: true, name: 'Open one' });
  expect(await updateRoom(db, ann.id, open.id, { archived: false })).toMatchObject({ topic: 'Plans', archived: false });
  expect(await updateRoom(db, ann.id, open.id, {})).toEqual(await getRoom(db, open.id));

  await expect(updateRoom(db, bob.id, open.id, { topic: 'mine now' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(updateRoom(db, bob.id, hidden.id, { topic: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await addMember(db, hidden.id, bob, 2);
  await expect(updateRoom(db, bob.id, hidden.id, { topic: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  expect(await getRoom(db, hidden.id)).toMatchObject({ topic: '' });
});

test('general and DMs cannot be changed (BAD_REQUEST)', async () => {
  await expect(updateRoom(db, ann.id, GENERAL_ROOM_ID, { topic: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  const dm = await openDm(db, ann, [bob], 1);
  await expect(updateRoom(db, ann.id, dm.id, { name: 'our dm' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
});
