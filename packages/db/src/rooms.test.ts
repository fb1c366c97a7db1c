import { GENERAL_ROOM_ID } from '@chat/contract';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { expect, test } from 'vitest';
import { getMembership, roomMembers } from './membership.ts';
import { createRoom, ensureGeneralRoom, getRoom } from './rooms.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();

test('getRoom: a created room once stored, never an unknown id', async () => {
  expect(await getRoom(db, 'no-such-room')).toBeUndefined();
  const room = await createRoom(db, { name: 'Exists?', createdBy: 'u1', now: Date.now() });
  expect(await getRoom(db, room.id)).toEqual(room);
});

test('general, if its item is ever lost, is put back by ensureGeneralRoom', async () => {
  await db.entities.Room.build(DeleteItemCommand).key({ id: GENERAL_ROOM_ID }).send();
  expect(await getRoom(db, GENERAL_ROOM_ID)).toBeUndefined();
  await ensureGeneralRoom(db, 1);
  expect(await getRoom(db, GENERAL_ROOM_ID)).toMatchObject({ id: GENERAL_ROOM_ID, name: 'general' });
});

test('createRoom: the name is claimed under its key; "design" and "design" + U+200B after "Design" are CONFLICT, in either kind', async () => {
  const room = await createRoom(db, { name: 'Design', createdBy: 'u1', now: 1, kind: 'private', topic: 'pixels' });
  expect(room).toEqual({ id: 'design', name: 'Design', kind: 'private', topic: 'pixels', createdAt: 1, createdBy: 'u1', archived: false });
  for (const [name, kind] of [['design', 'private'], ['design\u200b', 'public'], ['  DESIGN ', 'public']] as const) {
    await expect(createRoom(db, { name, createdBy: 'u2', now: 2, kind })).rejects.toMatchObject({ name: 'RoomNameTakenError', code: 'CONFLICT' });
  }
  const { Item } = await db.entities.RoomNameClaim.build(GetItemCommand).key({ kind: 'private', nameKey: 'design' }).send();
  expect(Item?.roomId).toBe('design');
});

test('createRoom: "General" is taken by general; a slug already used moves on to name-2; dm- ids stay DMs’', async () => {
  await expect(createRoom(db, { name: 'General', createdBy: 'u1', now: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
  const first = await createRoom(db, { name: 'Café talk', createdBy: 'u1', now: 1 });
  const second = await createRoom(db, { name: 'Cafe talk', createdBy: 'u1', now: 1 });
  expect([first.id, second.id]).toEqual(['cafe-talk', 'cafe-talk-2']);
  expect((await createRoom(db, { name: 'DM 1234', createdBy: 'u1', now: 1 })).id).toBe('room-dm-1234');
});

test('createRoom with the creator as a user makes the creator a member in the same write', async () => {
  const ann = { id: 'ann-creator', username: 'ann' };
  const room = await createRoom(db, { name: 'With creator', createdBy: ann, now: 5 });
  expect(room.createdBy).toBe(ann.id);
  expect(await roomMembers(db, room.id)).toEqual([ann]);
  expect(await getMembership(db, ann.id, room.id)).toMatchObject({ readSeq: 0, joinedAt: 5 });
});

test('ensureGeneralRoom claims "general" once and can run again', async () => {
  await ensureGeneralRoom(db, 1);
  await ensureGeneralRoom(db, 2);
  const { Item } = await db.entities.RoomNameClaim.build(GetItemCommand).key({ kind: 'public', nameKey: 'general' }).send();
  expect(Item?.roomId).toBe(GENERAL_ROOM_ID);
});
