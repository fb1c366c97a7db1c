// The read-state updaters of the rooms.list cache, applied through a real QueryClient.
import type { RoomSummary } from '@chat/contract';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import { feedLeavesCountsUnknown, readLeavesCountsUnknown, withFeedMessage, withReadSeq } from './room-summaries.ts';

const key = [['rooms', 'list'], { type: 'query' }];
const self = 'ann-id';
const room = (id: string, kind: 'public' | 'dm' = 'public') => ({ id, name: id, kind, topic: '', createdAt: 1, createdBy: 'x', archived: false });
const summary = (id: string, fields: Partial<RoomSummary> = {}): RoomSummary => ({ room: room(id), lastSeq: 10, readSeq: 10, unread: 0, mentions: 0, ...fields });

function cacheWith(...summaries: RoomSummary[]) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(key, summaries);
  const get = (id: string) => queryClient.getQueryData<RoomSummary[]>(key)!.find((s) => s.room.id === id)!;
  const update = (fn: (s: RoomSummary[] | undefined) => RoomSummary[] | undefined) => queryClient.setQueryData<RoomSummary[]>(key, fn);
  return { queryClient, get, update };
}

describe('withFeedMessage', () => {
  test('a new message by someone else counts, a mention counts apart; lastSeq follows', () => {
    const { get, update } = cacheWith(summary('general'), summary('design'));
    update((s) => withFeedMessage(s, message({ text: 'hi', roomId: 'design', seq: 11 }), self, { read: false }));
    update((s) => withFeedMessage(s, message({ text: '@ann look', roomId: 'design', seq: 12, mentions: [self] }), self, { read: false }));
    expect(get('design')).toMatchObject({ lastSeq: 12, readSeq: 10, unread: 2, mentions: 1 });
    expect(get('general')).toMatchObject({ lastSeq: 10, unread: 0 });
  });

  test('one’s own messages, changes, messages already counted and the room being read do not count', () => {
    const { get, update } = cacheWith(summary('design'));
    const before = get('design');
    update((s) => withFeedMessage(s, message({ text: 'old', roomId: 'design', seq: 9 }), self, { read: false }));
    expect(get('design')).toBe(before); // the same object: nothing changed
    update((s) => withFeedMessage(s, message({ text: 'mine', roomId: 'design', seq: 11, userId: self }), self, { read: false }));
    update((s) => withFeedMessage(s, message({ text: 'edited', roomId: 'design', seq: 12, editedAt: 5 }), self, { read: false }));
    update((s) => withFeedMessage(s, message({ text: 'reacted', roomId: 'design', seq: 13, reactions: [{ emoji: '👍', userIds: ['x'] }] }), self, { read: false }));
    update((s) => withFeedMessage(s, message({ text: 'read now', roomId: 'design', seq: 14 }), self, { read: true }));
    expect(get('design')).toMatchObject({ lastSeq: 14, unread: 0, mentions: 0 });
  });

  test('the count stops at the exact limit (100)', () => {
    const { get, update } = cacheWith(summary('design', { unread: 100, mentions: 100 }));
    update((s) => withFeedMessage(s, message({ text: '@ann', roomId: 'design', seq: 11, mentions: [self] }), self, { read: false }));
    expect(get('design')).toMatchObject({ lastSeq: 11, unread: 100, mentions: 100 });
  });

  test('before the list loaded, and for a room it lacks, nothing is written', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<RoomSummary[]>(key, (s) => withFeedMessage(s, message({ text: 'x', seq: 1 }), self, { read: false }));
    expect(queryClient.getQueryData(key)).toBeUndefined();
    const { queryClient: other, update } = cacheWith(summary('general'));
    const list = other.getQueryData(key);
    update((s) => withFeedMessage(s, message({ text: 'x', roomId: 'elsewhere', seq: 50 }), self, { read: false }));
    expect(other.getQueryData(key)).toBe(list);
  });
});

describe('withReadSeq', () => {
  test('read to the last seq clears the counts; never moves back', () => {
    const { get, update } = cacheWith(summary('design', { lastSeq: 20, readSeq: 10, unread: 4, mentions: 2 }));
    update((s) => withReadSeq(s, 'design', 15));
    expect(get('design')).toMatchObject({ readSeq: 15, unread: 4, mentions: 2 }); // short of the end: counts only the server knows
    update((s) => withReadSeq(s, 'design', 20));
    expect(get('design')).toMatchObject({ readSeq: 20, unread: 0, mentions: 0 });
    update((s) => withReadSeq(s, 'design', 12));
    expect(get('design').readSeq).toBe(20);
  });

  test('readLeavesCountsUnknown: only a position past the old one and short of the end, with something unread', () => {
    const list = [summary('design', { lastSeq: 20, readSeq: 10, unread: 4 }), summary('general')];
    expect(readLeavesCountsUnknown(list, 'design', 15)).toBe(true);
    expect(readLeavesCountsUnknown(list, 'design', 20)).toBe(false);
    expect(readLeavesCountsUnknown(list, 'design', 9)).toBe(false);
    expect(readLeavesCountsUnknown(list, 'general', 5)).toBe(false);
  });
});

test('feedLeavesCountsUnknown: a delete of someone else’s message past lastSeq with unread ones, or an unknown room', () => {
  const list = [summary('design', { unread: 2, lastSeq: 10, readSeq: 5 }), summary('general')];
  const deleted = (fields: Parameters<typeof message>[0]) => message({ deletedAt: 1, ...fields });
  expect(feedLeavesCountsUnknown(list, deleted({ text: '', roomId: 'design', seq: 11 }), self)).toBe(true);
  expect(feedLeavesCountsUnknown(list, deleted({ text: '', roomId: 'design', seq: 11, userId: self }), self)).toBe(false);
  expect(feedLeavesCountsUnknown(list, deleted({ text: '', roomId: 'general', seq: 11 }), self)).toBe(false);
  expect(feedLeavesCountsUnknown(list, message({ text: 'new', roomId: 'design', seq: 11 }), self)).toBe(false);
  expect(feedLeavesCountsUnknown(list, message({ text: 'new', roomId: 'new-room', seq: 1 }), self)).toBe(true);
  expect(feedLeavesCountsUnknown(undefined, message({ text: 'new', roomId: 'new-room', seq: 1 }), self)).toBe(false);
});
