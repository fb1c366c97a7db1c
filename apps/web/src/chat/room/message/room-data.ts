// What the message actions read of a room's state, in one place: the stored messages, who is
// online, the outbox, and display rows built from them.
import type { Message, Principal } from '@chat/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useChat } from '../../chat-context.ts';
import { displayMessages, type DisplayMessage } from '../../state/display-messages.ts';
import { messagesOldestFirst } from '../../state/message-cache.ts';
import type { OutgoingMessage } from '../../state/outbox.ts';
import { useStore } from '../../state/store.ts';
import { useOnline } from '../../use-room-state.ts';

/** The room's stored messages loaded here, oldest first (its history query, shared with the list). */
export function useRoomMessages(roomId: string): readonly Message[] {
  const { controller } = useChat();
  const query = useInfiniteQuery(useMemo(() => controller.historyOptions(roomId), [controller, roomId]));
  return useMemo(() => messagesOldestFirst(query.data), [query.data]);
}

export function useRoomOnline(roomId: string): readonly Principal[] {
  return useOnline(roomId);
}

/** Own messages not stored yet, in the order sent. */
export function useOutbox(): readonly OutgoingMessage[] {
  return useStore(useChat().stores.outbox, (o) => o);
}

/** Rows for stored messages (oldest first), then the given outgoing ones of the room. */
export function toDisplayMessages(self: Principal, stored: readonly Message[], outgoing: readonly OutgoingMessage[], roomId: string): DisplayMessage[] {
  return displayMessages(self, stored, outgoing, roomId);
}
