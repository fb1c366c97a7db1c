import type { Message } from '@chat/contract';
import { unchangedMessageFields } from '@chat/contract';
import { expect, test } from 'vitest';
import { MAX_POST_BYTES } from './get-messages.ts';
import { fitJoined, type JoinedFrame } from './joined-frame.ts';

const change = (seq: number, text: string): Message => ({
  id: `01J${String(seq).padStart(23, '0')}`,
  roomId: 'general',
  userId: 'u',
  username: 'ann',
  text,
  createdAt: 1,
  clientMsgId: `c${seq}`,
  seq,
  ...unchangedMessageFields(),
});

const frame = (changes: Message[]): JoinedFrame => ({ type: 'joined', roomId: 'general', seq: 100, changes, hasMore: false, users: [], online: 0 });

test('a joined answer that fits is sent as it is', () => {
  const small = frame([change(1, 'hi')]);
  expect(fitJoined(small)).toBe(small);
});

test('a joined answer over 128 KB keeps its oldest changes and says there is more', () => {
  const changes = Array.from({ length: 100 }, (_, i) => change(i + 1, '€'.repeat(4000))); // ~12 KB each
  const fitted = fitJoined(frame(changes));
  expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(MAX_POST_BYTES);
  expect(fitted.changes).toEqual(changes.slice(0, fitted.changes.length));
  expect(fitted.changes.length).toBeGreaterThan(5);
  expect(fitted.hasMore).toBe(true);
});
