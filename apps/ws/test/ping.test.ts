import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

test('ping is answered with pong, nothing else, and the socket stays open and usable', async () => {
  const user = await stack.user('pinger');
  const socket = await stack.connect(user.token, 'general');
  // The join's own frames (room, presence) are out of the way.
  await stack.settled();
  await socket.flush();
  const before = socket.frames.length;
  socket.send({ action: 'ping' });
  await socket.waitForType('pong');
  socket.send({ action: 'ping' });
  await socket.waitFor(() => socket.ofType('pong').length === 2);
  expect(socket.frames.slice(before).map((f) => f.type)).toEqual(['pong', 'pong']);
  expect(socket.ws.readyState).toBe(WebSocket.OPEN);

  socket.send({ action: 'sendMessage', roomId: 'general', text: 'after the pings', clientMsgId: 'ping-1' });
  expect((await socket.waitForType('ack')).message.text).toBe('after the pings');
});
