import { expect, test } from 'vitest';
import { applyMessage, findTarget } from './messages.ts';
import type { Message } from './sdk-types.ts';

const message = (id: string, seq: number, over: Partial<Message> = {}): Message => ({
  id,
  roomId: 'general',
  userId: 'u-ann',
  username: 'ann',
  text: `text ${id}`,
  createdAt: 0,
  clientMsgId: `c-${id}`,
  seq,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  replyCount: 0,
  reactions: [],
  mentions: [],
  ...over,
});

test('new messages take their place by id; the number is the position', () => {
  let state = applyMessage([], message('01B', 2));
  expect(state).toMatchObject({ change: 'new', number: 1 });
  state = applyMessage(state.messages, message('01C', 3));
  expect(state).toMatchObject({ change: 'new', number: 2 });
  state = applyMessage(state.messages, message('01A', 1)); // a late older one
  expect(state).toMatchObject({ change: 'new', number: 1 });
  expect(state.messages.map((m) => m.id)).toEqual(['01A', '01B', '01C']);
});

test('a later state replaces the message and says what changed; an older or the same state is no news', () => {
  const first = applyMessage([], message('01A', 1)).messages;
  const edited = applyMessage(first, message('01A', 5, { text: 'new', editedAt: 10 }));
  expect(edited).toMatchObject({ change: 'edited', number: 1 });
  expect(edited.messages[0]!.text).toBe('new');
  expect(applyMessage(edited.messages, message('01A', 5, { text: 'new', editedAt: 10 })).change).toBeNull();
  const stale = applyMessage(edited.messages, message('01A', 3));
  expect(stale.change).toBeNull();
  expect(stale.messages[0]!.text).toBe('new');
  const reacted = applyMessage(edited.messages, message('01A', 6, { text: 'new', editedAt: 10, reactions: [{ emoji: '👍', userIds: ['u'] }] }));
  expect(reacted.change).toBe('reactions');
  expect(applyMessage(reacted.messages, message('01A', 7, { text: '', deletedAt: 20 })).change).toBe('deleted');
  expect(applyMessage(first, message('01A', 2, { replyCount: 1 })).change).toBe('replies');
});

test('findTarget: the last message, the user’s own last one, or number n, with a reason when there is none', () => {
  const messages = [
    message('01A', 1, { userId: 'me' }),
    message('01B', 2),
    message('01C', 3, { userId: 'me', deletedAt: 5 }),
  ];
  expect(findTarget(messages, 'last')).toBe(messages[1]);
  expect(findTarget(messages, 'last', { ownBy: 'me' })).toBe(messages[0]);
  expect(findTarget(messages, 1, { ownBy: 'me' })).toBe(messages[0]);
  expect(findTarget(messages, 2, { ownBy: 'me' })).toBe('Message [2] is not yours');
  expect(findTarget(messages, 3)).toBe('Message [3] was deleted');
  expect(findTarget(messages, 9)).toBe('There is no message [9] here');
  expect(findTarget([], 'last')).toBe('There is no message to react to yet');
  expect(findTarget([], 'last', { ownBy: 'me' })).toBe('You have not sent a message here yet');
});
