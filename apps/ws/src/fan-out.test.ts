import type { Message } from '@chat/contract';
import { unchangedMessageFields } from '@chat/contract';
import { expect, test } from 'vitest';
import { coalesceByRoom, framesFor, MAX_FRAME_BYTES } from './fan-out.ts';

const message = (i: number, text: string): Message => ({
  id: `01J${String(i).padStart(23, '0')}`,
  roomId: 'general',
  userId: 'u',
  username: 'ann',
  text,
  createdAt: 1,
  clientMsgId: `c${i}`,
  seq: i,
  ...unchangedMessageFields(),
});

test('one message is a message frame; several are one messageBatch, in order', () => {
  expect(framesFor('general', [message(1, 'a')])).toEqual([{ type: 'message', message: message(1, 'a') }]);
  const three = [message(1, 'a'), message(2, 'b'), message(3, 'c')];
  expect(framesFor('general', three)).toEqual([{ type: 'messageBatch', roomId: 'general', messages: three }]);
});

test('coalesced frames stay under 32 KB and keep every message, in order', () => {
  const big = Array.from({ length: 40 }, (_, i) => message(i, 'x'.repeat(4000)));
  const frames = framesFor('general', big);
  expect(frames.length).toBeGreaterThan(4);
  for (const f of frames) expect(Buffer.byteLength(JSON.stringify(f))).toBeLessThanOrEqual(32 * 1024);
  const carried = frames.flatMap((f) => (f.type === 'messageBatch' ? f.messages : f.type === 'message' ? [f.message] : []));
  expect(carried).toEqual(big);
  expect(MAX_FRAME_BYTES).toBeLessThan(32 * 1024);
});

test('a batch is coalesced per room: each message once in its latest state, in seq order', () => {
  const a = message(1, 'a');
  const b = message(2, 'b');
  const other = { ...message(3, 'elsewhere'), roomId: 'side' };
  const aEdited = { ...a, text: 'a, edited', seq: 5 };
  const bReacted = { ...b, seq: 4, reactions: [{ emoji: '👍', userIds: ['u2'] }] };
  // A stream batch can bring an older state after a newer one (a retried record, say).
  const byRoom = coalesceByRoom([a, b, aEdited, other, bReacted, a]);
  expect(byRoom.size).toBe(2);
  expect(byRoom.get('general')).toEqual([bReacted, aEdited]);
  expect(byRoom.get('side')).toEqual([other]);
});
