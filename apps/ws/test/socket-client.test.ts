import type { Message } from '@chat/contract';
import { type ChatSocketStatus, createChatSocket } from '@chat/contract/socket';
import { putMessage } from '@chat/db';
import { monotonicFactory } from 'ulid';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

test('the socket client reconnects after the emulator restarts and gap-fills what was sent meanwhile, once each', async () => {
  const [ann, bob] = await Promise.all([stack.user('ann'), stack.user('bob')]);
  const socket = createChatSocket({
    url: stack.emulator.url,
    token: () => ann.token,
    WebSocket,
    backoff: { initialMs: 100, maxMs: 300 },
  });
  const statuses: ChatSocketStatus[] = [];
  const received: Message[] = [];
  socket.onStatus((s) => statuses.push(s));
  socket.on('message', (e) => received.push(e.message));
  socket.send({ action: 'joinRoom', roomId: 'general' });

  const bobSocket = await stack.connect(bob.token);
  bobSocket.send({ action: 'joinRoom', roomId: 'general' });
  await bobSocket.waitForType('presence');
  await expect.poll(() => statuses.at(-1)).toBe('live');
  bobSocket.send({ action: 'sendMessage', roomId: 'general', text: 'before', clientMsgId: 'b-0' });
  await expect.poll(() => received.map((m) => m.text)).toEqual(['before']);

  // The WebSocket side goes away for a while; meanwhile messages keep being written.
  const newId = monotonicFactory();
  const restarted = stack.restartEmulator(800);
  await expect.poll(() => statuses.at(-1)).toBe('reconnecting');
  const meanwhile: Message[] = [];
  for (let i = 1; i <= 3; i++) {
    const m = { id: newId(), roomId: 'general', userId: bob.id, username: 'bob', text: `meanwhile ${i}`, createdAt: Date.now(), clientMsgId: `b-${i}` };
    meanwhile.push((await putMessage(stack.db, m)).message);
  }
  await restarted;
  await expect.poll(() => statuses.at(-1), { timeout: 10_000 }).toBe('live');

  const bobAgain = await stack.connect(bob.token);
  bobAgain.send({ action: 'joinRoom', roomId: 'general' });
  await bobAgain.waitForType('presence');
  bobAgain.send({ action: 'sendMessage', roomId: 'general', text: 'after', clientMsgId: 'b-4' });

  const expected = ['before', 'meanwhile 1', 'meanwhile 2', 'meanwhile 3', 'after'];
  await expect.poll(() => [...received].sort((a, b) => a.id.localeCompare(b.id)).map((m) => m.text), { timeout: 10_000 }).toEqual(expected);
  // Stream retries and late answers would show up as duplicates: let the server finish, then a
  // marker posted after everything else tells that all earlier frames have arrived.
  await stack.settled();
  bobAgain.send({ action: 'sendMessage', roomId: 'general', text: 'marker', clientMsgId: 'b-5' });
  await expect.poll(() => received.at(-1)?.text).toBe('marker');
  expect(received).toHaveLength(expected.length + 1);
  expect(received.filter((m) => m.text.startsWith('meanwhile')).map((m) => m.id)).toEqual(meanwhile.map((m) => m.id));
  expect(statuses).toContain('reconnecting');
  socket.close();
  expect(socket.status).toBe('closed');
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
