// The contract's socket client for the chat. It alone reconnects and resumes each joined room
// from the last change it saw, emitting every new or changed message state once.
import { createChatSocket, type ChatSocket, type ChatSocketStatus } from '@chat/contract/socket';
import { useCallback, useSyncExternalStore } from 'react';

/** `url`: ws:// or wss:// from config.json; `token` is read on every (re)connect; `room` is focused on connect. */
export function openChatSocket(url: string, token: () => string, room: string): ChatSocket {
  return createChatSocket({ url, token, room, backoff: { initialMs: 400, maxMs: 10_000 } });
}

/** connecting / live / reconnecting / offline, as the socket reports it. */
export function useSocketStatus(socket: ChatSocket | null): ChatSocketStatus {
  const subscribe = useCallback((listener: () => void) => (socket ? socket.onStatus(listener) : () => {}), [socket]);
  return useSyncExternalStore(subscribe, () => socket?.status ?? 'connecting');
}
