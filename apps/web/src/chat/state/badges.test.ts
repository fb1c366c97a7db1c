import type { RoomSummary } from '@chat/contract';
import { expect, test } from 'vitest';
import { badgeCounts, unreadTotal } from './badges.ts';

const summary = (id: string, unread: number, mentions: number): RoomSummary => ({
  room: { id, name: id, kind: 'public', topic: '', createdAt: 1, createdBy: 'x', archived: false },
  lastSeq: 50,
  readSeq: 0,
  unread,
  mentions,
});

test('a muted room shows only its mentions', () => {
  expect(badgeCounts(summary('a', 5, 2), false)).toEqual({ unread: 5, mentions: 2 });
  expect(badgeCounts(summary('a', 5, 2), true)).toEqual({ unread: 0, mentions: 2 });
});

test('the title counts unread messages, a muted room’s mentions only, and leaves the room being read out', () => {
  const list = [summary('general', 3, 0), summary('design', 4, 1), summary('noisy', 40, 2), summary('open', 7, 0)];
  const muted = new Set(['noisy']);
  expect(unreadTotal(list, muted, 'open')).toBe(3 + 4 + 2);
  expect(unreadTotal(list, muted, null)).toBe(3 + 4 + 2 + 7);
  expect(unreadTotal(list, new Set(), 'open')).toBe(3 + 4 + 40);
});
