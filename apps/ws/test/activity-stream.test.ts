import { marshall } from '@aws-sdk/util-dynamodb';
import { connectionsInRoom, createRoom, newActivity, type ActivityKind, type RoomConnection } from '@chat/db';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { monotonicFactory } from 'ulid';
import { afterAll, expect, test } from 'vitest';
import { startRealtime } from './harness.ts';

// No $disconnect events: a vanished client is found only when a post to it answers 410.
const stack = await startRealtime({ sendDisconnectEvents: false });
afterAll(() => stack.stop());
const newId = monotonicFactory();

test('a client found gone by a post (410) is deleted and its room told once, with a left delta', async () => {
  const roomId = (await createRoom(stack.db, { name: 'gone', createdBy: 't', now: Date.now() })).id;
  const [ann, bob, ghost] = await Promise.all([stack.user('ann'), stack.user('bob'), stack.user('ghost')]);
  const annS = await stack.connect(ann.token, roomId);
  const bobS = await stack.connect(bob.token, roomId);
  const ghostS = await stack.connect(ghost.token, roomId);
  const ghostId = (await connectionsInRoom(stack.db, roomId, Date.now())).find((c) => c.userId === ghost.id)!.connectionId;
  // The joins' own presence and room frames are out of the way: what follows is the leave.
  await stack.settled();
  await Promise.all([annS.flush(), bobS.flush()]);
  for (const s of [annS, bobS]) s.forget();
  ghostS.ws.terminate();
  await expect.poll(() => stack.emulator.connectionIds()).not.toContain(ghostId);

  annS.send({ action: 'sendMessage', roomId, text: 'anyone?', clientMsgId: 'g-1' });
  for (const s of [annS, bobS]) await s.waitForType('presence', (p) => p.roomId === roomId && !!p.left);
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length).toBe(2);
  await stack.settled();
  await Promise.all([annS.flush(), bobS.flush()]);
  for (const s of [annS, bobS]) {
    expect(s.ofType('presence')).toEqual([{ type: 'presence', roomId, left: [{ id: ghost.id, username: 'ghost' }] }]);
  }
});

/** Stream records as DynamoDB writes them: each image is the item the toolbox stores. */
function streamEvent(items: Record<string, unknown>[]): DynamoDBStreamEvent {
  return {
    Records: items.map((item, i) => ({
      eventID: `e${i}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/messages/stream/x',
      dynamodb: {
        Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
        NewImage: marshall(item) as never,
        SequenceNumber: String(1000 + i),
        SizeBytes: 100,
        StreamViewType: 'NEW_IMAGE',
      },
    })),
  };
}

const activityItem = (roomId: string, kind: ActivityKind, c: RoomConnection) =>
  stack.db.entities.Activity.build(PutItemCommand)
    .item(newActivity({ roomId, id: newId(), kind, userId: c.userId, username: c.username, connectionId: c.connectionId }, Date.now()))
    .params().Item as Record<string, unknown>;

test('in one batch: a presence post that fails is reported for retry, a typing post is not, an unreadable Activity is', async () => {
  const roomId = (await createRoom(stack.db, { name: 'retries', createdBy: 't', now: Date.now() })).id;
  const [cat, dan] = await Promise.all([stack.user('cat'), stack.user('dan')]);
  const catS = await stack.connect(cat.token, roomId);
  const danS = await stack.connect(dan.token, roomId);
  const connections = await connectionsInRoom(stack.db, roomId, Date.now());
  const catC = connections.find((c) => c.userId === cat.id)!;
  const danC = connections.find((c) => c.userId === dan.id)!;
  // The joins' own frames are out of the way, so the injected failures hit the batch below.
  await stack.settled();
  await Promise.all([catS.flush(), danS.flush()]);
  for (const s of [catS, danS]) s.forget();
  // Every attempt to cat fails (the client tries each post twice): its presence and its typing.
  stack.emulator.failNextPosts(catC.connectionId, 4, 500);

  const { kind: _dropped, ...broken } = activityItem(roomId, 'joined', danC);
  const response = await stack.handler(
    streamEvent([activityItem(roomId, 'joined', danC), broken, activityItem(roomId, 'typing', danC)]),
    {} as Context,
  );
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1000' }, { itemIdentifier: '1001' }] });
  // dan got the presence (his own join), never his own typing.
  expect(await danS.waitForType('presence')).toEqual({ type: 'presence', roomId, joined: [{ id: dan.id, username: 'dan' }] });
  await danS.flush();
  expect(danS.ofType('typing')).toEqual([]);
  await catS.flush();
  expect(catS.ofType('presence')).toEqual([]);
});
