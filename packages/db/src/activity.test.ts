import { QueryCommand as DocumentQuery } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect, test } from 'vitest';
import { ACTIVITY_TTL_SECONDS, createActivityImageReader, newActivity, putActivities, type RoomActivity } from './activity.ts';
import { subscribe, unsubscribe } from './connections.ts';
import { keys } from './entities.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();

/** The room's Activity items as DynamoDB holds them (what a stream image carries). */
async function storedItems(roomId: string) {
  const { Items = [] } = await db.documentClient.send(
    new DocumentQuery({
      TableName: db.names.messages,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.activity(roomId) },
    }),
  );
  return Items;
}

test('putActivities writes more than one BatchWriteItem holds; each reads back from its image, expiring in a minute', async () => {
  const now = Date.now();
  const written: RoomActivity[] = Array.from({ length: 30 }, (_, i) =>
    newActivity({ roomId: 'act', id: `01J${String(i).padStart(23, '0')}`, kind: i % 2 ? 'left' : 'typing', userId: `u${i}`, username: `u${i}`, connectionId: `c${i}` }, now),
  );
  await putActivities(db, written);
  const items = await storedItems('act');
  expect(items).toHaveLength(30);
  const reader = createActivityImageReader(db);
  const read = items.map((item) => marshall(item)).filter((image) => reader.isActivity(image)).map((image) => reader.activity(image));
  expect(read).toEqual(written);
  expect(read[0]!.expiresAt).toBe(Math.floor(now / 1000) + ACTIVITY_TTL_SECONDS);
});

test('a stored image of another item type is not an Activity; a broken Activity image throws', async () => {
  const reader = createActivityImageReader(db);
  expect(reader.isActivity(marshall({ pk: 'ROOMS', sk: 'general', _et: 'Room' }))).toBe(false);
  const broken = marshall({ pk: keys.activity('act'), sk: 'x', _et: 'Activity', kind: 'dancing' });
  expect(reader.isActivity(broken)).toBe(true);
  expect(() => reader.activity(broken)).toThrow();
});

test('unsubscribe says whether the connection was in the room', async () => {
  const connection = { connectionId: 'act-c', userId: 'u', username: 'u', connectedAt: 1, expiresAt: 2_000_000_000 };
  await subscribe(db, connection, 'act-room');
  expect(await unsubscribe(db, 'act-c', 'act-room')).toBe(true);
  expect(await unsubscribe(db, 'act-c', 'act-room')).toBe(false);
  expect(await unsubscribe(db, 'act-c', 'never')).toBe(false);
});
