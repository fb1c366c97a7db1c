import type { Message } from '@chat/contract';
import { unchangedMessageFields } from '@chat/contract';
import { expect, test } from 'vitest';
import { fitToPost, MAX_POST_BYTES } from './get-messages.ts';

const message = (i: number, text: string): Message => ({
  id: `01J${String(1000 - i).padStart(23, '0')}`,
  roomId: 'general',
  userId: 'u',
  username: 'ann',
  text,
  createdAt: 1,
  clientMsgId: `c${i}`,
  seq: i,
  ...unchangedMessageFields(),
});

test('a page that fits is sent as it is', () => {
  const frame = { type: 'messages' as const, roomId: 'general', messages: [message(1, 'hi')], nextCursor: null };
  expect(fitToPost(frame)).toBe(frame);
});

test('a page over 128 KB keeps its newest messages and points the cursor at the oldest kept', () => {
  const messages = Array.from({ length: 100 }, (_, i) => message(i, '€'.repeat(4000))); // ~12 KB each
  const fitted = fitToPost({ type: 'messages', roomId: 'general', messages, nextCursor: null });
  expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(MAX_POST_BYTES);
  expect(fitted.messages).toEqual(messages.slice(0, fitted.messages.length));
  expect(fitted.messages.length).toBeGreaterThan(5);
  expect(fitted.nextCursor).toBe(fitted.messages.at(-1)!.id);
});
