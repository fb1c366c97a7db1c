import { expect, test } from 'vitest';
import { changeLine, messageLine, roomListLines, roomTitle, statusChangeLine, statusText } from './format.ts';
import type { Message, RoomSummary } from './sdk-types.ts';

const at = new Date(2026, 0, 2, 9, 5).getTime();
const base: Message = {
  id: '01A',
  roomId: 'general',
  userId: 'u1',
  username: 'ann',
  text: 'hello',
  createdAt: at,
  clientMsgId: 'c1',
  seq: 1,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  replyCount: 0,
  reactions: [],
  mentions: [],
};

test('a message line: number, local time, author, text, then marks', () => {
  expect(messageLine(3, base)).toBe('[3] 09:05 ann: hello');
  const changed = { ...base, editedAt: at, reactions: [{ emoji: '👍', userIds: ['a', 'b'] }] };
  expect(messageLine(3, changed)).toBe('[3] 09:05 ann: hello (edited)  👍 2');
  expect(messageLine(3, { ...base, text: '', deletedAt: at })).toBe('[3] 09:05 ann: (deleted)');
});

test('change lines say what happened to which number', () => {
  expect(changeLine(2, { ...base, text: 'hi' }, 'edited')).toBe('[2] edited by ann: hi');
  expect(changeLine(2, { ...base, reactions: [{ emoji: '🎉', userIds: ['a'] }] }, 'reactions')).toBe('[2] reactions: 🎉 1');
  expect(changeLine(2, base, 'reactions')).toBe('[2] reactions: none');
  expect(changeLine(2, base, 'deleted')).toBe('[2] deleted by ann');
  expect(changeLine(2, { ...base, replyCount: 2 }, 'replies')).toBe('[2] 2 replies');
});

test('rooms read as #id, DMs as the other members, with unread counts', () => {
  const room = { id: 'design', name: 'Design', kind: 'public' as const, topic: 'pixels', createdAt: 0, createdBy: 'u1', archived: false };
  const dm = { ...room, id: 'dm-1', name: '', kind: 'dm' as const, topic: '' };
  const rooms: RoomSummary[] = [
    { room, lastSeq: 4, readSeq: 1, unread: 3, mentions: 1 },
    { room: dm, members: [{ id: 'me', username: 'me' }, { id: 'u2', username: 'bob' }], lastSeq: 0, readSeq: 0, unread: 0, mentions: 0 },
  ];
  expect(roomTitle(rooms[1]!, 'me')).toBe('@bob');
  expect(roomListLines(rooms, 'me')).toEqual(['  1. #design · pixels  3 unread, 1 mentioning you', '  2. @bob']);
});

test('the connection’s status reads as words; losing it and getting it back print a line', () => {
  expect(statusText('reconnecting')).toBe('reconnecting… (what you send waits until the server is back)');
  expect(statusChangeLine('live', 'reconnecting')).toBe('! Connection lost: reconnecting… (what you send waits until the server is back)');
  expect(statusChangeLine('reconnecting', 'offline')).toBe('! offline: no network (what you send waits until it is back)');
  expect(statusChangeLine('reconnecting', 'live')).toBe('* Connected again: live');
  expect(statusChangeLine('offline', 'live')).toBe('* Connected again: live');
  expect(statusChangeLine('connecting', 'reconnecting')).toBe('! Cannot connect yet: reconnecting… (what you send waits until the server is back)');
  expect(statusChangeLine('connecting', 'live')).toBeNull();
  expect(statusChangeLine('closed', 'connecting')).toBeNull();
  expect(statusChangeLine('reconnecting', 'reconnecting')).toBeNull();
});
