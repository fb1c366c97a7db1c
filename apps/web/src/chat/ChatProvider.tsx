// One chat session: the store, the socket (its hook) and the controller that joins them.
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import { describeRequestError } from '../lib/errors.ts';
import type { Session } from '../session/session-store.ts';
import { useTRPCClient } from '../trpc.ts';
import { ChatContext, type ChatContextValue } from './chat-context.ts';
import { createChatController, type ChatController } from './chat-controller.ts';
import { useChatSocket } from './socket/use-chat-socket.ts';
import { initialChatState } from './state/chat-reducer.ts';
import { createChatStore } from './state/chat-store.ts';
import { loadOutbox, persistOutbox } from './state/persistence.ts';

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
  const [store] = useState(() =>
    createChatStore(initialChatState({ id: user.id, username: user.username }, initialRoomId, loadOutbox(user.id))),
  );
  useEffect(() => persistOutbox(store, user.id), [store, user.id]);

  const socket = useChatSocket({ url: wsUrl, token: () => session.token, room: initialRoomId });
  const [controller, setController] = useState<ChatController | null>(null);
  useEffect(() => {
    if (!socket) return;
    const created = createChatController({
      store,
      socket,
      fetchHistory: (query) => api.messages.list.query(query),
      describeError: describeRequestError,
      initialRoomId,
    });
    setController(created);
    return () => created.dispose();
  }, [socket, store, api, initialRoomId]);

  const value = useMemo<ChatContextValue | null>(
    () => (socket && controller ? { self: user, store, controller, socket } : null),
    [socket, controller, user, store],
  );
  if (!value) return <div className="chat chat--starting" aria-busy="true" />;
  return <ChatContext value={value}>{children}</ChatContext>;
}
