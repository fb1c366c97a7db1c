// A live iterator across dropped connections: whatever changed while a client was away arrives
// after it reconnects (the contract's socket resumes from the room's lastSeq), each state once.
import type { LocalStack } from '@chat/local';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { newAccount, startTestStack } from '../test/stack.ts';
import { createChatClient, type ChatClient, type ChatSocketStatus, type Message, type WebSocketFactory } from './index.ts';

let stack: LocalStack;
const clients: ChatClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await stack?.stop();
});

/** The real `ws` class, keeping its instances so that a test can cut one as a network would. */
class TrackedWebSocket extends WebSocket {
  static opened: TrackedWebSocket[] = [];
  constructor(url: string) {
    super(url);
    TrackedWebSocket.opened.push(this);
  }
}

async function signedUp(name: string, Socket: WebSocketFactory = WebSocket): Promise<ChatClient> {
  const client = createChatClient({ apiUrl: stack.urls.api, wsUrl: stack.urls.ws, WebSocket: Socket });
  clients.push(client);
  await client.signup(newAccount(name));
  return client;
}

async function roomWithTwo(): Promise<{ alice: ChatClient; bob: ChatClient; roomId: string; bobSees: AsyncIterableIterator<Message> }> {
  const alice = await signedUp('alice');
  const bob = await signedUp('bob', TrackedWebSocket);
  const room = await alice.rooms.create({ name: `resume ${Date.now()}` });
  await bob.rooms.join(room.id);
  const joined = new Promise<void>((resolve) => {
    const off = bob.on('joined', (event) => event.roomId === room.id && (off(), resolve()));
  });
  const bobSees = bob.live(room.id);
  await joined;
  await alice.connect();
  return { alice, bob, roomId: room.id, bobSees };
}

/** Reads until every one of these states (id and seq) has arrived; returns all that did, in order. */
async function readUntil(iterator: AsyncIterableIterator<Message>, expected: Message[]): Promise<Message[]> {
  const missing = new Set(expected.map((m) => `${m.id}@${m.seq}`));
  const read: Message[] = [];
  while (missing.size) {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`the iterator ended with ${missing.size} states missing`);
    read.push(value);
    missing.delete(`${value.id}@${value.seq}`);
  }
  return read;
}

function expectEachStateOnce(read: Message[]): void {
  const keys = read.map((m) => `${m.id}@${m.seq}`);
  expect(new Set(keys).size).toBe(keys.length);
  const lastSeq = new Map<string, number>();
  for (const m of read) {
    expect(m.seq, `message ${m.id} went back`).toBeGreaterThan(lastSeq.get(m.id) ?? -1);
    lastSeq.set(m.id, m.seq);
  }
}

test('the WebSocket side goes down and comes back: edits, reactions and sends made meanwhile arrive once, then live goes on', async () => {
  const { alice, bob, roomId, bobSees } = await roomWithTwo();
  const statuses: ChatSocketStatus[] = [];
  bob.on('status', (status) => statuses.push(status));

  const first = await alice.send(roomId, 'before 1');
  const second = await alice.send(roomId, 'before 2');
  expect(await readUntil(bobSees, [first, second])).toEqual([first, second]);

  await stack.stopWebSocket();
  await expect.poll(() => bob.status).not.toBe('live');
  // HTTP still works: these land in the room's feed while nobody is connected.
  const edited = await alice.edit(roomId, first.id, 'before 1, edited while down');
  const reacted = await alice.react(roomId, second.id, '🎉');
  const duringDrop = alice.send(roomId, 'sent while down'); // queued by alice's socket
  await stack.startWebSocket();
  const queued = await duringDrop;
  const after = await alice.send(roomId, 'after');

  const read = await readUntil(bobSees, [edited, reacted, queued, after]);
  expectEachStateOnce(read);
  expect(read).toEqual([edited, reacted, queued, after]); // seq order, the hole's changes included
  expect(statuses).toContain('reconnecting');
  expect(bob.status).toBe('live');
});

test('one client’s connection is cut (no close from the server): its iterator continues without gaps or duplicates', async () => {
  const { alice, bob, roomId, bobSees } = await roomWithTwo();
  const warmup = await alice.send(roomId, 'warm-up');
  await readUntil(bobSees, [warmup]);

  const socketsBefore = TrackedWebSocket.opened.length;
  TrackedWebSocket.opened.at(-1)!.terminate();
  const sent: Message[] = [];
  for (let i = 0; i < 6; i++) sent.push(await alice.send(roomId, `while bob reconnects ${i}`));
  const edited = await alice.edit(roomId, sent[0]!.id, 'edited while bob reconnects');

  const read = await readUntil(bobSees, [...sent.slice(1), edited]);
  expectEachStateOnce(read);
  expect(read).toEqual([...read].sort((a, b) => a.seq - b.seq));
  // The first send arrives as created and then edited, or (if both changes fell into the hole)
  // only in its edited state: the resume gives each message's current state.
  const others = read.filter((m) => m.id !== sent[0]!.id);
  expect(others).toEqual(sent.slice(1));
  expect(read.filter((m) => m.id === sent[0]!.id).at(-1)).toEqual(edited);
  expect(TrackedWebSocket.opened.length).toBeGreaterThan(socketsBefore); // it did reconnect
  expect(bob.status).toBe('live');
});
