import { describe, expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import {
  chatReducer,
  displayMessages,
  initialChatState,
  type ChatAction,
  type ChatState,
  typingSentence,
  typingUsernames,
} from './chat-reducer.ts';

const ann = { id: 'ann-id', username: 'ann' };
const run = (actions: ChatAction[], state: ChatState = initialChatState(ann, 'general')) => actions.reduce(chatReducer, state);
const shown = (state: ChatState, roomId = 'general') => displayMessages(state, roomId, state.rooms[roomId]);

describe('optimistic sends', () => {
  const sent: ChatAction = { type: 'messageSent', clientMsgId: 'c-1', roomId: 'general', text: 'hi', createdAt: 1 };
  const stored = message({ userId: ann.id, username: 'ann', text: 'hi', clientMsgId: 'c-1' });

  test('pending, then sent when the ack brings the stored message; the row keeps its key', () => {
    const pending = run([sent]);
    expect(shown(pending)).toMatchObject([{ key: 'ann-id:c-1', id: null, status: 'pending', own: true, text: 'hi' }]);
    const acked = run([{ type: 'messageReceived', message: stored }], pending);
    expect(acked.outbox).toEqual([]);
    expect(shown(acked)).toMatchObject([{ key: 'ann-id:c-1', id: stored.id, status: 'sent', own: true }]);
  });

  test('the broadcast of one’s own message may come before the ack: still one message', () => {
    const state = run([sent, { type: 'messageReceived', message: stored }, { type: 'messageReceived', message: stored }]);
    expect(shown(state)).toHaveLength(1);
    expect(state.rooms.general!.unread).toBe(0);
  });

  test('a history page that holds the message settles it too', () => {
    const state = run([sent, { type: 'historyLoaded', roomId: 'general', page: 'newer', messages: [stored], nextCursor: null }]);
    expect(state.outbox).toEqual([]);
  });

  test('failed with a reason, then pending again on retry', () => {
    const failed = run([sent, { type: 'sendFailed', clientMsgId: 'c-1', error: 'Too fast' }]);
    expect(shown(failed)).toMatchObject([{ status: 'failed', error: 'Too fast' }]);
    expect(shown(run([{ type: 'sendRetried', clientMsgId: 'c-1' }], failed))).toMatchObject([{ status: 'pending', error: null }]);
    expect(run([{ type: 'outgoingDiscarded', clientMsgId: 'c-1' }], failed).outbox).toEqual([]);
  });

  test('outgoing messages show after the stored ones, only in their room', () => {
    const other = message({ text: 'from bob' });
    const state = run([sent, { type: 'messageReceived', message: other }]);
    expect(shown(state).map((m) => m.text)).toEqual(['from bob', 'hi']);
    expect(shown(state, 'random')).toEqual([]);
  });
});

describe('timelines', () => {
  test('a later state of a message (higher seq) replaces it in place, an older one is ignored, neither counts as unread', () => {
    const original = message({ roomId: 'side', text: 'first', seq: 5 });
    const edited = { ...original, text: 'second', editedAt: 2, seq: 7 };
    const state = run([{ type: 'messageReceived', message: original }, { type: 'messageReceived', message: edited }]);
    expect(state.rooms.side!.messages).toEqual([edited]);
    expect(state.rooms.side!.unread).toBe(1);
    const stale = run([{ type: 'messageReceived', message: { ...original, text: 'stale', seq: 6 } }], state);
    expect(stale).toBe(state);
  });

  test('a reply in the outbox keeps its parent until stored', () => {
    const state = run([{ type: 'messageSent', clientMsgId: 'c-9', roomId: 'general', text: 'yes', createdAt: 1, replyTo: 'P' }]);
    expect(state.outbox[0]).toMatchObject({ replyTo: 'P' });
    expect(shown(state)).toMatchObject([{ replyTo: 'P', message: null }]);
  });

  test('messages from anywhere are kept once each, ordered by id', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((text) => message({ text }));
    const state = run([
      { type: 'messageReceived', message: d! },
      { type: 'historyLoaded', roomId: 'general', page: 'latest', messages: [c!, b!], nextCursor: b!.id },
      { type: 'messageReceived', message: c! },
      { type: 'historyLoaded', roomId: 'general', page: 'older', messages: [b!, a!], nextCursor: null },
    ]);
    expect(state.rooms.general!.messages.map((m) => m.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(state.rooms.general!.olderCursor).toBeNull();
  });

  test('the latest page sets where paging back starts; a failed load says why', () => {
    const m = message({ text: 'x' });
    let state = run([{ type: 'historyRequested', roomId: 'general', page: 'latest' }]);
    expect(state.rooms.general).toMatchObject({ loading: 'latest', olderCursor: undefined });
    state = run([{ type: 'historyLoaded', roomId: 'general', page: 'latest', messages: [m], nextCursor: m.id }], state);
    expect(state.rooms.general).toMatchObject({ loading: null, olderCursor: m.id });
    state = run(
      [
        { type: 'historyRequested', roomId: 'general', page: 'older' },
        { type: 'historyFailed', roomId: 'general', error: 'The chat server can’t be reached.' },
      ],
      state,
    );
    expect(state.rooms.general).toMatchObject({ loading: null, loadError: 'The chat server can’t be reached.', olderCursor: m.id });
  });

  test('unread counts others’ new messages in rooms not open, until opened', () => {
    const state = run([
      { type: 'messageReceived', message: message({ roomId: 'random', text: '1' }) },
      { type: 'messageReceived', message: message({ roomId: 'random', text: 'mine', userId: ann.id }) },
      { type: 'historyLoaded', roomId: 'random', page: 'newer', messages: [message({ roomId: 'random', text: '2' })], nextCursor: null },
      { type: 'historyLoaded', roomId: 'random', page: 'latest', messages: [message({ roomId: 'random', text: 'old' })], nextCursor: null },
      { type: 'messageReceived', message: message({ text: 'in the open room' }) },
    ]);
    expect(state.rooms.random!.unread).toBe(2);
    expect(state.rooms.general!.unread).toBe(0);
    expect(run([{ type: 'roomOpened', roomId: 'random' }], state).rooms.random!.unread).toBe(0);
  });

  test('typing shows for a few seconds, ends with the typist’s message, and never for oneself', () => {
    const bob = { id: 'bob-id', username: 'bob' };
    let state = run([
      { type: 'userTyping', roomId: 'general', user: bob, at: 1_000 },
      { type: 'userTyping', roomId: 'general', user: { id: 'cy-id', username: 'cy' }, at: 2_000 },
      { type: 'userTyping', roomId: 'general', user: ann, at: 2_000 },
    ]);
    expect(typingUsernames(state.rooms.general, 2_500)).toEqual(['bob', 'cy']);
    expect(typingUsernames(state.rooms.general, 5_500)).toEqual(['cy']);
    state = run([{ type: 'messageReceived', message: message({ text: 'done', userId: 'cy-id', username: 'cy' }) }], state);
    expect(typingUsernames(state.rooms.general, 2_500)).toEqual(['bob']);
  });

  test('typing sentences', () => {
    expect(typingSentence([])).toBe('');
    expect(typingSentence(['bob'])).toBe('bob is typing…');
    expect(typingSentence(['ann', 'bob'])).toBe('ann and bob are typing…');
    expect(typingSentence(['ann', 'bob', 'cy'])).toBe('3 people are typing…');
  });
});
