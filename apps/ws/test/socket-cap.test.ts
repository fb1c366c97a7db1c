import { addUserConnection, connectionsOfUsers, putConnection } from '@chat/db';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { MAX_SOCKETS_PER_USER } from '../src/socket-cap.ts';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const idsOf = async (userId: string) => (await connectionsOfUsers(stack.db, [userId])).map((c) => c.connectionId).sort();
const closed = (socket: TestSocket) => new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));

/** Opens `count` sockets one after another (so their connect times are in order), each seen registered. */
async function openInOrder(token: string, count: number): Promise<TestSocket[]> {
  const sockets: TestSocket[] = [];
  for (let i = 0; i < count; i++) sockets.push(await stack.connect(token));
  return sockets;
}

test(`the ${MAX_SOCKETS_PER_USER + 1}st socket of a user closes the oldest; the user keeps ${MAX_SOCKETS_PER_USER}, all working`, async () => {
  const user = await stack.user('tabby');
  const sockets = await openInOrder(user.token, MAX_SOCKETS_PER_USER);
  expect(await idsOf(user.id)).toHaveLength(MAX_SOCKETS_PER_USER);
  const oldestClosed = closed(sockets[0]!);

  const newest = await stack.connect(user.token);
  expect(await oldestClosed).toBe(1000);
  await stack.settled();
  expect(await idsOf(user.id)).toHaveLength(MAX_SOCKETS_PER_USER);
  expect(sockets.slice(1).every((s) => s.ws.readyState === WebSocket.OPEN)).toBe(true);
  // The newest is one of the 20, and works.
  newest.send({ action: 'sendMessage', roomId: 'general', text: 'from the newest tab', clientMsgId: 'newest' });
  expect((await newest.waitForType('ack')).message.text).toBe('from the newest tab');
  // Another user is not touched by it.
  const other = await stack.user('other');
  const otherSocket = await stack.connect(other.token);
  expect(await idsOf(other.id)).toHaveLength(1);
  expect(otherSocket.ws.readyState).toBe(WebSocket.OPEN);
});

test('stale ids in the set (a lost $disconnect) do not count, and a 410 on closing one counts as already gone', async () => {
  const user = await stack.user('stale');
  const sockets = await openInOrder(user.token, MAX_SOCKETS_PER_USER - 1);
  // Two ids whose items expired and went, and the oldest "live" item, whose socket is long gone (DELETE answers 410).
  await addUserConnection(stack.db, user.id, 'expired-1=');
  await addUserConnection(stack.db, user.id, 'expired-2=');
  await putConnection(stack.db, { connectionId: 'lost=', userId: user.id, username: user.username, connectedAt: 1, expiresAt: Math.floor(Date.now() / 1000) + 3600 });
  await addUserConnection(stack.db, user.id, 'lost=');
  expect(await idsOf(user.id)).toHaveLength(MAX_SOCKETS_PER_USER + 2);

  // 19 real + lost + the new one = 21: the one closed is the lost one, no real socket.
  const newest = await stack.connect(user.token);
  await stack.settled();
  const real = [...sockets, newest];
  expect(await idsOf(user.id)).toHaveLength(MAX_SOCKETS_PER_USER);
  expect(await idsOf(user.id)).not.toEqual(expect.arrayContaining(['lost=']));
  await Promise.all(real.map((s) => s.flush()));
  expect(real.every((s) => s.ws.readyState === WebSocket.OPEN)).toBe(true);

  // Now 20 real ones: the next closes the oldest real socket.
  const oldestClosed = closed(sockets[0]!);
  await stack.connect(user.token);
  expect(await oldestClosed).toBe(1000);
  await stack.settled();
  expect(await idsOf(user.id)).toHaveLength(MAX_SOCKETS_PER_USER);
});
