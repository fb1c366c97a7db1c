// The contract's socket client as a React hook. It alone reconnects and resumes each joined room
// from the last change it saw, emitting every new or changed message state once.
import { createChatSocket, type ChatSocket, type ChatSocketStatus } from '@chat/contract/socket';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

export interface UseChatSocketOptions {
  /** ws:// or wss:// URL from config.json. */
  url: string;
  /** Read on every (re)connect. */
  token: () => string;
  /** The room to subscribe to on connect; read once, when the socket is created. */
  room: string;
}

/** One socket for the component's lifetime (per url); closed for good on unmount. null before the first effect. */
export function useChatSocket({ url, token, room }: UseChatSocketOptions): ChatSocket | null {
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const initial = useRef({ token, room });
  useEffect(() => {
    const created = createChatSocket({
      url,
      token: () => initial.current.token(),
      room: initial.current.room,
      backoff: { initialMs: 400, maxMs: 10_000 },
    });
    setSocket(created);
    return () => created.close();
  }, [url]);
  return socket;
}

/** connecting / live / reconnecting / offline, as the socket reports it. */
export function useSocketStatus(socket: ChatSocket | null): ChatSocketStatus {
  const subscribe = useCallback((listener: () => void) => (socket ? socket.onStatus(listener) : () => {}), [socket]);
  return useSyncExternalStore(subscribe, () => socket?.status ?? 'connecting');
}
