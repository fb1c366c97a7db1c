// The stream handler failing one record, end to end: DynamoDB Local's stream, the local Streams
// poller with the messages mapping (ReportBatchItemFailures, bisect on error), the real ws
// handler, and the emulator's @connections answering 500 for one connection's posts (a real
// HTTP failure the management client gets back; nothing in the SDK is replaced).
//
// What is retried, as Lambda documents it for DynamoDB streams: with ReportBatchItemFailures
// the checkpoint moves to the lowest reported sequence number, and with BisectBatchOnFunctionError
// too, "the batch is bisected at the returned sequence number and Lambda retries only the
// remaining records" (services-ddb-batchfailurereporting). So the records before the failed one
// are never delivered again; the failed one and those after it in its batch are, and the clients
// drop what they already have (by id and seq). The poller does the same (deliver.ts).
import type { Message } from '@chat/contract';
import { actionNames } from '@chat/contract';
import { addMember, connectionsOfUsers, createDb, createRoom, messageStreamMapping, provision, tableNamesFor } from '@chat/db';
import {
  localCredentials,
  localRegion,
  startDynamoDbLocal,
  startStreamPoller,
  startWsEmulator,
  type DynamoDbLocal,
  type StreamPoller,
  type WsEmulator,
} from '@chat/local-runtime';
import { createDeps } from '@chat/ws/deps';
import { parseEnv } from '@chat/ws/env';
import { createHandler, twoWayRouteKeys, type WsHandler } from '@chat/ws/handler';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RecordingSocket, stateCounts } from './chat-clients.ts';

/** One call of the handler by the poller: the texts of the messages it carried, and its answer. */
interface Invocation {
  texts: string[];
  sequenceNumbers: string[];
  failed: string[];
}

let dynamo: DynamoDbLocal;
let emulator: WsEmulator;
let poller: StreamPoller;
let deps: ReturnType<typeof createDeps>;
const invocations: Invocation[] = [];
const pollerLines: string[] = [];
/** While set, the invocation carrying the message with this text waits for `release`. */
const gate: { text?: string; reached?: () => void; release?: Promise<void> } = {};
/** While set, posts to this connection answer 500, until a batch reports a failure. */
const fault: { connectionId?: string } = {};

const textOf = (record: DynamoDBRecord) => (record.dynamodb?.NewImage as { text?: { S?: string } } | undefined)?.text?.S ?? '';

beforeAll(async () => {
  // The management client signs with these, as the local stack sets them; the emulator checks them.
  process.env.AWS_ACCESS_KEY_ID ??= localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= localCredentials.secretAccessKey;
  dynamo = await startDynamoDbLocal();
  const names = tableNamesFor('retry-');
  const setup = createDb({ names, clientConfig: { endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials } });
  await provision(setup);
  setup.client.destroy();
  const ref: { handler?: WsHandler } = {};
  emulator = await startWsEmulator({ port: 0, routeKeys: actionNames, twoWayRouteKeys, handler: (event, context) => ref.handler!(event as never, context) });
  deps = createDeps(
    parseEnv({
      USERS_TABLE: names.users,
      MESSAGES_TABLE: names.messages,
      CONNECTIONS_TABLE: names.connections,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: localRegion,
      JWT_SECRET: 'stream-retry-test-secret-at-least-32-bytes',
      WS_MANAGEMENT_ENDPOINT: emulator.managementEndpoint,
    }),
  );
  ref.handler = createHandler(deps);
  poller = await startStreamPoller({
    endpoint: dynamo.endpoint,
    tableName: names.messages,
    mapping: messageStreamMapping,
    log: (line) => pollerLines.push(line),
    // The real handler; this only watches what it is given and answers, and holds the gate.
    handler: async (event, context) => {
      const texts = event.Records.map(textOf);
      if (gate.text !== undefined && texts.includes(gate.text)) {
        gate.reached?.();
        await gate.release;
      }
      const response = (await ref.handler!(event, context)) as DynamoDBBatchResponse;
      invocations.push({
        texts,
        sequenceNumbers: event.Records.map((r) => r.dynamodb?.SequenceNumber ?? ''),
        failed: response.batchItemFailures.map((f) => f.itemIdentifier),
      });
      // The fault is gone once it made a batch fail: the retry finds @connections working again.
      if (fault.connectionId && response.batchItemFailures.length > 0) {
        emulator.failNextPosts(fault.connectionId, 0);
        delete fault.connectionId;
      }
      return response;
    },
  });
});
afterAll(async () => {
  await poller?.stop();
  await emulator?.close();
  deps?.db.client.destroy();
  await dynamo?.stop();
});

async function user(username: string) {
  const id = `id-${username}`;
  await deps.db.entities.User.build(PutItemCommand).item({ id, email: `${id}@example.com`, username, passwordHash: '-', createdAt: Date.now() }).send();
  return { id, username, token: await deps.tokens.issue({ id, username }) };
}

/** Sends one message and waits for its ack: the stream then holds it after everything sent before. */
async function send(socket: RecordingSocket, roomId: string, text: string): Promise<Message> {
  const id = text.replaceAll(' ', '-');
  socket.send({ action: 'sendMessage', id, roomId, text, clientMsgId: id });
  const ack = await socket.waitFor(() => socket.frames.find((f) => (f.type === 'ack' || f.type === 'error') && f.id === id));
  if (ack.type !== 'ack') throw new Error(`${text}: ${JSON.stringify(ack)}`);
  return ack.message;
}

/** How many times each of these messages reached the socket, raw. */
const timesReceived = (socket: RecordingSocket, messages: Message[]) =>
  messages.map((m) => socket.broadcastMessages().filter((got) => got.id === m.id).length);

let rooms: { a: string; b: string; c: string };
let sockets: { ann: RecordingSocket; bob: RecordingSocket; fay: RecordingSocket };
let fayConnection: string;

beforeAll(async () => {
  const [ann, bob, fay] = [await user('ann'), await user('bob'), await user('fay')];
  const room = async (name: string) => (await createRoom(deps.db, { name, createdBy: ann.id, now: Date.now() })).id;
  rooms = { a: await room('retry a'), b: await room('retry b'), c: await room('retry c') };
  // Ann and bob are in every room; fay only in b, so a post to her fails only b's records.
  for (const roomId of Object.values(rooms)) for (const u of [ann, bob]) await addMember(deps.db, roomId, u, Date.now());
  await addMember(deps.db, rooms.b, fay, Date.now());
  // The memberships' own records are delivered before anyone is online.
  await poller.drained();
  const open = (token: string) => RecordingSocket.open(`${emulator.url}?token=${token}`);
  sockets = { ann: await open(ann.token), bob: await open(bob.token), fay: await open(fay.token) };
  const fays = await connectionsOfUsers(deps.db, [fay.id]);
  expect(fays).toHaveLength(1);
  fayConnection = fays[0]!.connectionId;
});

/**
 * Puts the three messages, in this order, into one batch of the poller: a gate message's
 * invocation is held while they are written, so the next GetRecords returns them together. Then
 * fay's posts fail until a batch reports it.
 */
async function oneBatch(name: string, order: (keyof typeof rooms)[]) {
  const reached = new Promise<void>((resolve) => (gate.reached = resolve));
  let open!: () => void;
  gate.release = new Promise<void>((resolve) => (open = resolve));
  gate.text = `${name} gate`;
  await send(sockets.ann, rooms.a, gate.text);
  await reached;
  const sent: Record<string, Message> = {};
  for (const room of order) sent[room] = await send(sockets.ann, rooms[room], `${name} in ${room}`);
  emulator.failNextPosts(fayConnection, 1_000, 500);
  fault.connectionId = fayConnection;
  const before = invocations.length;
  delete gate.text;
  open();
  // Fay gets hers once the fault is gone; everyone has everything once the stream is drained.
  await sockets.fay.waitFor(() => sockets.fay.broadcastMessages().some((m) => m.id === sent.b!.id));
  await poller.drained();
  await Promise.all(Object.values(sockets).map((s) => s.flush()));
  // The handler's calls that carried any of the three (the gate's own call carried only the gate).
  const calls = invocations.slice(before).filter((call) => call.texts.some((t) => t.startsWith(`${name} in `)));
  return { sent: sent as Record<keyof typeof rooms, Message>, calls };
}

test('a failed record in the middle of a batch: the records before it are not delivered again; it and those after it are, once, and it reaches the one who missed it', async () => {
  const { sent, calls } = await oneBatch('middle', ['a', 'b', 'c']);
  const [first, retry, ...more] = calls;
  // One batch of three; exactly b's record reported, by its sequence number.
  expect(first!.texts).toEqual(['middle in a', 'middle in b', 'middle in c']);
  expect(first!.failed).toEqual([first!.sequenceNumbers[1]]);
  expect(pollerLines).toContainEqual(expect.stringContaining(`handler reported failures; retrying from record ${first!.sequenceNumbers[1]}`));
  // The retry starts at b's record: b and c again, a not.
  expect(retry!.texts).toEqual(['middle in b', 'middle in c']);
  expect(retry!.failed).toEqual([]);
  expect(more).toEqual([]);

  const { a, b, c } = sent;
  // Ann and bob (in every room): a once, b and c twice raw (the retry), each once after dedupe.
  for (const socket of [sockets.ann, sockets.bob]) {
    expect(timesReceived(socket, [a, b, c])).toEqual([1, 2, 2]);
    const states = stateCounts(socket.broadcastMessages());
    expect([a, b, c].map((m) => [...states.get(m.id)!.keys()])).toEqual([[a.seq], [b.seq], [c.seq]]);
  }
  // Fay (only in b): b exactly once, from the retry.
  expect(timesReceived(sockets.fay, [a, b, c])).toEqual([0, 1, 0]);
  expect(sockets.fay.broadcastMessages().find((m) => m.id === b.id)).toEqual(b);
});

test('a failed record at the end of a batch: only that record is retried', async () => {
  const { sent, calls } = await oneBatch('last', ['a', 'c', 'b']);
  const [first, retry, ...more] = calls;
  expect(first!.texts).toEqual(['last in a', 'last in c', 'last in b']);
  expect(first!.failed).toEqual([first!.sequenceNumbers[2]]);
  expect(retry!.texts).toEqual(['last in b']);
  expect(retry!.failed).toEqual([]);
  expect(more).toEqual([]);

  const { a, b, c } = sent;
  for (const socket of [sockets.ann, sockets.bob]) {
    expect(timesReceived(socket, [a, c, b])).toEqual([1, 1, 2]);
    const states = stateCounts(socket.broadcastMessages());
    expect([a, c, b].map((m) => [...states.get(m.id)!.keys()])).toEqual([[a.seq], [c.seq], [b.seq]]);
  }
  expect(timesReceived(sockets.fay, [a, c, b])).toEqual([0, 0, 1]);
  expect(sockets.fay.broadcastMessages().find((m) => m.id === b.id)).toEqual(b);
});
