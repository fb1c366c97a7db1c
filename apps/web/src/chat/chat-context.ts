import type { User } from '@chat/contract';
import type { ChatSocket } from '@chat/contract/socket';
import { createContext, useContext } from 'react';
import type { ChatController, ChatStores } from './chat-controller.ts';

export interface ChatContextValue {
  self: User;
  controller: ChatController;
  socket: ChatSocket;
  stores: ChatStores;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const chat = useContext(ChatContext);
  if (!chat) throw new Error('useChat outside <ChatProvider>');
  return chat;
}
