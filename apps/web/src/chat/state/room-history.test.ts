import type { HistoryQuery, MessagePage } from '@chat/contract';
import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import { afterEach, expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import { messagesOldestFirst } from './message-cache.ts';
import { createHistorySync, roomHistoryKey, roomHistoryOptions } from './room-history.ts';

/** A history endpoint whose answers the test releases one at a time. */
function heldHistory() {
  const waiting: { query: HistoryQuery; answer: (page: MessagePage) => void }[] = [];
  return {
    waiting,
    fetch: (query: HistoryQuery) => new Promise<MessagePage>((answer) => waiting.push({ query, answer })),
  };
}

const clients: QueryClient[] = [];
function setup() {
  const queryClient = new QueryClient();
  clients.push(queryClient);
  const history = heldHistory();
  const sync = createHistorySync(queryClient);
  const options = roomHistoryOptions('general', history.fetch);
  const shown = () => messagesOldestFirst(queryClient.getQueryData(options.queryKey)).map((m) => m.text);
  return { queryClient, history, sync, options, shown };
}
afterEach(() => {
  for (const client of clients.splice(0)) client.clear();
});

test('a message that arrives while the latest page is loading is there once it has landed', async () => {
  const { queryClient, history, sync, options, shown } = setup();
  const loading = queryClient.fetchInfiniteQuery(options);
  await expect.poll(() => history.waiting.length).toBe(1);
  expect(history.waiting[0]!.query).toEqual({ roomId: 'general', limit: 50 });
  const stored = message({ text: 'stored before the page was read' });
  const live = message({ text: 'stored after the page was read' });
  expect(sync.apply(live)).toBeUndefined(); // nothing loaded yet
  history.waiting[0]!.answer({ messages: [stored], nextCursor: null });
  await loading;
  expect(shown()).toEqual(['stored before the page was read', 'stored after the page was read']);
});

test('a message merged while an older page loads is not lost when that page lands', async () => {
  const { queryClient, history, sync, options, shown } = setup();
  const [older, newest] = [message({ text: 'older' }), message({ text: 'newest' })];
  const first = queryClient.fetchInfiniteQuery(options);
  await expect.poll(() => history.waiting.length).toBe(1);
  history.waiting[0]!.answer({ messages: [newest], nextCursor: 'cursor' });
  await first;

  const query = queryClient.getQueryCache().find({ queryKey: roomHistoryKey('general') })!;
  const nextPage = new InfiniteQueryObserver(queryClient, options).fetchNextPage();
  await expect.poll(() => history.waiting.length).toBe(2);
  expect(history.waiting[1]!.query).toEqual({ roomId: 'general', limit: 50, before: 'cursor' });
  expect(query.state.fetchStatus).toBe('fetching');
  const live = message({ text: 'live, while paging back' });
  const edited = { ...newest, text: 'newest (edited)', editedAt: 1, seq: newest.seq + 100 };
  expect(sync.apply(live)?.result).toBe('added');
  expect(sync.apply(edited)?.result).toBe('changed');
  history.waiting[1]!.answer({ messages: [older], nextCursor: null });
  await nextPage;
  expect(shown()).toEqual(['older', 'newest (edited)', 'live, while paging back']);
});

test('a room with nothing loaded gets no history from a message: its first page will hold it', () => {
  const { queryClient, sync } = setup();
  expect(sync.apply(message({ text: 'elsewhere', roomId: 'random' }))).toBeUndefined();
  expect(queryClient.getQueryCache().getAll()).toEqual([]);
});

test('a new message leaves every loaded message the same object (memoized rows skip them)', async () => {
  const { queryClient, history, sync, options } = setup();
  const loading = queryClient.fetchInfiniteQuery(options);
  await expect.poll(() => history.waiting.length).toBe(1);
  const loaded = ['a', 'b', 'c'].map((text) => message({ text }));
  history.waiting[0]!.answer({ messages: [...loaded].reverse(), nextCursor: null });
  await loading;
  const before = messagesOldestFirst(queryClient.getQueryData(options.queryKey));
  sync.apply(message({ text: 'd' }));
  const after = messagesOldestFirst(queryClient.getQueryData(options.queryKey));
  expect(after.map((m) => m.text)).toEqual(['a', 'b', 'c', 'd']);
  for (const [i, m] of before.entries()) expect(after[i]).toBe(m);
});
