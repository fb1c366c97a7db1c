import { expect, test } from 'vitest';
import { message } from '../test-support/fakes.ts';
import { announcementText } from './announcement-text.ts';

const open = { inOpenRoom: true, roomName: 'general' };
const original = message({ text: 'hello', username: 'bob', seq: 3 });

test('new messages and replies are read out with their author', () => {
  expect(announcementText(original, undefined, open)).toBe('bob: hello');
  expect(announcementText({ ...original, replyTo: 'P' }, undefined, open)).toBe('bob replied in a thread: hello');
  expect(announcementText({ ...original, text: 'x'.repeat(300) }, undefined, open)).toBe(`bob: ${'x'.repeat(240)}…`);
});

test('an edit says so with the new text, a delete only that it happened, each once', () => {
  const edited = { ...original, text: 'hello there', editedAt: 5, seq: 4 };
  expect(announcementText(edited, original, open)).toBe('bob edited a message: hello there');
  const deleted = { ...edited, text: '', deletedAt: 6, seq: 5 };
  expect(announcementText(deleted, edited, open)).toBe('bob deleted a message');
  expect(announcementText({ ...deleted, seq: 6 }, deleted, open)).toBeNull();
});

test('reactions and reply counts changing say nothing, not even on an edited message', () => {
  const edited = { ...original, editedAt: 5, seq: 4 };
  expect(announcementText({ ...edited, reactions: [{ emoji: '👍', userIds: ['a'] }], seq: 5 }, edited, open)).toBeNull();
  expect(announcementText({ ...edited, replyCount: 1, seq: 6 }, edited, open)).toBeNull();
});

test('in another room: only new messages, named by room and author', () => {
  const elsewhere = { inOpenRoom: false, roomName: 'random' };
  expect(announcementText(original, undefined, elsewhere)).toBe('New message in #random from bob');
  expect(announcementText({ ...original, editedAt: 5, seq: 4 }, original, elsewhere)).toBeNull();
});
