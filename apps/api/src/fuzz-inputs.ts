// Test support for fuzz.test.ts: tRPC inputs, each a valid one for its procedure (built from
// the run's fixtures) then mutated, or generated from nothing, as the JSON text sent.
import fc from 'fast-check';

export interface Fixtures {
  roomIds: string[];
  userIds: string[];
  /** Stored messages, by room: edits, deletes and reactions name both. */
  messages: { roomId: string; messageId: string }[];
  usernames: string[];
}

export interface Mutation {
  procedure: string;
  kind: 'query' | 'mutation';
  /** What was done to the valid input. */
  mutation: string;
  /** The JSON text sent (`?input=` of a query, a mutation's body); undefined sends none. */
  body: string | undefined;
}

/** FUZZ_SEED replays a run; otherwise a new seed each run (fast-check prints it on failure). */
export function fuzzSeed(): number {
  return process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
}

/** Characters that once slipped through or that parsers mishandle. */
const nasty = [
  '\u0000', '\u0007', '\r', '\u001b', '\u007f', '\u0085', '\u009f', '\u202e', '\u2066', '\u200e', '\u061c', '\u200b',
  '\ufeff', '\u00ad', '\u3164', '\ufe0f', '\ud800', '\udfff', 'e\u0301', '😀', '👍🏽', '\n', '\t', ' ', '@', '"', '\\', '%',
  '__proto__', 'constructor', 'prototype', '<script>', '${}', '\u2028',
];

/** Texts that are sometimes valid and sometimes break every rule, some huge. */
export const weirdText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...nasty), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  // Words, sometimes with one odd character among them: mostly valid, so that much gets stored.
  { weight: 4, arbitrary: fc.tuple(fc.lorem({ maxCount: 6 }), fc.option(fc.constantFrom(...nasty)), fc.lorem({ maxCount: 3 })).map(([a, odd, b]) => `${a}${odd ?? ' '}${b}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u200b\u200b', 'x'.repeat(4000), `${'😀'.repeat(4000)} `, 'x'.repeat(4001), 'y'.repeat(70_000)) },
);

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');

/** Any JSON value, including objects with prototype keys (as JSON text: `{"__proto__":...}`). */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(weirdText, { maxLength: 12 }),
);

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}[a-z0-9]$/);
const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const cursor = fc.oneof(fc.constant(null), weirdText, fc.string({ unit: 'binary-ascii', maxLength: 80 }), fc.base64String({ maxLength: 120 }));
const emoji = fc.constantFrom('👍', '😀', '🇫🇷', '1\ufe0f\u20e3', 'x', '👍👍', '', '\u200b');

function procedures(f: Fixtures) {
  const roomId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...f.roomIds) }, { weight: 1, arbitrary: slug });
  const userId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...f.userIds) }, { weight: 1, arbitrary: fc.uuid() });
  const messageId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...f.messages.map((m) => m.messageId)) }, { weight: 1, arbitrary: ulid });
  const messageRef = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...f.messages) }, { weight: 1, arbitrary: fc.record({ roomId, messageId }) });
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const email = fc.oneof(fc.stringMatching(/^[a-z0-9._]{1,12}@[a-z]{1,8}\.(com|org|co)$/), fc.emailAddress(), weirdText);
  const password = fc.oneof(fc.string({ minLength: 8, maxLength: 20 }), weirdText);
  const username = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{3,32}$/), fc.constantFrom(...f.usernames), weirdText);
  const wordsOrWeird = fc.oneof({ weight: 3, arbitrary: fc.lorem({ maxCount: 3 }) }, { weight: 1, arbitrary: weirdText });
  const q = 'query' as const;
  const m = 'mutation' as const;
  // [procedure, kind, how often, a valid-looking input]
  return [
    ['auth.signup', m, 1, fc.record({ email, password, username })],
    ['auth.login', m, 1, fc.record({ email: fc.oneof(fc.constantFrom(...f.usernames.map((u) => `${u}@example.com`)), email), password })],
    ['auth.me', q, 2, fc.constant(undefined)],
    ['auth.wsTicket', m, 1, fc.oneof(fc.constant({}), fc.constant(undefined))],
    ['users.search', q, 3, fc.record({ query: fc.oneof(fc.constantFrom(...f.usernames.map((u) => u.slice(0, 4))), weirdText) })],
    ['rooms.list', q, 2, fc.constant(undefined)],
    ['rooms.browse', q, 3, fc.record({ cursor: opt(cursor) })],
    ['rooms.create', m, 4, fc.record({ name: weirdText, kind: opt(fc.constantFrom('public', 'private')), topic: opt(weirdText) }, { requiredKeys: ['name'] })],
    ['rooms.join', m, 3, fc.record({ roomId })],
    ['rooms.leave', m, 2, fc.record({ roomId })],
    ['rooms.invite', m, 3, fc.record({ roomId, userId })],
    ['rooms.openDm', m, 3, fc.record({ userIds: fc.array(userId, { maxLength: 10 }) })],
    // Mostly plain words: an update passes only for the creator, a room of hers, a valid mutation
    // and a valid name and topic, and the test asserts that some do (at weirdText alone, about 1 run in 100 had none).
    ['rooms.update', m, 4, fc.record({ roomId, name: opt(wordsOrWeird), topic: opt(wordsOrWeird), archived: opt(fc.boolean()) }, { requiredKeys: ['roomId'] })],
    ['rooms.members', q, 3, fc.record({ roomId })],
    ['rooms.markRead', m, 3, fc.record({ roomId, seq: fc.oneof(fc.nat(50), fc.integer(), fc.double()) })],
    [
      'messages.list',
      q,
      5,
      fc.record(
        { roomId, before: opt(cursor), after: opt(messageId), limit: opt(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer())), replyTo: opt(messageId) },
        { requiredKeys: ['roomId'] },
      ),
    ],
    ['messages.edit', m, 5, fc.tuple(messageRef, weirdText).map(([ref, text]) => ({ ...ref, text }))],
    ['messages.delete', m, 1, messageRef],
    ['messages.react', m, 4, fc.tuple(messageRef, emoji, fc.boolean()).map(([ref, e, on]) => ({ ...ref, emoji: e, on }))],
  ] as const;
}

/** What is done to a valid input: nothing, a field replaced or dropped, a prototype key, or all of it replaced. */
function mutate(input: unknown): fc.Arbitrary<{ mutation: string; body: string | undefined }> {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const keys = Object.keys(record);
  const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
  const field = fc.constantFrom(...keys, 'roomId', 'text', 'extra');
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({ mutation: 'valid', body: json(input) }) },
    { weight: 3, arbitrary: fc.tuple(field, weirdValue).map(([key, value]) => ({ mutation: `${key} replaced`, body: json({ ...record, [key]: value }) })) },
    { weight: 1, arbitrary: field.map((key) => ({ mutation: `${key} dropped`, body: json(Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))) })) },
    {
      weight: 2,
      arbitrary: fc.tuple(protoKey, weirdValue, fc.boolean()).map(([key, value, nested]) => {
        // Own prototype keys only exist in JSON text: an object literal would set the prototype.
        const inner = `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`;
        const base = JSON.stringify(record);
        const body = nested && keys[0] ? base.replace(`"${keys[0]}":`, `"${keys[0]}":${inner},"_":`) : `{${JSON.stringify(key)}:${inner}${base.length > 2 ? `,${base.slice(1)}` : '}'}`;
        return { mutation: `prototype key ${key}${nested ? ' nested' : ''}`, body };
      }),
    },
    { weight: 1, arbitrary: weirdValue.map((value) => ({ mutation: 'replaced whole', body: JSON.stringify(value) ?? 'null' })) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('{', '{"roomId":', '[1,2', 'nul', '"\\ud800"', '{"a":1}}')).map((text) => ({ mutation: 'not JSON', body: text })) },
  );
}

/** One procedure call: which, and the JSON text of its input. */
export function fuzzInput(f: Fixtures): fc.Arbitrary<Mutation> {
  return fc.oneof(
    ...procedures(f).map(([procedure, kind, weight, input]) => ({
      weight,
      arbitrary: (input as fc.Arbitrary<unknown>).chain((valid) => mutate(valid)).map(({ mutation, body }) => ({ procedure, kind, mutation, body })),
    })),
  );
}
