import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { actionBudgets } from '../src/user-limits.ts';
import { startRealtime, TEST_SECRET } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const malformed: [string, string][] = [
  ['not JSON', '{nope'],
  ['a JSON string', '"hello"'],
  ['unknown action', JSON.stringify({ action: 'dance', roomId: 'general' })],
  ['no action', JSON.stringify({ roomId: 'general', text: 'hi' })],
  ['missing fields', JSON.stringify({ action: 'sendMessage', roomId: 'general' })],
  ['5,000-character text', JSON.stringify({ action: 'sendMessage', roomId: 'general', text: 'x'.repeat(5000), clientMsgId: 'long' })],
  ['blank text', JSON.stringify({ action: 'sendMessage', roomId: 'general', text: '   \n ', clientMsgId: 'blank' })],
  ['wrong types', JSON.stringify({ action: 'sendMessage', roomId: 42, text: ['a'], clientMsgId: {} })],
  ['bad limit', JSON.stringify({ action: 'getMessages', roomId: 'general', limit: 1000 })],
  ['bad room id', JSON.stringify({ action: 'joinRoom', roomId: '../../etc' })],
];

test('each malformed frame gets an error frame and the socket keeps working', async () => {
  const user = await stack.user('mal');
  const socket = await stack.connect(user.token);
  socket.send({ action: 'joinRoom', roomId: 'general' });
  await socket.waitForType('joined');
  for (const [name, frame] of malformed) {
    const before = socket.ofType('error').length;
    socket.send(frame);
    const error = await socket.waitFor(() => socket.ofType('error')[before]);
    expect(error.code, name).toBe('BAD_REQUEST');
    expect(error.message.length, name).toBeGreaterThan(5);
  }
  const errors = socket.ofType('error');
  expect(errors.find((e) => e.clientMsgId === 'long')?.message).toMatch(/text/);
  expect(errors.find((e) => e.clientMsgId === 'blank')?.message).toMatch(/text/);
  expect(errors.find((e) => e.action === 'dance')).toBeDefined();
  // Still open and working.
  socket.send({ action: 'sendMessage', roomId: 'general', text: 'still here', clientMsgId: 'ok-1' });
  const ack = await socket.waitForType('ack');
  expect(ack.message.text).toBe('still here');
  expect(socket.ws.readyState).toBe(WebSocket.OPEN);
});

test('a flood of sends is answered with RATE_LIMITED, and the socket keeps working', async () => {
  const user = await stack.user('flood');
  const socket = await stack.connect(user.token);
  socket.send({ action: 'joinRoom', roomId: 'general' });
  await socket.waitForType('joined');
  for (let i = 0; i < 30; i++) socket.send({ action: 'sendMessage', roomId: 'general', text: `flood ${i}`, clientMsgId: `fl-${i}` });
  const limited = await socket.waitForType('error', (e) => e.code === 'RATE_LIMITED');
  expect(limited.clientMsgId).toMatch(/^fl-/);
  // 5 a second: the next token is at most 200 ms away.
  expect(limited.retryAfterMs).toBeGreaterThan(0);
  expect(limited.retryAfterMs).toBeLessThanOrEqual(200);
  await socket.waitFor(() => socket.ofType('ack').length + socket.ofType('error').filter((e) => e.code === 'RATE_LIMITED').length === 30);
  expect(socket.ofType('ack').length).toBeGreaterThanOrEqual(actionBudgets.sendMessage.burst);
  // The bucket refills with time: the same send again (one clientMsgId, stored once) until it is acked.
  const calm = { action: 'sendMessage', roomId: 'general', text: 'calm again', clientMsgId: 'fl-ok' } as const;
  const acked = socket.waitForType('ack', (a) => a.clientMsgId === 'fl-ok');
  socket.send(calm);
  const resend = setInterval(() => socket.send(calm), 250);
  try {
    expect((await acked).message.text).toBe('calm again');
  } finally {
    clearInterval(resend);
  }
});

const key = new TextEncoder().encode(TEST_SECRET);
const now = () => Math.floor(Date.now() / 1000);
test.each([
  ['missing', async () => undefined],
  ['malformed', async () => 'not-a-token'],
  ['forged', async () => new SignJWT({ username: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode('some-other-secret-some-other-secret!!'))],
  ['expired', async () => new SignJWT({ username: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime(now() - 5).sign(key)],
  ['alg none', async () => new UnsecuredJWT({ username: 'x' }).setSubject('x').setExpirationTime('1h').encode()],
])('a %s token fails the handshake with 401', async (_kind, make) => {
  const token = await make();
  const url = token === undefined ? stack.emulator.url : `${stack.emulator.url}?token=${encodeURIComponent(token)}`;
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => reject(new Error('handshake accepted')));
    ws.once('error', () => {});
  });
  expect(status).toBe(401);
});
