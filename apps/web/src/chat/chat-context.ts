import type { User } from '@chat/contract';
import type { ChatSocket } from '@chat/contract/socket';
import { createContext, useContext } from 'react';
import type { ChatController } from './chat-controller.ts';
import type { ChatStore } from './state/chat-store.ts';

export interface ChatContextValue {
  self: User;
  store: ChatStore;
  controller: ChatController;
  socket: ChatSocket;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const chat = useContext(ChatContext);
  if (!chat) throw new Error('useChat outside <ChatProvider>');
  return chat;
}
