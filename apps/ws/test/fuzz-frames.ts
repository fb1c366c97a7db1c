// Test support for fuzz.test.ts: WebSocket frames, each a valid one for its action then mutated,
// or generated from nothing: text (JSON or not, up to ~120 KB) or binary (any bytes).
import fc from 'fast-check';

export interface Frame {
  /** What the frame is, for a failure message. */
  what: string;
  data: string | Uint8Array;
}

/** FUZZ_SEED replays a run; otherwise a new seed each run (fast-check prints it on failure). */
export function fuzzSeed(): number {
  return process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
}

const nasty = [
  '\u0000', '\u0007', '\r', '\u001b', '\u007f', '\u0085', '\u009f', '\u202e', '\u2066', '\u200e', '\u061c', '\u200b',
  '\ufeff', '\u00ad', '\u3164', '\ufe0f', '\ud800', '\udfff', 'e\u0301', '😀', '👍🏽', '\n', '\t', ' ', '@', '"', '\\',
  '__proto__', 'constructor', 'prototype', '<b>', '\u2028',
];

const weirdText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...nasty), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  // Words, sometimes with one odd character among them: mostly valid, so that much gets stored.
  { weight: 4, arbitrary: fc.tuple(fc.lorem({ maxCount: 6 }), fc.option(fc.constantFrom(...nasty)), fc.lorem({ maxCount: 3 })).map(([a, odd, b]) => `${a}${odd ?? ' '}${b}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u200b\u200b', 'x'.repeat(4000), `${'😀'.repeat(4000)} `, 'x'.repeat(4001), 'y'.repeat(100_000)) },
);

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 1.5, 2 ** 53, 1e308, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);

const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}[a-z0-9]$/);
// Valid ones: the mutations below put anything in any field.
const requestId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function actions(roomIds: string[], messageIds: () => string[]) {
  const roomId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...roomIds) }, { weight: 1, arbitrary: slug });
  // A message id of the run (filled in as acks arrive), a made-up ULID, or anything.
  const messageId = fc.oneof(
    fc.nat().map((i) => messageIds()[i % Math.max(1, messageIds().length)] ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV'),
    ulid,
  );
  // Cursors in every combination: absent, null, empty, a real id, a made-up one, garbage.
  const cursor = fc.oneof(fc.constant(null), fc.constant(''), messageId, fc.base64String({ maxLength: 80 }), weirdText);
  const seq = fc.oneof(fc.nat(200), fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0.5));
  return [
    ['sendMessage', 5, fc.record({ roomId, text: weirdText, clientMsgId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), replyTo: opt(messageId), id: opt(requestId) }, { requiredKeys: ['roomId', 'text', 'clientMsgId'] })],
    ['getMessages', 4, fc.record({ roomId, before: opt(cursor), after: opt(messageId), limit: opt(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer(), fc.double())), replyTo: opt(messageId), id: opt(requestId) }, { requiredKeys: ['roomId'] })],
    ['joinRoom', 3, fc.record({ roomId, since: opt(seq), id: opt(requestId) }, { requiredKeys: ['roomId'] })],
    ['leaveRoom', 2, fc.record({ roomId, id: opt(requestId) }, { requiredKeys: ['roomId'] })],
    ['typing', 2, fc.record({ roomId, id: opt(requestId) }, { requiredKeys: ['roomId'] })],
    ['ping', 1, fc.record({ id: opt(requestId) })],
  ] as const;
}

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');

function mutate(action: string, fields: Record<string, unknown>): fc.Arbitrary<Frame> {
  const valid = { action, ...fields };
  const keys = Object.keys(valid);
  const field = fc.constantFrom(...keys, 'id', 'extra');
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({ what: `${action} valid`, data: JSON.stringify(valid) }) },
    { weight: 3, arbitrary: fc.tuple(field, weirdValue).map(([key, value]) => ({ what: `${action} ${key} replaced`, data: JSON.stringify({ ...valid, [key]: value }) })) },
    { weight: 1, arbitrary: field.map((key) => ({ what: `${action} ${key} dropped`, data: JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))) })) },
    {
      weight: 2,
      arbitrary: fc.tuple(protoKey, weirdValue, fc.boolean()).map(([key, value, nested]) => {
        // Own prototype keys exist only in JSON text: an object literal would set the prototype.
        const inner = `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`;
        const base = JSON.stringify(valid);
        const data = nested ? base.replace('"action":', `"_":${inner},"action":`) : `{${JSON.stringify(key)}:${inner},${base.slice(1)}`;
        return { what: `${action} prototype key ${key}${nested ? ' nested' : ''}`, data };
      }),
    },
    // The action itself: unknown, a prototype name, wrong type.
    { weight: 1, arbitrary: fc.oneof(weirdValue, protoKey, fc.constantFrom('SENDMESSAGE', '$default', '$connect', '$disconnect')).map((name) => ({ what: `action ${String(name).slice(0, 20)}`, data: JSON.stringify({ ...valid, action: name }) })) },
  );
}

/** One frame: a mutated action, any JSON, text that is not JSON, or binary bytes. */
export function fuzzFrame(roomIds: string[], messageIds: () => string[]): fc.Arbitrary<Frame> {
  return fc.oneof(
    ...actions(roomIds, messageIds).map(([action, weight, fields]) => ({
      weight,
      arbitrary: (fields as fc.Arbitrary<Record<string, unknown>>).chain((f) => mutate(action, f)),
    })),
    { weight: 1, arbitrary: weirdValue.map((value) => ({ what: 'any JSON', data: JSON.stringify(value) ?? 'null' })) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('', '{', '{"action":', '[{"action":"ping"}]', 'null', '"\\ud800"', '{"action":"ping"}}')).map((data) => ({ what: 'not JSON', data })) },
    // Binary frames (API Gateway hands them over base64-encoded): random bytes, invalid UTF-8, JSON bytes.
    { weight: 1, arbitrary: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(new Uint8Array([0xc3, 0x28]), new Uint8Array([0xff, 0xfe, 0xfd]), new TextEncoder().encode('{"action":"ping","id":"bin"}'))).map((data) => ({ what: 'binary', data })) },
    // Huge text frames under the 128 KB limit.
    { weight: 1, arbitrary: fc.constantFrom(`{"action":"sendMessage","roomId":"general","clientMsgId":"huge","text":"${'z'.repeat(120_000)}"}`, `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`, `{"action":"getMessages","roomId":"general","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`).map((data) => ({ what: 'huge', data })) },
  );
}
