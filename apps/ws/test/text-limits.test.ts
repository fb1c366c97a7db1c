// DESIGN's text limits over a real socket: what the issue found stored verbatim is now refused
// (BAD_REQUEST naming the rule), and a decomposed text is stored in NFC.
import { GENERAL_ROOM_ID } from '@chat/contract';
import { listMessages } from '@chat/db';
import { afterAll, expect, test } from 'vitest';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const refused: [string, string, RegExp][] = [
  ['NUL', 'a\u0000b', /control characters/],
  ['escape', 'a\u001b[31mred', /control characters/],
  ['a C1 control', 'a\u0085b', /control characters/],
  ['a lone surrogate', 'a\ud800b', /lone surrogate/],
  ['an RTL override', 'abc\u202efed.exe', /bidi override/],
  ['an isolate', 'abc\u2067def', /bidi override/],
  ['only zero-width characters', '\u200b\u200c\u200d\ufeff\u2060', /empty/],
];

test('controls, lone surrogates, bidi overrides and invisible-only texts are refused; nothing is stored', async () => {
  const user = await stack.user('texts');
  const socket = await stack.connect(user.token);
  for (const [i, [name, text]] of refused.entries()) {
    socket.send({ action: 'sendMessage', id: `r-${i}`, roomId: GENERAL_ROOM_ID, text, clientMsgId: `c-${name.replace(/\W/g, '')}` });
  }
  const errors = await socket.waitFor((frames) => {
    const found = frames.filter((f) => f.type === 'error');
    return found.length === refused.length && found;
  });
  for (const [i, [name, , reason]] of refused.entries()) {
    const error = errors.find((e) => e.type === 'error' && e.id === `r-${i}`);
    expect(error, name).toMatchObject({ code: 'BAD_REQUEST', action: 'sendMessage' });
    expect(error?.type === 'error' && error.message, name).toMatch(reason);
  }
  await stack.settled();
  const { messages } = await listMessages(stack.db, { roomId: GENERAL_ROOM_ID });
  expect(messages.filter((m) => m.userId === user.id)).toEqual([]);
});

test('a decomposed text is stored and acked in NFC; newlines, tabs and bidi marks stay', async () => {
  const user = await stack.user('nfc');
  const socket = await stack.connect(user.token);
  socket.send({ action: 'sendMessage', roomId: GENERAL_ROOM_ID, text: ' cafe\u0301\n\tשלום\u200e ok ', clientMsgId: 'nfc-1' });
  const ack = await socket.waitForType('ack', (a) => a.clientMsgId === 'nfc-1');
  expect(ack.message.text).toBe('caf\u00e9\n\tשלום\u200e ok');
  await stack.settled();
  const { messages } = await listMessages(stack.db, { roomId: GENERAL_ROOM_ID });
  expect(messages.find((m) => m.id === ack.message.id)?.text).toBe('caf\u00e9\n\tשלום\u200e ok');
});
