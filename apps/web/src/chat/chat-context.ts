import type { User } from '@chat/contract';
import type { ChatSocket } from '@chat/contract/socket';
import { createContext, useContext } from 'react';
import type { ChatController, ChatStores } from './chat-controller.ts';
import type { MutedRooms } from './state/mute.ts';
import type { ReadTracker } from './state/read-state.ts';

export interface ChatContextValue {
  self: User;
  controller: ChatController;
  socket: ChatSocket;
  stores: ChatStores;
  readState: ReadTracker;
  muted: MutedRooms;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const chat = useContext(ChatContext);
  if (!chat) throw new Error('useChat outside <ChatProvider>');
  return chat;
}
