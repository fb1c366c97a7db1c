import { expect, test } from 'vitest';
import type { DisplayMessage } from '../state/display-messages.ts';
import { toRows } from './message-rows.ts';

const at = (iso: string, userId: string, key: string): DisplayMessage => ({
  key,
  id: key,
  roomId: 'general',
  userId,
  username: userId,
  text: key,
  createdAt: Date.parse(iso),
  clientMsgId: key,
  own: false,
  status: 'sent',
  error: null,
  replyTo: null,
  message: null,
});

test('day dividers between days; a new group when the author changes or after a pause', () => {
  const rows = toRows(
    [
      at('2025-03-13T23:58:00Z', 'ann', 'a1'),
      at('2025-03-14T00:01:00Z', 'ann', 'a2'),
      at('2025-03-14T00:02:00Z', 'ann', 'a3'),
      at('2025-03-14T00:03:00Z', 'bob', 'b1'),
      at('2025-03-14T00:20:00Z', 'bob', 'b2'),
    ],
    { timeZone: 'UTC' },
  );
  expect(rows.map((r) => (r.kind === 'message' ? `${r.key}${r.startsGroup ? '*' : ''}` : r.key))).toEqual([
    'day:2025-03-13',
    'a1*',
    'day:2025-03-14',
    'a2*',
    'a3',
    'b1*',
    'b2*',
  ]);
});

test('the "New messages" divider goes before the first unread message, which starts a group', () => {
  const rows = toRows(
    [at('2025-03-14T00:01:00Z', 'bob', 'b1'), at('2025-03-14T00:01:30Z', 'bob', 'b2'), at('2025-03-14T00:02:00Z', 'bob', 'b3')],
    { timeZone: 'UTC', firstUnreadId: 'b2' },
  );
  expect(rows.map((r) => (r.kind === 'message' ? `${r.key}${r.startsGroup ? '*' : ''}` : r.key))).toEqual(['day:2025-03-14', 'b1*', 'new-messages', 'b2*', 'b3']);
});
