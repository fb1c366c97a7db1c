import { GENERAL_ROOM_ID } from '@chat/contract';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { expect, test } from 'vitest';
import { createRoom, roomExists } from './rooms.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();

test('roomExists: a created room once stored, never an unknown id', async () => {
  expect(await roomExists(db, 'no-such-room')).toBe(false);
  const room = await createRoom(db, { name: 'Exists?', createdBy: 'u1', now: Date.now() });
  expect(await roomExists(db, room.id)).toBe(true);
});

test('roomExists: general exists even while its item is lost (ensureGeneralRoom puts it back)', async () => {
  await db.entities.Room.build(DeleteItemCommand).key({ id: GENERAL_ROOM_ID }).send();
  expect(await roomExists(db, GENERAL_ROOM_ID)).toBe(true);
});
