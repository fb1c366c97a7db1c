// Limits per user, across the user's sockets and across Lambda containers. Counts, never speed:
// each flood runs on a stopped clock (deps.now), so no budget refills while it lasts and each
// count is exact however long the machine takes.
import type { ServerEvent } from '@chat/contract';
import { addMember, createRoom } from '@chat/db';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { actionBudgets, SHARED_WINDOW_MS } from '../src/user-limits.ts';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
const containers = await startRealtime({ containers: 10 });
afterAll(() => Promise.all([stack.stop(), containers.stop()]));

type Realtime = typeof stack;

/** Runs `flood` with the server's clock stopped at its present time. */
async function onStoppedClock<T>(realtime: Realtime, flood: () => Promise<T>): Promise<T> {
  const now = realtime.deps.now;
  const at = now();
  realtime.deps.now = () => at;
  try {
    return await flood();
  } finally {
    realtime.deps.now = now;
  }
}

const rateLimited = (socket: TestSocket, action: string) =>
  socket.ofType('error').filter((e) => e.code === 'RATE_LIMITED' && e.action === action);

/**
 * 10 sockets of one user, each sending 20 messages at once to a room of its own (one room's
 * counter would make most of the writes retry); resolves once all 200 are answered.
 */
async function flood(realtime: Realtime, name: string) {
  const user = await realtime.user(name);
  const rooms = await Promise.all(
    Array.from({ length: 10 }, async (_, s) => {
      const room = await createRoom(realtime.db, { name: `${name} ${s}`, createdBy: user.id, now: Date.now() });
      await addMember(realtime.db, room.id, { id: user.id, username: user.username }, Date.now());
      return room.id;
    }),
  );
  const sockets = await Promise.all(Array.from({ length: 10 }, () => realtime.connect(user.token)));
  const answered = (socket: TestSocket) => socket.ofType('ack').length + rateLimited(socket, 'sendMessage').length;
  await onStoppedClock(realtime, async () => {
    sockets.forEach((socket, s) => {
      for (let i = 0; i < 20; i++) socket.send({ action: 'sendMessage', roomId: rooms[s], text: `flood ${s}/${i}`, clientMsgId: `${name}-${s}-${i}` });
    });
    await Promise.all(sockets.map((socket) => socket.waitFor(() => answered(socket) === 20, 60_000)));
  });
  expect(sockets.every((socket) => socket.ws.readyState === WebSocket.OPEN)).toBe(true);
  return {
    acked: sockets.reduce((sum, socket) => sum + socket.ofType('ack').length, 0),
    refusals: sockets.flatMap((socket) => rateLimited(socket, 'sendMessage')),
  };
}

const send = actionBudgets.sendMessage;

test("10 sockets of one user share the user's send budget: 200 sends, the burst acked, the rest RATE_LIMITED", async () => {
  const { acked, refusals } = await flood(stack, 'tenTabs');
  expect(acked).toBe(send.burst);
  expect(refusals).toHaveLength(200 - send.burst);
  // The next token is 1/perSecond away.
  expect(refusals.every((e) => e.retryAfterMs === 1000 / send.perSecond && e.clientMsgId?.startsWith('tenTabs-'))).toBe(true);
});

test('10 containers cannot multiply the budget: the shared DynamoDB window holds the user to one budget', async () => {
  // Each container's own bucket lets its share (about 20) through: 200 in all, without the window.
  const { acked, refusals } = await flood(containers, 'tenContainers');
  expect(acked).toBe(send.burst + (send.perSecond * SHARED_WINDOW_MS) / 1000);
  expect(refusals).toHaveLength(200 - acked);
  expect(refusals.every((e) => e.retryAfterMs! > 0 && e.retryAfterMs! <= SHARED_WINDOW_MS)).toBe(true);
});

test('a getMessages flood of full pages is RATE_LIMITED by the messages it asks for, and the socket keeps working', async () => {
  const user = await stack.user('historian');
  const socket = await stack.connect(user.token);
  const budget = actionBudgets.getMessages;
  await onStoppedClock(stack, async () => {
    for (let i = 0; i < 40; i++) socket.send({ action: 'getMessages', roomId: 'general', limit: 100, id: `page-${i}` });
    await socket.waitFor(() => socket.frames.filter((f) => 'id' in f && typeof f.id === 'string' && f.id.startsWith('page-')).length === 40, 60_000);
  });
  expect(socket.ofType('messages')).toHaveLength(budget.burst / 100);
  const refusals = rateLimited(socket, 'getMessages');
  expect(refusals).toHaveLength(40 - budget.burst / 100);
  // Each answers its own request and says when 100 messages' worth is back.
  expect(refusals.every((e) => e.id?.startsWith('page-') && e.retryAfterMs === (100 / budget.perSecond) * 1000)).toBe(true);
  // The clock runs again: a small page is cheap, and goes through as soon as a little budget is back.
  const small = { action: 'getMessages', roomId: 'general', limit: 1, id: 'small' } as const;
  const got = socket.waitFor(() => socket.frames.find((f): f is Extract<ServerEvent, { type: 'messages' }> => f.type === 'messages' && f.id === 'small'), 30_000);
  socket.send(small);
  const resend = setInterval(() => socket.send(small), 100);
  try {
    expect((await got).roomId).toBe('general');
  } finally {
    clearInterval(resend);
  }
});

test.each(['joinRoom', 'leaveRoom', 'typing'] as const)('%s past its budget is RATE_LIMITED with retryAfterMs, and the socket stays open', async (action) => {
  const user = await stack.user(`many-${action}`);
  const socket = await stack.connect(user.token, 'general');
  const { burst } = actionBudgets[action];
  const refusals = await onStoppedClock(stack, async () => {
    // The connect's own join spent one joinRoom already.
    for (let i = 0; i < burst + 10; i++) socket.send({ action, roomId: 'general', id: `${action}-${i}` });
    return socket.waitFor(() => rateLimited(socket, action).length >= (action === 'joinRoom' ? 11 : 10) && rateLimited(socket, action), 30_000);
  });
  expect(refusals.every((e) => e.retryAfterMs! > 0 && e.id?.startsWith(`${action}-`))).toBe(true);
  await stack.settled();
  await socket.flush();
  expect(rateLimited(socket, action)).toHaveLength(action === 'joinRoom' ? 11 : 10);
  socket.send({ action: 'ping', id: 'still-open' });
  await socket.waitFor(() => socket.frames.some((f) => f.type === 'pong' && f.id === 'still-open'));
});

test("pings past the budget go unanswered; the budget is the user's, across sockets", async () => {
  const user = await stack.user('pinger');
  const sockets = await Promise.all(Array.from({ length: 2 }, () => stack.connect(user.token)));
  const { burst } = actionBudgets.ping;
  await onStoppedClock(stack, async () => {
    for (const socket of sockets) for (let i = 0; i < burst; i++) socket.send({ action: 'ping' });
    // Every ping has reached the emulator (a ws ping is answered behind them), then every one is handled, then every answer has arrived.
    await Promise.all(sockets.map((s) => s.flush()));
    await stack.settled();
    await Promise.all(sockets.map((s) => s.flush()));
  });
  expect(sockets.reduce((sum, s) => sum + s.ofType('pong').length, 0)).toBe(burst);
});
