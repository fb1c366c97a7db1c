// One chat session: its stores, the socket and the controller that joins them.
import type { ChatSocket } from '@chat/contract/socket';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../session/session-store.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';
import { ChatContext, type ChatContextValue } from './chat-context.ts';
import { createChatController, type ChatController, type ChatStores } from './chat-controller.ts';
import { openChatSocket } from './socket/use-chat-socket.ts';
import { createMutedRooms } from './state/mute.ts';
import { loadOutbox, persistOutbox } from './state/persistence.ts';
import { createReadTracker, type ReadTracker } from './state/read-state.ts';
import { createStore } from './state/store.ts';

interface ChatProviderProps {
  session: Session;
  wsUrl: string;
  /** The room open at start (the socket focuses it on connect). */
  initialRoomId: string;
  children: ReactNode;
}

export function ChatProvider({ session, wsUrl, initialRoomId, children }: ChatProviderProps) {
  const { user } = session;
  const api = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Outlive a controller (React may create two): what is pending or known stays.
  const [stores] = useState<ChatStores>(() => ({
    outbox: createStore(loadOutbox(user.id)),
    online: createStore({}),
    typing: createStore({}),
  }));
  useEffect(() => persistOutbox(stores.outbox, user.id), [stores, user.id]);
  const [muted] = useState(() => createMutedRooms(user.id));
  useEffect(() => muted.followOtherTabs(), [muted]);

  const [chat, setChat] = useState<{ socket: ChatSocket; controller: ChatController; readState: ReadTracker } | null>(null);
  useEffect(() => {
    // A ticket refused as UNAUTHORIZED (the session expired or was revoked) signs out: the tRPC client's guard.
    const socket = openChatSocket(wsUrl, async () => (await api.auth.wsTicket.mutate()).ticket, initialRoomId);
    const controller = createChatController({
      self: { id: user.id, username: user.username },
      stores,
      socket,
      queryClient,
      fetchHistory: (query, signal) => api.messages.list.query(query, { signal }),
      initialRoomId,
    });
    const readState = createReadTracker({
      selfId: user.id,
      socket,
      queryClient,
      roomsKey: trpc.rooms.list.queryKey(),
      markRead: (input) => api.rooms.markRead.mutate(input),
    });
    // The first room's history loads now, not after the commits it takes to mount its list.
    void queryClient.prefetchInfiniteQuery(controller.historyOptions(initialRoomId));
    setChat({ socket, controller, readState });
    return () => {
      readState.dispose();
      controller.dispose();
      socket.close();
    };
  }, [wsUrl, initialRoomId, stores, queryClient, api, trpc, user.id, user.username]);

  const value = useMemo<ChatContextValue | null>(() => chat && { self: user, stores, muted, ...chat }, [chat, user, stores, muted]);
  if (!value) return <div className="chat chat--starting" aria-busy="true" />;
  return <ChatContext value={value}>{children}</ChatContext>;
}
