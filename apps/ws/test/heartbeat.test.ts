import { limits } from '@chat/contract';
import { createRoom } from '@chat/db';
import { afterAll, expect, test } from 'vitest';
import { SWEEP_INTERVAL_MS } from '../src/heartbeat.ts';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

// The handler's clock, moved forward instead of waiting a real minute.
const realNow = stack.deps.now;
let skewMs = 0;
stack.deps.now = () => realNow() + skewMs;

const newRoom = async (name: string) => (await createRoom(stack.db, { name, createdBy: 't', now: Date.now() })).id;

async function ping(socket: TestSocket) {
  const pongs = socket.ofType('pong').length;
  socket.send({ action: 'ping' });
  await socket.waitFor(() => socket.ofType('pong').length > pongs);
}

async function joined(socket: TestSocket, roomId: string) {
  const before = socket.ofType('joined').length;
  socket.send({ action: 'joinRoom', roomId });
  const frame = await socket.waitFor(() => socket.ofType('joined').filter((j) => j.roomId === roomId)[before]);
  return { users: frame.users.map((u) => u.username).sort(), online: frame.online };
}

test('a frozen client (socket open, no pings) drops out of presence; its next ping brings it back', async () => {
  const roomId = await newRoom('heartbeats');
  const [ann, bob, cat] = await Promise.all(['hb_ann', 'hb_bob', 'hb_cat'].map((name) => stack.user(name)));
  const annSocket = await stack.connect(ann!.token, roomId);
  const bobSocket = await stack.connect(bob!.token, roomId);
  const catSocket = await stack.connect(cat!.token);
  expect(await joined(annSocket, roomId)).toEqual({ users: ['hb_ann', 'hb_bob'], online: 2 });

  // A minute and a bit later: ann has kept pinging, bob froze (TCP open, nothing read or sent).
  bobSocket.ws.pause();
  skewMs = limits.focus.staleAfterMs + 1000;
  await ping(annSocket);
  expect(await joined(catSocket, roomId)).toEqual({ users: ['hb_ann', 'hb_cat'], online: 2 });

  // Bob wakes up: his first ping counts again.
  bobSocket.ws.resume();
  await ping(bobSocket);
  expect(await joined(catSocket, roomId)).toEqual({ users: ['hb_ann', 'hb_bob', 'hb_cat'], online: 3 });
});

test('the members already in the room hear that a frozen client left, once, and that it came back', async () => {
  skewMs = 0;
  const roomId = await newRoom('heartbeat-sweep');
  const [ann, bob] = await Promise.all(['sw_ann', 'sw_bob'].map((name) => stack.user(name)));
  const annSocket = await stack.connect(ann!.token, roomId);
  const bobSocket = await stack.connect(bob!.token, roomId);
  const presence = () => annSocket.ofType('presence').filter((p) => p.roomId === roomId);
  const leftOf = () => presence().flatMap((p) => (p.left ?? []).map((u) => u.username));
  const joinedOf = () => presence().flatMap((p) => (p.joined ?? []).map((u) => u.username));
  await annSocket.waitFor(() => joinedOf().includes('sw_bob'));

  // Bob freezes; a minute and a bit later ann's pings sweep the room: one `left`, however many pings.
  bobSocket.ws.pause();
  skewMs = limits.focus.staleAfterMs + 1000;
  await ping(annSocket);
  await annSocket.waitFor(() => leftOf().includes('sw_bob'));
  skewMs += SWEEP_INTERVAL_MS; // the next ping sweeps again
  await ping(annSocket);
  await ping(annSocket);

  // Bob's next ping: ann hears he is back, after the one `left` (the room's events come in order).
  bobSocket.ws.resume();
  await ping(bobSocket);
  await annSocket.waitFor(() => joinedOf().filter((u) => u === 'sw_bob').length === 2);
  expect(leftOf()).toEqual(['sw_bob']);
});
