import type { HistoryQuery, MessagePage } from '@chat/contract';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeSocket, message } from '../test-support/fakes.ts';
import { createChatController } from './chat-controller.ts';
import { initialChatState, type OutgoingMessage } from './state/chat-reducer.ts';
import { createChatStore } from './state/chat-store.ts';

const ann = { id: 'ann-id', username: 'ann' };

function setup(options: { status?: 'live' | 'reconnecting'; outbox?: OutgoingMessage[]; pages?: (q: HistoryQuery) => MessagePage } = {}) {
  const fake = fakeSocket(options.status ?? 'live');
  const store = createChatStore(initialChatState(ann, 'general', options.outbox));
  const queries: HistoryQuery[] = [];
  let ids = 0;
  const controller = createChatController({
    store,
    socket: fake.socket,
    initialRoomId: 'general',
    fetchHistory: async (query) => {
      queries.push(query);
      return options.pages?.(query) ?? { messages: [], nextCursor: null };
    },
    describeError: () => 'failed',
    newClientMsgId: () => `c${++ids}`,
  });
  const ack = (clientMsgId: string, text: string) =>
    fake.emit({ type: 'ack', clientMsgId, message: message({ text, clientMsgId, userId: ann.id, username: 'ann' }) });
  return { fake, store, controller, queries, ack };
}

afterEach(() => vi.useRealTimers());

describe('sending', () => {
  test('one message in flight per room: the next goes out after the ack, in the order typed', () => {
    const { fake, controller, ack, store } = setup();
    controller.send('general', '  one  ');
    controller.send('general', 'two');
    controller.send('random', 'elsewhere');
    controller.send('general', 'three');
    expect(fake.sentOf('sendMessage').map((a) => a.text)).toEqual(['one', 'elsewhere']);
    ack('c1', 'one');
    expect(fake.sentOf('sendMessage').map((a) => a.text)).toEqual(['one', 'elsewhere', 'two']);
    ack('c2', 'two');
    expect(fake.sentOf('sendMessage').map((a) => a.text)).toEqual(['one', 'elsewhere', 'two', 'three']);
    expect(store.getState().outbox.map((o) => o.text)).toEqual(['elsewhere', 'three']);
  });

  test('an error frame fails the message with a sentence; retry sends the same clientMsgId again', () => {
    const { fake, controller, store } = setup();
    controller.send('general', 'hello');
    fake.emit({ type: 'error', code: 'RATE_LIMITED', message: 'slow down', clientMsgId: 'c1', action: 'sendMessage' });
    expect(store.getState().outbox[0]).toMatchObject({ status: 'failed', error: 'You are sending messages too fast. Wait a moment, then retry.' });
    controller.retry('c1');
    expect(fake.sentOf('sendMessage').map((a) => a.clientMsgId)).toEqual(['c1', 'c1']);
    expect(store.getState().outbox[0]!.status).toBe('pending');
  });

  test('FORBIDDEN (the send overtook the join) joins the room again', () => {
    const { fake, controller } = setup();
    controller.send('design', 'hello');
    fake.emit({ type: 'error', code: 'FORBIDDEN', message: 'Join first', clientMsgId: 'c1', action: 'sendMessage' });
    expect(fake.sentOf('joinRoom')).toEqual([{ action: 'joinRoom', roomId: 'design' }]);
  });

  test('an unconfirmed message fails after a while, but only while live: offline it just waits', () => {
    vi.useFakeTimers();
    const { fake, controller, store } = setup({ status: 'reconnecting' });
    controller.send('general', 'later');
    vi.advanceTimersByTime(60_000);
    expect(store.getState().outbox[0]!.status).toBe('pending');
    fake.setStatus('live');
    vi.advanceTimersByTime(9_999);
    expect(store.getState().outbox[0]!.status).toBe('pending');
    vi.advanceTimersByTime(1);
    expect(store.getState().outbox[0]).toMatchObject({ status: 'failed', error: 'Not sent: the server did not confirm it in time.' });
  });

  test('messages still pending from before a reload go out again', () => {
    const restored: OutgoingMessage = { clientMsgId: 'old', roomId: 'general', text: 'from before', createdAt: 1, status: 'pending', error: null };
    const { fake } = setup({ outbox: [restored] });
    expect(fake.sentOf('sendMessage')).toEqual([{ action: 'sendMessage', roomId: 'general', text: 'from before', clientMsgId: 'old' }]);
  });

  test('typing is sent at most every 2.5 s per room', () => {
    vi.useFakeTimers();
    const { fake, controller } = setup();
    for (let i = 0; i < 10; i++) {
      controller.typing('general');
      vi.advanceTimersByTime(500);
    }
    expect(fake.sentOf('typing')).toHaveLength(2);
  });
});

describe('message actions (shims until the new state layer)', () => {
  test('a reply goes out with its replyTo', () => {
    const { fake, controller } = setup();
    controller.send('general', 'yes', { replyTo: 'P1' });
    expect(fake.sentOf('sendMessage')).toMatchObject([{ text: 'yes', replyTo: 'P1' }]);
  });

  test('applyMessage puts a mutation’s answer in place, unless a later state came first', () => {
    const { controller, store } = setup();
    const original = message({ text: 'first', seq: 4 });
    controller.applyMessage(original);
    controller.applyMessage({ ...original, text: 'edited', editedAt: 1, seq: 6 });
    controller.applyMessage({ ...original, text: 'stale', seq: 5 });
    expect(store.getState().rooms.general!.messages.map((m) => m.text)).toEqual(['edited']);
  });

  test('a changed message from the socket is announced with the state it replaces; a state already shown is not', () => {
    const { fake, controller } = setup();
    const heard: { text: string; previous: string | undefined }[] = [];
    controller.onAnnouncement(({ message: m, previous }) => heard.push({ text: m.text, previous: previous?.text }));
    const original = message({ text: 'first', seq: 4 });
    fake.emit({ type: 'message', message: original });
    fake.emit({ type: 'message', message: { ...original, text: 'second', editedAt: 1, seq: 5 } });
    fake.emit({ type: 'message', message: { ...original, text: 'second', editedAt: 1, seq: 5 } });
    expect(heard).toEqual([
      { text: 'first', previous: undefined },
      { text: 'second', previous: 'first' },
    ]);
  });
});

describe('history', () => {
  test('opening a room loads its latest page; scrolling back asks for the page before the cursor', async () => {
    const older = message({ text: 'older' });
    const newest = message({ text: 'newest' });
    const { controller, store, queries } = setup({
      pages: (q) => (q.before ? { messages: [older], nextCursor: null } : { messages: [newest], nextCursor: newest.id }),
    });
    controller.open('general');
    await vi.waitFor(() => expect(store.getState().rooms.general!.messages).toHaveLength(1));
    controller.loadOlder('general');
    await vi.waitFor(() => expect(store.getState().rooms.general!.messages.map((m) => m.text)).toEqual(['older', 'newest']));
    expect(queries).toEqual([
      { roomId: 'general', limit: 50 },
      { roomId: 'general', before: newest.id, limit: 50 },
    ]);
    expect(store.getState().rooms.general!.olderCursor).toBeNull();
  });

  test('when a room’s subscription is (re)established, what was stored since the newest shown message is fetched', async () => {
    const shown = message({ text: 'shown' });
    const missed = [message({ text: 'missed 1' }), message({ text: 'missed 2' })];
    const { fake, controller, store, queries } = setup({
      pages: (q) => (q.after ? { messages: [...missed].reverse(), nextCursor: null } : { messages: [shown], nextCursor: null }),
    });
    controller.open('general');
    await vi.waitFor(() => expect(store.getState().rooms.general!.messages).toHaveLength(1));
    fake.setStatus('reconnecting');
    fake.setStatus('live');
    fake.emit({ type: 'presence', roomId: 'general', users: [ann] });
    fake.emit({ type: 'presence', roomId: 'general', users: [ann, { id: 'bob-id', username: 'bob' }] }); // only the first counts
    await vi.waitFor(() => expect(store.getState().rooms.general!.messages.map((m) => m.text)).toEqual(['shown', 'missed 1', 'missed 2']));
    expect(queries.filter((q) => q.after)).toEqual([{ roomId: 'general', after: shown.id, limit: 100 }]);
    expect(store.getState().rooms.general!.online).toHaveLength(2);
  });

  test('a live message that overtakes the re-join does not hide what was stored before it', async () => {
    const shown = message({ text: 'shown' });
    const missed = message({ text: 'stored while away' });
    const overtaking = message({ text: 'arrived live before the join completed' });
    const { fake, controller, store, queries } = setup({
      pages: (q) => (q.after ? { messages: [overtaking, missed], nextCursor: null } : { messages: [shown], nextCursor: null }),
    });
    controller.open('general');
    await vi.waitFor(() => expect(store.getState().rooms.general!.messages).toHaveLength(1));
    fake.setStatus('reconnecting');
    fake.setStatus('live');
    fake.emit({ type: 'message', message: overtaking });
    fake.emit({ type: 'presence', roomId: 'general', users: [ann] });
    await vi.waitFor(() => expect(store.getState().rooms.general!.messages).toHaveLength(3));
    expect(queries.filter((q) => q.after)).toEqual([{ roomId: 'general', after: shown.id, limit: 100 }]);
    expect(store.getState().rooms.general!.messages.map((m) => m.text)).toEqual([
      'shown',
      'stored while away',
      'arrived live before the join completed',
    ]);
  });

  test('a room that failed to load (offline, say) loads again once the socket is live again', async () => {
    let failing = true;
    const { fake, controller, store, queries } = setup({
      pages: () => {
        if (failing) throw new Error('offline');
        return { messages: [message({ text: 'hello' })], nextCursor: null };
      },
    });
    controller.open('general');
    await vi.waitFor(() => expect(store.getState().rooms.general?.loadError).toBe('failed'));
    fake.setStatus('offline');
    failing = false;
    fake.setStatus('live');
    await vi.waitFor(() => expect(store.getState().rooms.general?.messages.map((m) => m.text)).toEqual(['hello']));
    expect(store.getState().rooms.general?.loadError).toBeNull();
    expect(queries).toHaveLength(2);
  });

    test('new messages from others are announced; one’s own are not', () => {
    const { fake, controller } = setup();
    const heard: string[] = [];
    controller.onAnnouncement(({ message: m }) => heard.push(m.text));
    fake.emit({ type: 'message', message: message({ text: 'from bob' }) });
    fake.emit({ type: 'message', message: message({ text: 'mine', userId: ann.id }) });
    expect(heard).toEqual(['from bob']);
  });
});
