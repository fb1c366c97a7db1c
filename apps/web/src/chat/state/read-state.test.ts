import type { ReadState, RoomSummary } from '@chat/contract';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeSocket, message } from '../../test-support/fakes.ts';
import { createReadTracker } from './read-state.ts';

const key = [['rooms', 'list'], { type: 'query' }];
const self = 'ann-id';
const room = (id: string) => ({ id, name: id, kind: 'public' as const, topic: '', createdAt: 1, createdBy: 'x', archived: false });
const summary = (id: string, fields: Partial<RoomSummary> = {}): RoomSummary => ({ room: room(id), lastSeq: 10, readSeq: 10, unread: 0, mentions: 0, ...fields });

function setup(summaries: RoomSummary[], answer: (input: { roomId: string; seq: number }) => Promise<ReadState> = async ({ roomId, seq }) => ({ roomId, readSeq: seq })) {
  const fake = fakeSocket('live');
  const queryClient = new QueryClient();
  let fetches = 0;
  let served = summaries;
  queryClient.setQueryData(key, summaries);
  // Observed, as the sidebar observes rooms.list: invalidating it refetches.
  const observer = new QueryObserver(queryClient, {
    queryKey: key,
    queryFn: async () => {
      fetches++;
      return served;
    },
    staleTime: Infinity,
  });
  const unsubscribe = observer.subscribe(() => {});
  const markRead = vi.fn(answer);
  const tracker = createReadTracker({ selfId: self, socket: fake.socket, queryClient, roomsKey: key, markRead, debounceMs: 300, refetchIntervalMs: 1_000 });
  const get = (id: string) => queryClient.getQueryData<RoomSummary[]>(key)!.find((s) => s.room.id === id)!;
  return {
    fake,
    queryClient,
    tracker,
    markRead,
    get,
    fetches: () => fetches,
    serve: (next: RoomSummary[]) => (served = next),
    dispose: () => {
      unsubscribe();
      tracker.dispose();
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('live counts', () => {
  test('a message by someone else in another room counts at once; in the room being read it does not', () => {
    const { fake, tracker, get } = setup([summary('general'), summary('design')]);
    tracker.setReading('general');
    fake.emit({ type: 'message', message: message({ text: 'there', roomId: 'design', seq: 11 }) });
    fake.emit({ type: 'message', message: message({ text: 'here', roomId: 'general', seq: 11 }) });
    expect(get('design')).toMatchObject({ unread: 1, lastSeq: 11 });
    expect(get('general')).toMatchObject({ unread: 0, lastSeq: 11 });
    tracker.setReading(null); // the tab hidden: the open room is not read any more
    fake.emit({ type: 'message', message: message({ text: 'while away', roomId: 'general', seq: 12 }) });
    expect(get('general').unread).toBe(1);
  });

  test('readUpdated (another device read it) clears the badge when read to the end', () => {
    const { fake, get } = setup([summary('design', { lastSeq: 14, readSeq: 10, unread: 3, mentions: 1 })]);
    fake.emit({ type: 'readUpdated', roomId: 'design', readSeq: 14 });
    expect(get('design')).toMatchObject({ readSeq: 14, unread: 0, mentions: 0 });
  });

  test('counts only the server knows (read short of the end, an unread message deleted) refetch rooms.list, at most once a second', async () => {
    const { fake, fetches, serve, get } = setup([summary('design', { lastSeq: 14, readSeq: 10, unread: 3 })]);
    serve([summary('design', { lastSeq: 15, readSeq: 12, unread: 1 })]);
    fake.emit({ type: 'readUpdated', roomId: 'design', readSeq: 12 });
    await vi.advanceTimersByTimeAsync(0);
    expect(fetches()).toBe(1);
    expect(get('design')).toMatchObject({ readSeq: 12, unread: 1 });
    fake.emit({ type: 'message', message: message({ text: '', roomId: 'design', seq: 16, deletedAt: 1 }) });
    fake.emit({ type: 'message', message: message({ text: '', roomId: 'design', seq: 17, deletedAt: 1 }) });
    await vi.advanceTimersByTimeAsync(500);
    expect(fetches()).toBe(1); // throttled: one trailing refetch a second after the first
    await vi.advanceTimersByTimeAsync(600);
    expect(fetches()).toBe(2);
  });

  test('back after a lost connection: rooms.list is read again (messages of rooms not resumed were missed)', async () => {
    const { fake, fetches } = setup([summary('design')]);
    fake.setStatus('reconnecting');
    fake.setStatus('live');
    await vi.advanceTimersByTimeAsync(0);
    expect(fetches()).toBe(1);
  });
});

describe('marking read', () => {
  test('debounced: one markRead with the highest seq; its answer clears the counts', async () => {
    const { tracker, markRead, get } = setup([summary('design', { lastSeq: 14, readSeq: 10, unread: 3, mentions: 1 })]);
    tracker.read('design', 12);
    tracker.read('design', 14);
    await vi.advanceTimersByTimeAsync(299);
    expect(markRead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(markRead.mock.calls).toEqual([[{ roomId: 'design', seq: 14 }]]);
    expect(get('design')).toMatchObject({ readSeq: 14, unread: 0, mentions: 0 });
    tracker.read('design', 14); // read already: not sent again
    await vi.advanceTimersByTimeAsync(1_000);
    expect(markRead).toHaveBeenCalledTimes(1);
  });

  test('nothing to mark (read already, or a room not in the list): no call', async () => {
    const { tracker, markRead } = setup([summary('design')]);
    tracker.read('design', 10);
    tracker.read('unknown', 5);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(markRead).not.toHaveBeenCalled();
  });

  test('a failed markRead is tried again on the next read, and crashes nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let fail = true;
    const { tracker, markRead, get } = setup([summary('design', { lastSeq: 12, readSeq: 10, unread: 2 })], async ({ roomId, seq }) => {
      if (fail) throw new Error('offline');
      return { roomId, readSeq: seq };
    });
    tracker.read('design', 12);
    await vi.advanceTimersByTimeAsync(300);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('offline'));
    expect(get('design').unread).toBe(2);
    fail = false;
    tracker.read('design', 12);
    await vi.advanceTimersByTimeAsync(300);
    expect(markRead).toHaveBeenCalledTimes(2);
    expect(get('design').unread).toBe(0);
    warn.mockRestore();
  });

  test('after dispose nothing is sent or written', async () => {
    const { tracker, markRead, fake, get } = setup([summary('design', { lastSeq: 12, readSeq: 10, unread: 2 })]);
    tracker.read('design', 12);
    tracker.dispose();
    fake.emit({ type: 'message', message: message({ text: 'late', roomId: 'design', seq: 13 }) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(markRead).not.toHaveBeenCalled();
    expect(get('design')).toMatchObject({ unread: 2, lastSeq: 12 });
  });
});

test('a message that comes while rooms.list is being read reads it again afterwards (the answer may predate it)', async () => {
  const { fake, queryClient, fetches, serve, get, dispose } = setup([summary('design')]);
  serve([summary('design', { lastSeq: 11, unread: 1 })]);
  const refetch = queryClient.refetchQueries({ queryKey: key, exact: true }); // in flight now
  fake.emit({ type: 'message', message: message({ text: 'meanwhile', roomId: 'design', seq: 11 }) });
  await refetch;
  await vi.advanceTimersByTimeAsync(1_000);
  expect(fetches()).toBe(2);
  expect(get('design')).toMatchObject({ lastSeq: 11, unread: 1 });
  dispose();
});
