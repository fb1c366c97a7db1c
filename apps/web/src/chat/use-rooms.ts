// The caller's rooms (rooms.list) as views read them, and the ways views change that cache.
import type { PublicUser, Room } from '@chat/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useTRPC } from '../trpc.ts';
import { useChat } from './chat-context.ts';
import { groupRooms, removeSummary, updateRoomSummaries, upsertRoom, upsertSummary } from './state/room-summaries.ts';

/** rooms.list, kept live by `room` / `roomLeft` frames (no polling). */
export function useRoomSummaries() {
  const trpc = useTRPC();
  const { self } = useChat();
  const query = useQuery(trpc.rooms.list.queryOptions());
  const groups = useMemo(() => groupRooms(query.data ?? [], self.id), [query.data, self.id]);
  return { query, ...groups };
}

/** Writes to the rooms.list cache from a mutation's answer. */
export function useRoomsCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMemo(() => {
    const key = trpc.rooms.list.queryKey();
    return {
      upsertRoom: (room: Room, members?: PublicUser[]) => updateRoomSummaries(queryClient, key, (list) => upsertRoom(list, room, members)),
      remove: (roomId: string) => updateRoomSummaries(queryClient, key, (list) => removeSummary(list, roomId)),
    };
  }, [trpc, queryClient]);
}

/**
 * `room` frames (a room created, joined, an invite, a DM someone opened, a rename) upsert their
 * summary; `roomLeft` calls `onLeft` with its id, then removes it.
 */
export function useRoomFrames(onLeft: (roomId: string) => void): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { socket } = useChat();
  const left = useRef(onLeft);
  left.current = onLeft;
  useEffect(() => {
    const key = trpc.rooms.list.queryKey();
    const offRoom = socket.on('room', ({ summary }) => updateRoomSummaries(queryClient, key, (list) => upsertSummary(list, summary)));
    const offLeft = socket.on('roomLeft', ({ roomId }) => {
      left.current(roomId); // first: a room missing from the list while open would be joined again
      updateRoomSummaries(queryClient, key, (list) => removeSummary(list, roomId));
    });
    return () => {
      offRoom();
      offLeft();
    };
  }, [socket, trpc, queryClient]);
}
