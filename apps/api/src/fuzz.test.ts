// Fuzzing every procedure over HTTP (app.request: the real Hono app, tRPC adapter and DynamoDB
// Local) with generated and mutated inputs, authed and not: never a 5xx, never INTERNAL, and
// nothing stored that breaks the contract. FUZZ_SEED=<n> replays a run; a failure prints its seed.
import { GENERAL_ROOM_ID, limits, messageSchema, messageTextProblem, roomNameSchema, roomSchema, roomTopicSchema } from '@chat/contract';
import { listMessages, putMessage } from '@chat/db';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createTestApp } from './testing.ts';
import { fuzzInput, fuzzSeed, type Mutation } from './fuzz-inputs.ts';

const RUNS = 5_000;
const { app, db } = await createTestApp();

async function call(path: string, kind: 'query' | 'mutation', body: string | undefined, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res =
    kind === 'query'
      ? await app.request(`/trpc/${path}${body === undefined ? '' : `?input=${encodeURIComponent(body)}`}`, { headers })
      : await app.request(`/trpc/${path}`, { method: 'POST', headers, ...(body !== undefined && { body }) });
  return { status: res.status, text: await res.text() };
}

async function signup(username: string) {
  const res = await call('auth.signup', 'mutation', JSON.stringify({ email: `${username}@example.com`, password: 'correct horse', username }));
  expect(res.status, res.text).toBe(200);
  const { token, user } = JSON.parse(res.text).result.data as { token: string; user: { id: string } };
  return { token, id: user.id, username };
}

const tag = crypto.randomUUID().slice(0, 6);
const ann = await signup(`ann_${tag}`);
const bob = await signup(`bob_${tag}`);
const created = await call('rooms.create', 'mutation', JSON.stringify({ name: `fuzz ${tag}`, kind: 'private' }), ann.token);
const privateRoom = (JSON.parse(created.text).result.data as { id: string }).id;
const publicRoom = (JSON.parse((await call('rooms.create', 'mutation', JSON.stringify({ name: `open ${tag}` }), ann.token)).text).result.data as { id: string }).id;
// Messages to edit, delete and react to: ann's, in general and in her rooms.
const messages: { roomId: string; messageId: string }[] = [];
for (const [i, roomId] of ['general', privateRoom, publicRoom, 'general', privateRoom, publicRoom].entries()) {
  for (let j = 0; j < 5; j++) {
    const id = `01J${String(i * 10 + j).padStart(23, '0')}`;
    await putMessage(db, { id, roomId, userId: ann.id, username: ann.username, text: `seed ${i}.${j}`, createdAt: Date.now(), clientMsgId: `seed-${tag}-${i}-${j}` });
    messages.push({ roomId, messageId: id });
  }
}
const fixtures = {
  roomIds: ['general', privateRoom, publicRoom, 'no-such-room'],
  userIds: [ann.id, bob.id, 'no-such-user'],
  messages: [...messages, { roomId: 'general', messageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }],
  usernames: [ann.username, bob.username],
};
// Mostly authed (to reach the procedures' logic), sometimes without a token or with a bad one.
const tokens = [ann.token, ann.token, ann.token, bob.token, bob.token, undefined, 'not-a-token', `${ann.token.slice(0, -3)}abc`];

test(`${RUNS} generated and mutated inputs over every procedure: no 5xx, no INTERNAL, nothing malformed stored`, async () => {
  const seen: Record<string, Record<number, number>> = {};
  const seed = fuzzSeed();
  await fc.assert(
    fc.asyncProperty(fuzzInput(fixtures), fc.constantFrom(...tokens), async ({ procedure, kind, mutation, body }: Mutation, token) => {
      const { status, text } = await call(procedure, kind, body, token);
      ((seen[procedure] ??= {})[status] ??= 0);
      seen[procedure][status]++;
      const context = `${procedure} (${mutation}) ${status}: ${text.slice(0, 500)}`;
      expect(status, context).toBeLessThan(500);
      const answer = JSON.parse(text) as { error?: { data?: { code?: string; stack?: unknown } } };
      expect(answer.error?.data?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
      expect(answer.error?.data?.stack, context).toBeUndefined();
    }),
    { numRuns: RUNS, seed, endOnFailure: true },
  );
  console.log(`api fuzz (seed ${seed}): statuses by procedure ${JSON.stringify(seen)}`);
  // The run reached the procedures' logic, not only their schemas: each answered 200 sometimes.
  for (const procedure of ['rooms.create', 'rooms.update', 'messages.edit', 'messages.react', 'messages.list', 'rooms.markRead']) {
    expect(seen[procedure]?.[200] ?? 0, procedure).toBeGreaterThan(0);
  }

  // Whatever got stored holds to the contract: messages and their texts, rooms and their names.
  for (const roomId of [GENERAL_ROOM_ID, privateRoom, publicRoom]) {
    const { messages } = await listMessages(db, { roomId, limit: limits.history.maxLimit });
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(messageSchema.safeParse(message).success, JSON.stringify(message)).toBe(true);
      if (message.deletedAt === null) expect(messageTextProblem(message.text), JSON.stringify(message.text)).toBeNull();
      expect(message.text).toBe(message.text.normalize('NFC'));
    }
  }
  for (const token of [ann.token, bob.token]) {
    const res = await call('rooms.list', 'query', undefined, token);
    for (const { room } of JSON.parse(res.text).result.data as { room: unknown }[]) {
      expect(roomSchema.safeParse(room).success).toBe(true);
      const { name, topic, kind } = room as { name: string; topic: string; kind: string };
      if (kind !== 'dm') expect(roomNameSchema.parse(name), JSON.stringify(name)).toBe(name);
      expect(roomTopicSchema.parse(topic), JSON.stringify(topic)).toBe(topic);
    }
  }
}, 600_000); // a loaded 2-core machine: the limit is for a hang, not for speed
