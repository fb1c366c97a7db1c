import { marshall } from '@aws-sdk/util-dynamodb';
import type { Message } from '@chat/contract';
import { unchangedMessageFields } from '@chat/contract';
import { connectionsInRoom, connectionsOfUsers, createRoom, getConnection, putConnection, registerConnection, toMessageItem } from '@chat/db';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { monotonicFactory } from 'ulid';
import { afterAll, expect, test } from 'vitest';
import { startRealtime } from './harness.ts';

// API Gateway's $disconnect is best effort: this stack never sends it, as when a client
// vanishes without a close frame and the event is lost.
const stack = await startRealtime({ sendDisconnectEvents: false });
afterAll(() => stack.stop());
const newId = monotonicFactory();

test('a client that vanished without a close frame is deleted on the next fan-out (410); the rest still get it', async () => {
  const roomId = (await createRoom(stack.db, { name: 'vanish', createdBy: 't', now: Date.now() })).id;
  const [ann, bob, ghost] = await Promise.all([stack.user('ann'), stack.user('bob'), stack.user('ghost')]);
  const annS = await stack.connect(ann.token, roomId);
  const bobS = await stack.connect(bob.token, roomId);
  const ghostS = await stack.connect(ghost.token, roomId);
  expect(await connectionsInRoom(stack.db, roomId, Date.now())).toHaveLength(3);
  const ghostId = (await connectionsInRoom(stack.db, roomId, Date.now())).find((c) => c.userId === ghost.id)!.connectionId;
  // The joins' own frames are out (a post to the ghost from them would find it gone first).
  await stack.settled();
  ghostS.ws.terminate(); // TCP gone, no close frame
  await expect.poll(() => stack.emulator.connectionIds()).not.toContain(ghostId);
  // Connected a minute ago: past the grace given to a connection whose $connect may still be running.
  await putConnection(stack.db, { ...(await getConnection(stack.db, ghostId))!, connectedAt: Date.now() - 60_000 });

  annS.send({ action: 'sendMessage', roomId, text: 'anyone?', clientMsgId: 'v-1' });
  for (const s of [annS, bobS]) await s.waitFor(() => s.broadcastMessages().find((m) => m.text === 'anyone?'));
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length).toBe(2);
  // The stale connection is gone, never the sender.
  const left = (await connectionsInRoom(stack.db, roomId, Date.now())).map((c) => c.userId).sort();
  expect(left).toEqual([ann.id, bob.id].sort());
  // Its id left the ghost's connection set too, so no later fan-out posts to it.
  expect(await connectionsOfUsers(stack.db, [ghost.id])).toEqual([]);
});

test("a 410 from an unfocused connection registered under 30 s ago keeps it (its $connect may not have returned); an older one's is removed", async () => {
  const roomId = (await createRoom(stack.db, { name: 'young', createdBy: 't', now: Date.now() })).id;
  const ivy = await stack.user('ivy');
  const ivyS = await stack.connect(ivy.token, roomId);
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const fake = (connectionId: string, connectedAt: number) => ({ connectionId, userId: ivy.id, username: 'ivy', connectedAt, expiresAt });
  // Registered, but unknown to API Gateway: every post to them answers 410.
  await registerConnection(stack.db, fake('pending=', Date.now()));
  await registerConnection(stack.db, fake('stale=', Date.now() - 60_000));
  ivyS.send({ action: 'sendMessage', roomId, text: 'who is there?', clientMsgId: 'y-1' });
  await ivyS.waitFor(() => ivyS.broadcastMessages().find((m) => m.text === 'who is there?'));
  await expect.poll(async () => (await connectionsOfUsers(stack.db, [ivy.id])).map((c) => c.connectionId)).not.toContain('stale=');
  expect((await connectionsOfUsers(stack.db, [ivy.id])).map((c) => c.connectionId)).toContain('pending=');
  expect(await getConnection(stack.db, 'pending=')).toBeDefined();
  expect(await getConnection(stack.db, 'stale=')).toBeUndefined();
});

/** Stream records as DynamoDB writes them: each image is the item the toolbox stores. */
function streamEvent(items: { eventName?: 'INSERT' | 'MODIFY'; item: Record<string, unknown> }[]): DynamoDBStreamEvent {
  return {
    Records: items.map(({ eventName = 'INSERT', item }, i): DynamoDBRecord => ({
      eventID: `e${i}`,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/messages/stream/x',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
        NewImage: marshall(item) as never,
        SequenceNumber: String(1000 + i),
        SizeBytes: 100,
        StreamViewType: 'NEW_IMAGE',
      },
    })),
  };
}

const stored = (m: Message) => ({ item: stack.db.entities.Message.build(PutItemCommand).item(toMessageItem(m)).params().Item as Record<string, unknown> });
const messageEvent = (messages: Message[]) => streamEvent(messages.map(stored));

let seq = 0;
const message = (roomId: string, text: string): Message => ({
  id: newId(),
  roomId,
  userId: 'u',
  username: 'u',
  text,
  createdAt: Date.now(),
  clientMsgId: text,
  seq: ++seq,
  ...unchangedMessageFields(),
});

test('a stream batch in which posting fails for one record reports exactly that record, and the retry delivers it', async () => {
  const roomA = (await createRoom(stack.db, { name: 'partial a', createdBy: 't', now: Date.now() })).id;
  const roomB = (await createRoom(stack.db, { name: 'partial b', createdBy: 't', now: Date.now() })).id;
  const [ann, bob] = await Promise.all([stack.user('ann'), stack.user('bob')]);
  const annS = await stack.connect(ann.token, roomA);
  const bobS = await stack.connect(bob.token, roomB);
  const [bobConnection] = await connectionsInRoom(stack.db, roomB, Date.now());
  // The joins' own frames are out of the way, so the injected failures hit what follows.
  await stack.settled();
  // Two failures: the client itself retries once (maxAttempts 2), as it would on AWS.
  stack.emulator.failNextPosts(bobConnection!.connectionId, 2, 500);

  const a = message(roomA, 'to a');
  const b = message(roomB, 'to b');
  const event = messageEvent([a, b]);
  const response = await stack.handler(event, {} as Context);
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1001' }] });
  await annS.waitFor(() => annS.broadcastMessages().find((m) => m.id === a.id));
  expect(bobS.broadcastMessages()).toEqual([]);

  // Lambda retries from the failed record on.
  const retry = await stack.handler({ Records: event.Records.slice(1) }, {} as Context);
  expect(retry).toEqual({ batchItemFailures: [] });
  expect(await bobS.waitFor(() => bobS.broadcastMessages().find((m) => m.id === b.id))).toEqual(b);
});

test('several new messages of a room in one batch reach each connection as one messageBatch frame, in order', async () => {
  const roomId = (await createRoom(stack.db, { name: 'coalesce', createdBy: 't', now: Date.now() })).id;
  const cat = await stack.user('cat');
  const socket = await stack.connect(cat.token, roomId);
  const batch = [message(roomId, 'one'), message(roomId, 'two'), message(roomId, 'three')];
  await stack.handler(messageEvent(batch), {} as Context);
  const frame = await socket.waitForType('messageBatch');
  expect(frame).toEqual({ type: 'messageBatch', roomId, messages: batch });
  expect(socket.ofType('message')).toHaveLength(0);
});

test('through the poller: a post that fails once is retried and delivered once', async () => {
  const roomId = (await createRoom(stack.db, { name: 'retry', createdBy: 't', now: Date.now() })).id;
  const [dan, eve] = await Promise.all([stack.user('dan'), stack.user('eve')]);
  const danS = await stack.connect(dan.token, roomId);
  const eveS = await stack.connect(eve.token, roomId);
  const eveConnection = (await connectionsInRoom(stack.db, roomId, Date.now())).find((c) => c.userId === eve.id);
  // The joins' own frames are out of the way, so the injected failures hit what follows.
  await stack.settled();
  stack.emulator.failNextPosts(eveConnection!.connectionId, 2, 500);
  danS.send({ action: 'sendMessage', roomId, text: 'eventually', clientMsgId: 'r-1' });
  const got = await eveS.waitFor(() => eveS.broadcastMessages().find((m) => m.text === 'eventually'));
  expect(got.username).toBe('dan');
  // A later record is delivered only once the retried one has settled: a duplicate would come first.
  danS.send({ action: 'sendMessage', roomId, text: 'marker', clientMsgId: 'r-2' });
  await eveS.waitFor(() => eveS.broadcastMessages().find((m) => m.text === 'marker'));
  expect(eveS.broadcastMessages().map((m) => m.text)).toEqual(['eventually', 'marker']);
});

test('in one batch: a failed delivery, an unreadable Message image, other item types, an edit (MODIFY) and a stale state; exactly the failed records are reported, each message once in its latest state', async () => {
  const roomA = (await createRoom(stack.db, { name: 'mixed a', createdBy: 't', now: Date.now() })).id;
  const roomB = (await createRoom(stack.db, { name: 'mixed b', createdBy: 't', now: Date.now() })).id;
  const [fay, gus] = await Promise.all([stack.user('fay'), stack.user('gus')]);
  const fayS = await stack.connect(fay.token, roomA);
  const gusS = await stack.connect(gus.token, roomB);
  const [gusConnection] = await connectionsInRoom(stack.db, roomB, Date.now());
  // The joins' own frames are out of the way, so the injected failures hit what follows.
  await stack.settled();
  stack.emulator.failNextPosts(gusConnection!.connectionId, 2, 500);

  const first = message(roomA, 'first');
  const toB = message(roomB, 'to b');
  const edited = message(roomA, 'to be edited');
  const last = message(roomA, 'last');
  const editedNow = { ...edited, text: 'edited', editedAt: Date.now(), seq: ++seq };
  const room = stack.db.entities.Room.build(PutItemCommand).item({ id: 'x', name: 'x', createdAt: 1, createdBy: 't' }).params().Item;
  const { text: _dropped, ...unreadable } = stored(message(roomA, 'no text')).item;
  const response = await stack.handler(
    streamEvent([
      stored(first), // 1000
      { item: room as Record<string, unknown> }, // 1001: not a message, skipped
      stored(toB), // 1002: its post fails
      { item: unreadable }, // 1003: tagged Message, but no text
      stored(edited), // 1004
      stored(last), // 1005
      { eventName: 'MODIFY', ...stored(editedNow) }, // 1006: the edit, delivered in place of 1004
    ]),
    {} as Context,
  );
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1002' }, { itemIdentifier: '1003' }] });
  // Room A's messages in one frame, the edited one once, in its latest state, in seq order.
  const messages = [first, last, editedNow];
  expect(await fayS.waitForType('messageBatch')).toEqual({ type: 'messageBatch', roomId: roomA, messages });
  await Promise.all([fayS.flush(), gusS.flush()]);
  expect(fayS.broadcastMessages()).toEqual(messages);
  expect(gusS.broadcastMessages()).toEqual([]);
});
