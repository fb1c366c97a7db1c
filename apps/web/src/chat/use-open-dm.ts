// Starts (or reopens: the same people answer the same room) a direct message and opens it.
import type { PublicUser } from '@chat/contract';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';
import { useChat } from './chat-context.ts';
import { useOpenRoom } from './room-navigation.ts';
import { useRoomsCache } from './use-rooms.ts';

export function useOpenDm(onOpened?: () => void) {
  const trpc = useTRPC();
  const { self } = useChat();
  const cache = useRoomsCache();
  const openRoom = useOpenRoom();
  const mutation = useMutation(trpc.rooms.openDm.mutationOptions());
  return {
    mutation,
    open(people: readonly PublicUser[]) {
      mutation.mutate(
        { userIds: people.map((p) => p.id) },
        {
          onSuccess: (room) => {
            cache.upsertRoom(room, [{ id: self.id, username: self.username }, ...people]);
            onOpened?.();
            openRoom(room.id);
          },
        },
      );
    },
  };
}
