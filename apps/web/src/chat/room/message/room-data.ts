// What the message actions read of a room's state, in one place: the stored messages, who is
// online, the outbox, and display rows built from them. (The state layer is being rewritten on
// another branch; this file is the only one of the actions UI that knows how it stores things.)
import type { Message, Principal } from '@chat/contract';
import { useChat } from '../../chat-context.ts';
import { displayMessages, emptyTimeline, type DisplayMessage, type OutgoingMessage } from '../../state/chat-reducer.ts';
import { useChatSelector } from '../../state/chat-store.ts';

const nobody: never[] = [];

/** The room's stored messages loaded here, oldest first. */
export function useRoomMessages(roomId: string): readonly Message[] {
  const { store } = useChat();
  return useChatSelector(store, (s) => s.rooms[roomId]?.messages ?? nobody);
}

export function useRoomOnline(roomId: string): readonly Principal[] {
  const { store } = useChat();
  return useChatSelector(store, (s) => s.rooms[roomId]?.online ?? nobody);
}

/** Own messages not stored yet, in the order sent. */
export function useOutbox(): readonly OutgoingMessage[] {
  const { store } = useChat();
  return useChatSelector(store, (s) => s.outbox);
}

/** Rows for stored messages (oldest first), then the given outgoing ones of the room. */
export function toDisplayMessages(self: Principal, stored: readonly Message[], outgoing: readonly OutgoingMessage[], roomId: string): DisplayMessage[] {
  return displayMessages({ self, outbox: [...outgoing] }, roomId, { ...emptyTimeline(), messages: [...stored] });
}
