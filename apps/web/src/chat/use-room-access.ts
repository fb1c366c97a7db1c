// Whether the open room can be shown: a member's room shows; a room not in rooms.list is joined
// (a public room, from a link) or, when that is refused, shown as not found.
import { GENERAL_ROOM_ID, type RoomSummary } from '@chat/contract';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { describeRequestError, isApiError } from '../lib/errors.ts';
import { useTRPC } from '../trpc.ts';
import { useRoomsCache } from './use-rooms.ts';

export type RoomAccess =
  // rooms.list not loaded yet (most opens are of one's own rooms), or general: shown optimistically.
  | { state: 'loading' }
  | { state: 'member'; summary: RoomSummary }
  | { state: 'joining' }
  | { state: 'missing'; message: string };

const NOT_FOUND = 'It does not exist, or it is private and you are not a member. Ask a member to invite you.';

export function useRoomAccess(roomId: string, summaries: readonly RoomSummary[] | undefined): RoomAccess {
  const trpc = useTRPC();
  const cache = useRoomsCache();
  const join = useMutation(trpc.rooms.join.mutationOptions({ onSuccess: (room) => cache.upsertRoom(room) }));
  const summary = summaries?.find((s) => s.room.id === roomId);
  // Everyone is a member of general (the server repairs a missing membership): never gated.
  const needsJoin = summaries !== undefined && !summary && roomId !== GENERAL_ROOM_ID;
  const { mutate, reset } = join;
  useEffect(() => {
    reset();
    if (needsJoin) mutate({ roomId });
  }, [needsJoin, roomId, mutate, reset]);

  if (summary) return { state: 'member', summary };
  if (!summaries || roomId === GENERAL_ROOM_ID) return { state: 'loading' };
  if (join.isError) {
    const code = isApiError(join.error) ? join.error.data?.code : undefined;
    const refused = code === 'NOT_FOUND' || code === 'FORBIDDEN' || code === 'BAD_REQUEST';
    return { state: 'missing', message: refused ? NOT_FOUND : describeRequestError(join.error) };
  }
  return { state: 'joining' };
}
