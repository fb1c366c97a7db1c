import type { ClientAction, Message } from '@chat/contract';
import { type ChatSocketStatus, createChatSocket } from '@chat/contract/socket';
import { addMember, createRoom, editMessage, putMessage, removeMember } from '@chat/db';
import { monotonicFactory } from 'ulid';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

/** The `ws` client, recording every frame the socket client sends. */
function recordingWebSocket(sent: ClientAction[]) {
  return class extends WebSocket {
    override send(data: string): void {
      sent.push(JSON.parse(data) as ClientAction);
      super.send(data);
    }
  };
}

test('after the emulator restarts, the socket client resumes from its lastSeq: what was sent and edited meanwhile arrives once, in its final state', async () => {
  const [ann, bob] = await Promise.all([stack.user('ann'), stack.user('bob')]);
  const sent: ClientAction[] = [];
  const socket = createChatSocket({
    url: stack.emulator.url,
    token: () => ann.token,
    WebSocket: recordingWebSocket(sent),
    backoff: { initialMs: 100, maxMs: 300 },
  });
  const statuses: ChatSocketStatus[] = [];
  const received: Message[] = [];
  const joinedSeqs: number[] = [];
  socket.onStatus((s) => statuses.push(s));
  socket.on('message', (e) => received.push(e.message));
  socket.on('joined', (e) => joinedSeqs.push(e.seq));
  socket.send({ action: 'joinRoom', roomId: 'general' });

  const bobSocket = await stack.connect(bob.token);
  bobSocket.send({ action: 'joinRoom', roomId: 'general' });
  await bobSocket.waitForType('joined');
  await expect.poll(() => joinedSeqs).toHaveLength(1);
  bobSocket.send({ action: 'sendMessage', roomId: 'general', text: 'before', clientMsgId: 'b-0' });
  await expect.poll(() => received.map((m) => m.text)).toEqual(['before']);
  const before = received[0]!;
  expect(socket.lastSeq('general')).toBe(before.seq);

  // The WebSocket side goes away for a while; meanwhile messages are written and one is edited.
  const newId = monotonicFactory();
  const restarted = stack.restartEmulator(800);
  await expect.poll(() => statuses.at(-1)).toBe('reconnecting');
  const meanwhile: Message[] = [];
  for (let i = 1; i <= 3; i++) {
    const m = { id: newId(), roomId: 'general', userId: bob.id, username: 'bob', text: `meanwhile ${i}`, createdAt: Date.now(), clientMsgId: `b-${i}` };
    meanwhile.push((await putMessage(stack.db, m)).message);
  }
  const edited = await editMessage(stack.db, { roomId: 'general', messageId: before.id, text: 'before, edited' }, bob, Date.now());
  sent.length = 0;
  await restarted;
  await expect.poll(() => statuses.at(-1), { timeout: 10_000 }).toBe('live');

  // The resume asked for the changes since the last seq seen, and nothing else.
  await expect.poll(() => joinedSeqs, { timeout: 10_000 }).toHaveLength(2);
  expect(sent.filter((f) => f.action !== 'ping')).toEqual([{ action: 'joinRoom', id: expect.any(String), roomId: 'general', since: before.seq }]);
  expect(joinedSeqs[1]).toBe(edited.seq);
  expect(received.slice(1).map((m) => [m.text, m.seq])).toEqual([
    ...meanwhile.map((m) => [m.text, m.seq]),
    ['before, edited', edited.seq],
  ]);

  // A request after the resume is answered by the frame with its id.
  const ack = await socket.request({ action: 'sendMessage', roomId: 'general', text: 'mine', clientMsgId: 'a-1' });
  expect(ack).toMatchObject({ type: 'ack', id: expect.any(String), clientMsgId: 'a-1', message: { text: 'mine' } });
  expect(sent.find((f) => f.action === 'sendMessage')?.id).toBe(ack.id);

  // Stream retries and late answers would show up as duplicates: let the server finish, then a
  // marker posted after everything else tells that all earlier frames have arrived.
  const bobAgain = await stack.connect(bob.token);
  bobAgain.send({ action: 'joinRoom', roomId: 'general' });
  await bobAgain.waitForType('joined');
  await stack.settled();
  bobAgain.send({ action: 'sendMessage', roomId: 'general', text: 'marker', clientMsgId: 'b-5' });
  await expect.poll(() => received.at(-1)?.text).toBe('marker');
  expect(received.map((m) => m.text)).toEqual(['before', 'meanwhile 1', 'meanwhile 2', 'meanwhile 3', 'before, edited', 'mine', 'marker']);
  expect(socket.lastSeq('general')).toBe(received.at(-1)?.seq);
  expect(sent.filter((f) => f.action === 'getMessages')).toEqual([]); // no history refetched
  socket.close();
  expect(socket.status).toBe('closed');
});

test('an unfocused member room: its messages come from $connect on; after a reconnect its lastSeq stays at the drop until a joinRoom fills the gap; roomLeft ends it', async () => {
  const [ann, bob] = await Promise.all([stack.user('ann'), stack.user('bob')]);
  const room = await createRoom(stack.db, { name: `side ${crypto.randomUUID().slice(0, 8)}`, createdBy: bob.id, now: Date.now() });
  for (const u of [ann, bob]) await addMember(stack.db, room.id, { id: u.id, username: u.username }, Date.now());
  const sent: ClientAction[] = [];
  const socket = createChatSocket({
    url: stack.emulator.url,
    token: () => ann.token,
    room: 'general', // the only focus: the side room is never joined until the end
    WebSocket: recordingWebSocket(sent),
    backoff: { initialMs: 100, maxMs: 300 },
  });
  const statuses: ChatSocketStatus[] = [];
  const texts: string[] = [];
  const joinedRooms: string[] = [];
  const left: string[] = [];
  socket.onStatus((s) => statuses.push(s));
  socket.on('message', (e) => texts.push(e.message.text));
  socket.on('joined', (e) => joinedRooms.push(e.roomId));
  socket.on('roomLeft', (e) => left.push(e.roomId));
  await expect.poll(() => joinedRooms).toEqual(['general']);

  const newId = monotonicFactory();
  let count = 0;
  const put = async (roomId: string, text: string) =>
    (await putMessage(stack.db, { id: newId(), roomId, userId: bob.id, username: 'bob', text, createdAt: Date.now(), clientMsgId: `side-${++count}` })).message;
  const first = await put(room.id, 'first');
  await expect.poll(() => texts).toEqual(['first']);
  expect(socket.lastSeq(room.id)).toBe(first.seq);

  const restarted = stack.restartEmulator(1500);
  await expect.poll(() => statuses.at(-1)).toBe('reconnecting');
  for (const text of ['missed 1', 'missed 2']) await put(room.id, text);
  await stack.settled(); // their fan-out is over before the new connection exists
  await restarted;
  await expect.poll(() => joinedRooms, { timeout: 10_000 }).toEqual(['general', 'general']);
  const live = await put(room.id, 'live');
  await expect.poll(() => texts).toContain('live');
  expect(socket.lastSeq(room.id)).toBe(first.seq); // not past the gap

  sent.length = 0;
  const answer = await socket.request({ action: 'joinRoom', roomId: room.id });
  expect(sent).toEqual([{ action: 'joinRoom', id: answer.id, roomId: room.id, since: first.seq }]);
  expect(answer.changes.map((m) => m.text)).toEqual(['missed 1', 'missed 2', 'live']);
  expect(answer.hasMore).toBe(false);
  expect(socket.lastSeq(room.id)).toBe(live.seq);
  expect([...texts].sort()).toEqual(['first', 'live', 'missed 1', 'missed 2']); // each once

  // Removed from the room: roomLeft, the seq forgotten, and nothing of the room comes any more.
  await removeMember(stack.db, room.id, ann.id);
  await expect.poll(() => left, { timeout: 10_000 }).toEqual([room.id]);
  expect(socket.lastSeq(room.id)).toBeUndefined();
  await put(room.id, 'after leaving');
  await stack.settled();
  await put('general', 'marker');
  await expect.poll(() => texts.at(-1)).toBe('marker');
  expect(texts).not.toContain('after leaving');
  socket.close();
});

test('the socket client’s heartbeat through the real ping route: pongs come back and the connection stays live', async () => {
  const ann = await stack.user('heart');
  let pongs = 0;
  // The `ws` client, counting the pong frames it receives.
  class CountingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('message', (data) => {
        if ((JSON.parse(String(data)) as { type?: string }).type === 'pong') pongs++;
      });
    }
  }
  const socket = createChatSocket({
    url: stack.emulator.url,
    token: ann.token,
    room: 'general',
    WebSocket: CountingWebSocket,
    heartbeat: { intervalMs: 50, timeoutMs: 5_000 },
  });
  const statuses: ChatSocketStatus[] = [];
  socket.onStatus((s) => statuses.push(s));
  await expect.poll(() => pongs, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  expect(socket.status).toBe('live');
  expect(statuses).toEqual(['live']);
  socket.close();
});
