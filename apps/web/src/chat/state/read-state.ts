// The user's read state, kept in the rooms.list cache (the server's RoomSummary: unread and
// mentions survive a reload and count what arrived while logged out) and kept live here: a new
// message by someone else counts at once; `readUpdated` (reading on another device) and the
// answers of markRead move the read position; what only the server can count again (a delete
// of an unread message, a read position short of the end) refetches rooms.list, at most once a
// second. The open room is marked read (debounced) while it is shown. No React here.
import type { Message, ReadState, RoomSummary } from '@chat/contract';
import type { ChatSocket } from '@chat/contract/socket';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { feedLeavesCountsUnknown, readLeavesCountsUnknown, withFeedMessage, withReadSeq } from './room-summaries.ts';

export interface ReadTrackerOptions {
  selfId: string;
  socket: ChatSocket;
  queryClient: QueryClient;
  /** trpc.rooms.list.queryKey() */
  roomsKey: QueryKey;
  markRead: (input: { roomId: string; seq: number }) => Promise<ReadState>;
  /** How long reading settles before markRead goes out. */
  debounceMs?: number;
  /** Refetches of rooms.list at most this often. */
  refetchIntervalMs?: number;
}

export interface ReadTracker {
  /** The room shown to the reader (open, and the tab visible), or null: its new messages are read as they come. */
  setReading(roomId: string | null): void;
  /** The reader has seen the room up to `seq`: marks it read on the server, debounced. */
  read(roomId: string, seq: number): void;
  /** Counts the server has to tell again: refetches rooms.list (throttled). */
  recount(): void;
  dispose(): void;
}

export function createReadTracker(options: ReadTrackerOptions): ReadTracker {
  const { selfId, socket, queryClient, roomsKey } = options;
  const debounceMs = options.debounceMs ?? 300;
  const refetchIntervalMs = options.refetchIntervalMs ?? 1_000;
  let reading: string | null = null;
  let disposed = false;

  const summaries = () => queryClient.getQueryData<RoomSummary[]>(roomsKey);
  const update = (next: (s: RoomSummary[] | undefined) => RoomSummary[] | undefined) =>
    queryClient.setQueryData<RoomSummary[]>(roomsKey, next);

  // ---- refetching rooms.list, throttled (leading, and one trailing call for what came meanwhile) ----
  let lastRefetch = -Infinity;
  let refetchTimer: ReturnType<typeof setTimeout> | undefined;
  function recount(): void {
    if (disposed || refetchTimer !== undefined) return;
    const wait = lastRefetch + refetchIntervalMs - Date.now();
    const run = () => {
      refetchTimer = undefined;
      lastRefetch = Date.now();
      void queryClient.invalidateQueries({ queryKey: roomsKey, exact: true });
    };
    if (wait <= 0) run();
    else refetchTimer = setTimeout(run, wait);
  }

  function moveReadSeq(roomId: string, readSeq: number): void {
    const unknown = readLeavesCountsUnknown(summaries(), roomId, readSeq);
    update((s) => withReadSeq(s, roomId, readSeq));
    if (unknown) recount();
  }

  // ---- marking read, debounced per room ----
  const pending = new Map<string, { seq: number; timer: ReturnType<typeof setTimeout> }>();
  /** room -> the highest seq sent to markRead (so the same position is not sent twice). */
  const sent = new Map<string, number>();

  function flush(roomId: string): void {
    const entry = pending.get(roomId);
    pending.delete(roomId);
    if (!entry || disposed) return;
    const { seq } = entry;
    sent.set(roomId, Math.max(sent.get(roomId) ?? 0, seq));
    options.markRead({ roomId, seq }).then(
      (answer) => {
        if (!disposed) moveReadSeq(answer.roomId, answer.readSeq);
      },
      (err: unknown) => {
        if (sent.get(roomId) === seq) sent.delete(roomId); // the next read tries again
        console.warn(`chat: marking ${roomId} read failed: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }

  function read(roomId: string, seq: number): void {
    const summary = summaries()?.find((s) => s.room.id === roomId);
    if (!summary) return; // not a room of the list (yet): nothing to clear
    if ((sent.get(roomId) ?? -1) >= seq) return; // sent already (its answer or a refetch brings the counts)
    if (seq <= summary.readSeq && summary.unread === 0 && summary.mentions === 0) return;
    const entry = pending.get(roomId);
    if (entry && entry.seq >= seq) return;
    clearTimeout(entry?.timer);
    pending.set(roomId, { seq, timer: setTimeout(() => flush(roomId), debounceMs) });
  }

  function onFeedMessage(message: Message): void {
    // A list in flight may have been read before this message: its answer would undo the count.
    const inFlight = queryClient.getQueryState(roomsKey)?.fetchStatus === 'fetching';
    if (inFlight || feedLeavesCountsUnknown(summaries(), message, selfId)) recount();
    update((s) => withFeedMessage(s, message, selfId, { read: message.roomId === reading }));
  }

  // Back after a break: messages of rooms not resumed on the new connection were missed meanwhile.
  let wasLive = socket.status === 'live';
  let lostConnection = false;
  const unsubscribe = [
    socket.onStatus((status) => {
      if (wasLive && status !== 'live') lostConnection = true;
      if (status === 'live' && lostConnection) {
        lostConnection = false;
        recount();
      }
      wasLive = status === 'live';
    }),
    socket.on('message', ({ message }) => onFeedMessage(message)),
    socket.on('readUpdated', ({ roomId, readSeq }) => moveReadSeq(roomId, readSeq)),
  ];

  return {
    setReading(roomId) {
      reading = roomId;
    },
    read,
    recount,
    dispose() {
      disposed = true;
      for (const off of unsubscribe) off();
      for (const { timer } of pending.values()) clearTimeout(timer);
      pending.clear();
      clearTimeout(refetchTimer);
    },
  };
}
