import type { Message, MessagePage } from '@chat/contract';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeSocket, message, summary } from '../test-support/fakes.ts';
import { createChatController, type Announcement, type ChatStores } from './chat-controller.ts';
import { messagesOldestFirst } from './state/message-cache.ts';
import type { OutgoingMessage } from './state/outbox.ts';
import type { FetchHistory } from './state/room-history.ts';
import { createStore } from './state/store.ts';

const ann = { id: 'ann-id', username: 'ann' };
const bob = { id: 'bob-id', username: 'bob' };

function setup(options: { status?: 'live' | 'reconnecting'; outbox?: OutgoingMessage[]; page?: MessagePage; fetchHistory?: FetchHistory } = {}) {
  const fake = fakeSocket(options.status ?? 'live');
  const queryClient = new QueryClient();
  const stores: ChatStores = {
    outbox: createStore(options.outbox ?? []),
    online: createStore({}),
    typing: createStore({}),
  };
  let ids = 0;
  const controller = createChatController({
    self: ann,
    stores,
    socket: fake.socket,
    queryClient,
    initialRoomId: 'general',
    fetchHistory: options.fetchHistory ?? (async () => options.page ?? { messages: [], nextCursor: null }),
    newClientMsgId: () => `c${++ids}`,
  });
  const ack = (clientMsgId: string, text: string) => {
    const stored = message({ text, clientMsgId, userId: ann.id, username: 'ann' });
    fake.emit({ type: 'ack', clientMsgId, message: stored });
    fake.emit({ type: 'message', message: stored }); // the socket emits the acked state as a message too
  };
  const load = (roomId = 'general') => queryClient.fetchInfiniteQuery(controller.historyOptions(roomId));
  const stored = (roomId = 'general') => messagesOldestFirst(queryClient.getQueryData(controller.historyOptions(roomId).queryKey));
  const shown = (roomId = 'general') => stored(roomId).map((m) => m.text);
  return { fake, stores, controller, ack, load, stored, shown, queryClient };
}

afterEach(() => vi.useRealTimers());

describe('sending', () => {
  test('one message in flight per room: the next goes out after the ack, in the order typed', () => {
    const { fake, controller, ack, stores } = setup();
    controller.send('general', '  one  ');
    controller.send('general', 'two');
    controller.send('random', 'elsewhere');
    controller.send('general', 'three', { replyTo: 'parent-id' });
    expect(fake.sentOf('sendMessage').map((a) => a.text)).toEqual(['one', 'elsewhere']);
    ack('c1', 'one');
    expect(fake.sentOf('sendMessage').map((a) => a.text)).toEqual(['one', 'elsewhere', 'two']);
    ack('c2', 'two');
    expect(fake.sentOf('sendMessage').at(-1)).toEqual({ action: 'sendMessage', roomId: 'general', text: 'three', clientMsgId: 'c4', replyTo: 'parent-id' });
    expect(stores.outbox.get().map((o) => o.text)).toEqual(['elsewhere', 'three']);
  });

  test('an error frame fails the message with a sentence; retry sends the same clientMsgId again', () => {
    const { fake, controller, stores } = setup();
    controller.send('general', 'hello');
    fake.emit({ type: 'error', code: 'RATE_LIMITED', message: 'slow down', clientMsgId: 'c1', action: 'sendMessage' });
    expect(stores.outbox.get()[0]).toMatchObject({ status: 'failed', error: 'You are sending messages too fast. Wait a moment, then retry.' });
    controller.retry('c1');
    expect(fake.sentOf('sendMessage').map((a) => a.clientMsgId)).toEqual(['c1', 'c1']);
    expect(stores.outbox.get()[0]!.status).toBe('pending');
    expect(controller.discard('c1')?.text).toBe('hello');
    expect(stores.outbox.get()).toEqual([]);
  });

  test('FORBIDDEN (the send overtook the join) joins the room again', () => {
    const { fake, controller } = setup();
    controller.send('design', 'hello');
    fake.emit({ type: 'error', code: 'FORBIDDEN', message: 'Join first', clientMsgId: 'c1', action: 'sendMessage' });
    expect(fake.sentOf('joinRoom')).toEqual([{ action: 'joinRoom', roomId: 'design' }]);
  });

  test('an unconfirmed message fails after a while, but only while live: offline it just waits', () => {
    vi.useFakeTimers();
    const { fake, controller, stores } = setup({ status: 'reconnecting' });
    controller.send('general', 'later');
    vi.advanceTimersByTime(60_000);
    expect(stores.outbox.get()[0]!.status).toBe('pending');
    fake.setStatus('live');
    vi.advanceTimersByTime(9_999);
    expect(stores.outbox.get()[0]!.status).toBe('pending');
    vi.advanceTimersByTime(1);
    expect(stores.outbox.get()[0]).toMatchObject({ status: 'failed', error: 'Not sent: the server did not confirm it in time.' });
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

describe('history and the socket', () => {
  test('once the latest page has landed, the room is joined since its highest seq, unless the socket already followed it', async () => {
    const page = { messages: [message({ text: 'b', seq: 7 }), message({ text: 'a', seq: 9 })], nextCursor: null };
    const { fake, load } = setup({ page });
    await load();
    expect(fake.sentOf('joinRoom')).toEqual([{ action: 'joinRoom', roomId: 'general', since: 9 }]);
    fake.setLastSeq('design', 4); // its feed reached the socket before the page was read
    await load('design');
    expect(fake.sentOf('joinRoom')).toHaveLength(1);
  });

  test('a latest page read while the socket began to follow the room is read again, inside the feed', async () => {
    const fake = fakeSocket();
    const reads: string[] = [];
    const controller = createChatController({
      self: ann,
      stores: { outbox: createStore([]), online: createStore({}), typing: createStore({}) },
      socket: fake.socket,
      queryClient: new QueryClient(),
      initialRoomId: 'general',
      fetchHistory: async (query) => {
        reads.push(query.roomId);
        fake.setLastSeq('general', 12); // its joined came while the page was on its way
        return { messages: [message({ text: reads.length === 1 ? 'read before' : 'read again' })], nextCursor: null };
      },
    });
    const data = await new QueryClient().fetchInfiniteQuery(controller.historyOptions('general'));
    expect(reads).toEqual(['general', 'general']);
    expect(data.pages[0]!.messages.map((m) => m.text)).toEqual(['read again']);
    expect(fake.sentOf('joinRoom')).toEqual([]);
  });

  test('new and changed states from the socket go into the loaded history; deleted ones stay', async () => {
    const first = message({ text: 'first' });
    const { fake, load, shown } = setup({ page: { messages: [first], nextCursor: null } });
    await load();
    const second = message({ text: 'second' });
    fake.emit({ type: 'message', message: second });
    fake.emit({ type: 'message', message: { ...first, text: 'first (edited)', editedAt: 5, seq: second.seq + 1 } });
    fake.emit({ type: 'message', message: { ...second, text: '', deletedAt: 6, seq: second.seq + 2 } });
    fake.emit({ type: 'message', message: second }); // an older state, late: ignored
    expect(shown()).toEqual(['first (edited)', '']);
  });

  test('applyMessage (a mutation’s answer) keeps the higher seq, whichever comes first', async () => {
    const original = message({ text: 'hello' });
    const { fake, controller, load, stored } = setup({ page: { messages: [original], nextCursor: null } });
    await load();
    const edited: Message = { ...original, text: 'hello, edited', editedAt: 1, seq: original.seq + 1 };
    const reacted: Message = { ...edited, reactions: [{ emoji: '👍', userIds: [bob.id] }], seq: original.seq + 2 };
    fake.emit({ type: 'message', message: reacted });
    controller.applyMessage(edited);
    expect(stored()).toEqual([reacted]);
    controller.applyMessage({ ...reacted, reactions: [], seq: reacted.seq + 1 });
    expect(stored()[0]!.reactions).toEqual([]);
  });

  test('opening a room focuses it (its read state lives in the read tracker: state/read-state.ts)', () => {
    const { fake, controller } = setup();
    controller.open('design');
    controller.open('design');
    expect(fake.sentOf('joinRoom')).toEqual([{ action: 'joinRoom', roomId: 'design' }]);
  });

  test('only the open room is focused: opening one unfocuses the one before; reopening the open one sends nothing', () => {
    const { fake, controller } = setup();
    controller.open('general'); // focused by the socket on connect already
    expect(fake.sent).toEqual([]);
    controller.open('design');
    controller.open('random');
    expect(fake.sent).toEqual([
      { action: 'leaveRoom', roomId: 'general' },
      { action: 'joinRoom', roomId: 'design' },
      { action: 'leaveRoom', roomId: 'design' },
      { action: 'joinRoom', roomId: 'random' },
    ]);
  });

  test('others’ new messages and changes are announced (with the state before); one’s own are not', async () => {
    const shownBefore = message({ text: 'old' });
    const { fake, controller, load } = setup({ page: { messages: [shownBefore], nextCursor: null } });
    await load();
    const heard: Announcement[] = [];
    controller.onAnnouncement((a) => heard.push(a));
    const fresh = message({ text: 'from bob' });
    const edit = { ...shownBefore, text: 'old (edited)', editedAt: 1, seq: fresh.seq + 1 };
    fake.emit({ type: 'message', message: fresh });
    fake.emit({ type: 'message', message: edit });
    fake.emit({ type: 'message', message: edit }); // once
    fake.emit({ type: 'message', message: message({ text: 'mine', userId: ann.id }) });
    expect(heard).toEqual([
      { roomId: 'general', message: fresh },
      { roomId: 'general', message: edit, previous: shownBefore },
    ]);
  });

  test('typing shows until the typist’s message arrives', () => {
    const { fake, stores } = setup();
    fake.emit({ type: 'typing', roomId: 'general', user: bob });
    fake.emit({ type: 'typing', roomId: 'general', user: ann }); // never oneself
    expect(Object.keys(stores.typing.get().general ?? {})).toEqual([bob.id]);
    fake.emit({ type: 'message', message: message({ text: 'done typing', userId: bob.id }) });
    expect(stores.typing.get().general).toEqual({});
    const cy = { id: 'cy-id', username: 'cy' };
    fake.emit({ type: 'typing', roomId: 'general', user: cy, users: [bob, cy, ann] }); // one frame per window
    expect(Object.keys(stores.typing.get().general ?? {}).sort()).toEqual([bob.id, cy.id]);
  });

  test('presence: the full list from joined, then deltas', () => {
    const { fake, stores } = setup();
    const cy = { id: 'cy-id', username: 'cy' };
    fake.emit({ type: 'joined', roomId: 'general', seq: 3, changes: [], hasMore: false, users: [ann, bob], online: 2 });
    fake.emit({ type: 'presence', roomId: 'general', joined: [cy], left: [bob] });
    expect(stores.online.get().general).toEqual([ann, cy]);
    fake.emit({ type: 'presence', roomId: 'general', users: [bob] }); // a full list replaces
    expect(stores.online.get().general).toEqual([bob]);
  });

  test('a history read before the join landed (FORBIDDEN) is read again once the join is known: `joined`, or a `room` frame', async () => {
    let member = false;
    const { fake, controller, queryClient } = setup({
      fetchHistory: async () => {
        if (!member) throw new Error('FORBIDDEN');
        return { messages: [], nextCursor: null };
      },
    });
    const joins = {
      lobby: () => fake.emit({ type: 'joined', roomId: 'lobby', seq: 0, changes: [], hasMore: false, users: [], online: 0 }),
      design: () => fake.emit({ type: 'room', summary: summary({ id: 'design' }) }),
    };
    for (const [roomId, join] of Object.entries(joins)) {
      member = false;
      const { queryKey } = controller.historyOptions(roomId);
      await queryClient.fetchInfiniteQuery({ ...controller.historyOptions(roomId), retry: false }).catch(() => {});
      expect(queryClient.getQueryState(queryKey)?.status).toBe('error');
      member = true;
      join();
      await vi.waitFor(() => expect(queryClient.getQueryState(queryKey)?.status).toBe('success'));
    }
  });

  test('a room whose history failed to load loads again once the socket is live again', async () => {
    const { fake, controller, queryClient, shown } = setup();
    let failing = true;
    const options = controller.historyOptions('general');
    const fetchHistory = options.queryFn;
    await queryClient
      .fetchInfiniteQuery({
        ...options,
        retry: false,
        queryFn: (ctx) => (failing ? Promise.reject(new Error('offline')) : fetchHistory!(ctx)),
      })
      .catch(() => {});
    expect(queryClient.getQueryState(options.queryKey)?.status).toBe('error');
    failing = false;
    fake.setStatus('offline');
    fake.setStatus('live');
    await vi.waitFor(() => expect(queryClient.getQueryState(options.queryKey)?.status).toBe('success'));
    expect(shown()).toEqual([]);
  });
});

