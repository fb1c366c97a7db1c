// What views read of the rooms' state: loaded messages, the outbox, presence, typing, unread counts (use-read-state.ts).
import type { Message, Principal } from '@chat/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useChat } from './chat-context.ts';
import { messagesOldestFirst } from './state/message-cache.ts';
import type { OutgoingMessage } from './state/outbox.ts';
import { useStore } from './state/store.ts';
import type { TypingUser } from './state/typing.ts';
import { useUnreadTotal } from './use-read-state.ts';

const nobody: Principal[] = [];
const noTyping: Record<string, TypingUser> = {};

/** The room's stored messages loaded so far, oldest first, in their current state (loads the latest page if needed). */
export function useRoomMessages(roomId: string): Message[] {
  const { controller } = useChat();
  const { data } = useInfiniteQuery(useMemo(() => controller.historyOptions(roomId), [controller, roomId]));
  return useMemo(() => messagesOldestFirst(data), [data]);
}

/** Own messages not stored yet, in the order sent. */
export function useOutbox(): OutgoingMessage[] {
  return useStore(useChat().stores.outbox, (o) => o);
}

export function useOnline(roomId: string): Principal[] {
  return useStore(useChat().stores.online, (o) => o[roomId] ?? nobody);
}

/** user id -> when they last typed, in the room. */
export function useTyping(roomId: string): Record<string, TypingUser> {
  return useStore(useChat().stores.typing, (t) => t[roomId] ?? noTyping);
}

/** Unread messages (and mentions in muted rooms) in every room but `roomId`. */
export function useUnreadElsewhere(roomId: string): number {
  return useUnreadTotal(roomId);
}
