// What views read of the rooms' live state (presence, typing, unread counts).
import type { Principal } from '@chat/contract';
import { useChat } from './chat-context.ts';
import { useStore } from './state/store.ts';
import type { TypingUser } from './state/typing.ts';

const nobody: Principal[] = [];
const noTyping: Record<string, TypingUser> = {};

export function useOnline(roomId: string): Principal[] {
  return useStore(useChat().stores.online, (o) => o[roomId] ?? nobody);
}

/** user id -> when they last typed, in the room. */
export function useTyping(roomId: string): Record<string, TypingUser> {
  return useStore(useChat().stores.typing, (t) => t[roomId] ?? noTyping);
}

export function useUnread(roomId: string): number {
  return useStore(useChat().stores.unread, (u) => u[roomId] ?? 0);
}

/** Unread messages in every room but `roomId`. */
export function useUnreadElsewhere(roomId: string): number {
  return useStore(useChat().stores.unread, (u) => Object.entries(u).reduce((sum, [id, n]) => (id === roomId ? sum : sum + n), 0));
}
