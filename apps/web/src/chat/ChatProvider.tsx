// One chat session: its stores, the socket (its hook) and the controller that joins them.
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../session/session-store.ts';
import { useTRPCClient } from '../trpc.ts';
import { ChatContext, type ChatContextValue } from './chat-context.ts';
import { createChatController, type ChatController, type ChatStores } from './chat-controller.ts';
import { useChatSocket } from './socket/use-chat-socket.ts';
import { loadOutbox, persistOutbox } from './state/persistence.ts';
import { createStore } from './state/store.ts';

interface ChatProviderProps {
  session: Session;
  wsUrl: string;
  /** The room open at start (the socket subscribes to it on connect). */
  initialRoomId: string;
  children: ReactNode;
}

export function ChatProvider({ session, wsUrl, initialRoomId, children }: ChatProviderProps) {
  const { user } = session;
  const api = useTRPCClient();
  const queryClient = useQueryClient();
  // Outlive a controller (React may create two): what is pending or known stays.
  const [stores] = useState<ChatStores>(() => ({
    outbox: createStore(loadOutbox(user.id)),
    online: createStore({}),
    typing: createStore({}),
    unread: createStore({}),
  }));
  useEffect(() => persistOutbox(stores.outbox, user.id), [stores, user.id]);

  const socket = useChatSocket({ url: wsUrl, token: () => session.token, room: initialRoomId });
  const [controller, setController] = useState<ChatController | null>(null);
  useEffect(() => {
    if (!socket) return;
    const created = createChatController({
      self: { id: user.id, username: user.username },
      stores,
      socket,
      queryClient,
      fetchHistory: (query, signal) => api.messages.list.query(query, { signal }),
      initialRoomId,
    });
    setController(created);
    return () => created.dispose();
  }, [socket, stores, queryClient, api, user.id, user.username, initialRoomId]);

  const value = useMemo<ChatContextValue | null>(
    () => (socket && controller ? { self: user, controller, socket, stores } : null),
    [socket, controller, user, stores],
  );
  if (!value) return <div className="chat chat--starting" aria-busy="true" />;
  return <ChatContext value={value}>{children}</ChatContext>;
}
