// Who is in the open room as far as this client knows (part 1 has no member list): the people
// online there and the authors of the messages it holds.
import type { Principal } from '@chat/contract';
import { useMemo } from 'react';
import { roomPeople } from '../../../lib/mentions.ts';
import { useChat } from '../../chat-context.ts';
import { useRoomMessages, useRoomOnline } from './room-data.ts';

/** The room's people other than oneself, online first, then recent authors. */
export function useRoomPeople(roomId: string): Principal[] {
  const { self } = useChat();
  const online = useRoomOnline(roomId);
  const messages = useRoomMessages(roomId);
  return useMemo(
    () => roomPeople(online, messages.map((m) => ({ id: m.userId, username: m.username })), self.id),
    [online, messages, self.id],
  );
}

/** A user's name from the room's people ("someone" for one this client has not seen). */
export function useNameOf(roomId: string): (userId: string) => string {
  const people = useRoomPeople(roomId);
  return useMemo(() => {
    const names = new Map(people.map((p) => [p.id, p.username]));
    return (userId: string) => names.get(userId) ?? 'someone';
  }, [people]);
}
