// Fuzzing the WebSocket protocol over real sockets through the emulator: >= 5,000 generated and
// mutated frames in batches over a few sockets. Never INTERNAL, never a failed integration, every
// socket open and answering after each batch, and nothing stored that breaks the contract.
// FUZZ_SEED=<n> replays a run; a failure prints its seed.
import { GENERAL_ROOM_ID, messageSchema, messageTextProblem, type ServerEvent } from '@chat/contract';
import { listMessages } from '@chat/db';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { fuzzFrame, fuzzSeed } from './fuzz-frames.ts';
import { startRealtime, type TestSocket } from './harness.ts';

const BATCHES = 125;
const FRAMES_PER_BATCH = 40;

const stack = await startRealtime();
afterAll(() => stack.stop());

test(`${BATCHES * FRAMES_PER_BATCH} frames over 6 sockets: no INTERNAL, sockets stay usable, nothing malformed stored`, async () => {
  const users = await Promise.all(['fuzz_a', 'fuzz_b', 'fuzz_c'].map((name) => stack.user(name)));
  const sockets: TestSocket[] = [];
  for (const user of users) for (let i = 0; i < 2; i++) sockets.push(await stack.connect(user.token));
  const acked = new Set<string>();
  const messageIds = () => [...acked];
  const roomIds = [GENERAL_ROOM_ID, 'no-such-room'];
  let sent = 0;
  let probes = 0;
  const seed = fuzzSeed();

  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(sockets.length - 1), fuzzFrame(roomIds, messageIds)), { minLength: FRAMES_PER_BATCH, maxLength: FRAMES_PER_BATCH }), async (batch) => {
      for (const [i, frame] of batch) {
        const socket = sockets[i]!;
        socket.ws.send(frame.data, { binary: typeof frame.data !== 'string' });
        sent++;
      }
      // Each socket still answers: a request with its own id gets a frame with that id (the
      // history itself, or an error such as RATE_LIMITED: either way the route ran and posted).
      await Promise.all(
        sockets.map(async (socket) => {
          const id = `probe-${++probes}`;
          socket.send({ action: 'getMessages', id, roomId: GENERAL_ROOM_ID, limit: 1 });
          await socket.waitFor((frames) => frames.some((f) => 'id' in f && f.id === id), 30_000);
          expect(socket.ws.readyState).toBe(WebSocket.OPEN);
        }),
      );
      for (const socket of sockets) {
        for (const frame of socket.frames) {
          if (frame.type === 'ack') acked.add(frame.message.id);
          // A failed integration is API Gateway's `{"message": "Internal server error"}`, with no type.
          expect(frame.type, JSON.stringify(frame).slice(0, 300)).toBeDefined();
          if (frame.type === 'error') expect(frame.code, JSON.stringify(frame).slice(0, 300)).not.toBe('INTERNAL');
        }
        tally(socket.frames);
        socket.forget();
      }
    }),
    { numRuns: BATCHES, seed, endOnFailure: true },
  );
  await stack.settled();
  for (const socket of sockets) {
    tally(socket.frames);
    for (const frame of socket.frames) if (frame.type === 'ack') acked.add(frame.message.id);
  }
  console.log(`ws fuzz (seed ${seed}): ${sent} frames; answers ${JSON.stringify(answers)}`);
  expect(sent).toBeGreaterThanOrEqual(5_000);
  // The frames reached the actions' logic, not only their schemas.
  expect(answers.ack ?? 0).toBeGreaterThan(0);
  expect(answers.BAD_REQUEST ?? 0).toBeGreaterThan(0);
  expect(answers.INTERNAL).toBeUndefined();

  // What got stored holds to the contract: every message of general, page by page.
  let before: string | null = null;
  let stored = 0;
  do {
    const page = await listMessages(stack.db, { roomId: GENERAL_ROOM_ID, before, limit: 100 });
    for (const message of page.messages) {
      expect(messageSchema.safeParse(message).success, JSON.stringify(message).slice(0, 300)).toBe(true);
      expect(messageTextProblem(message.text), JSON.stringify(message.text).slice(0, 300)).toBeNull();
      expect(message.text).toBe(message.text.trim().normalize('NFC'));
    }
    stored += page.messages.length;
    before = page.nextCursor;
  } while (before);
  expect(stored).toBe(acked.size);
}, 900_000); // a loaded 2-core machine: the limit is for a hang, not for speed

test('text frames of invalid UTF-8 close only their own socket (1007, as RFC 6455 says); the user reconnects and is answered', async () => {
  const user = await stack.user('fuzz_utf8');
  const frames = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((bytes) => !isUtf8(bytes)), { numRuns: 20, seed: fuzzSeed() });
  const bystander = await stack.connect(user.token);
  for (const bytes of frames) {
    const socket = await stack.connect(user.token);
    const closed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));
    socket.ws.send(bytes, { binary: false });
    expect(await closed, Buffer.from(bytes).toString('hex')).toBe(1007);
  }
  bystander.send({ action: 'getMessages', id: 'after-utf8', roomId: GENERAL_ROOM_ID, limit: 1 });
  await bystander.waitForType('messages', (m) => m.id === 'after-utf8');
  const again = await stack.connect(user.token);
  again.send({ action: 'getMessages', id: 'reconnected', roomId: GENERAL_ROOM_ID, limit: 1 });
  await again.waitForType('messages', (m) => m.id === 'reconnected');
});

/** How the server answered, by frame type (and error code). */
const answers: Record<string, number> = {};
function tally(frames: ServerEvent[]) {
  for (const frame of frames) {
    const key = frame.type === 'error' ? frame.code : frame.type;
    answers[key] = (answers[key] ?? 0) + 1;
  }
}
