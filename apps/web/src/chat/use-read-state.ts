// What views read of the read state: the rooms' summaries (rooms.list, kept live by the read
// tracker), muted rooms, whether the page is shown, and the open room's reading.
import type { Message, RoomSummary } from '@chat/contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTRPC } from '../trpc.ts';
import { useChat } from './chat-context.ts';
import { unreadTotal } from './state/badges.ts';
import { useStore } from './state/store.ts';

const subscribeVisibility = (listener: () => void) => {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
};

/** Whether the tab is shown (document.visibilityState): a hidden tab reads nothing. */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}

/**
 * The part of the rooms.list cache `select` picks (re-renders only when it changes). A badge
 * mounting does not read the list again: the read tracker keeps it current.
 */
export function useSummaries<T>(select: (summaries: RoomSummary[]) => T): T | undefined {
  const trpc = useTRPC();
  return useQuery({ ...trpc.rooms.list.queryOptions(), select, refetchOnMount: false }).data;
}

export function useRoomSummary(roomId: string): RoomSummary | undefined {
  return useSummaries(useCallback((summaries: RoomSummary[]) => summaries.find((s) => s.room.id === roomId), [roomId]));
}

export function useMuted(roomId: string): boolean {
  return useStore(useChat().muted.store, (muted) => muted.has(roomId));
}

/** What asks for the reader in every room but `exceptRoomId`: unread messages, and mentions in muted rooms. */
export function useUnreadTotal(exceptRoomId: string | null): number {
  const muted = useStore(useChat().muted.store, (m) => m);
  const select = useCallback((summaries: RoomSummary[]) => unreadTotal(summaries, muted, exceptRoomId), [exceptRoomId, muted]);
  return useSummaries(select) ?? 0;
}

/**
 * Reads the open room while the tab is shown: its new messages are not counted, and it is
 * marked read up to the highest seq loaded (the tracker debounces). Answers the room's unread
 * count as it was when the room was opened (undefined until rooms.list has it), for the
 * "New messages" divider; that stays while the room is open.
 */
export function useReadTracking(roomId: string, stored: readonly Message[], loaded: boolean): number | undefined {
  const { readState, socket } = useChat();
  const visible = usePageVisible();
  const summary = useRoomSummary(roomId);
  const [unreadAtOpen, setUnreadAtOpen] = useState(summary?.unread);
  if (unreadAtOpen === undefined && summary) setUnreadAtOpen(summary.unread); // once, before it is marked read
  const seq = useMemo(() => stored.reduce((max, m) => Math.max(max, m.seq), 0), [stored]);

  useEffect(() => {
    if (!visible) return;
    readState.setReading(roomId);
    return () => readState.setReading(null);
  }, [readState, roomId, visible]);
  useEffect(() => {
    if (!visible || !loaded || unreadAtOpen === undefined) return;
    readState.read(roomId, Math.max(seq, socket.lastSeq(roomId) ?? 0));
  }, [readState, socket, roomId, visible, loaded, unreadAtOpen, seq]);
  return unreadAtOpen;
}
