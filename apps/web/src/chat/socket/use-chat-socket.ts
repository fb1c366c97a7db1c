// The contract's socket client for the chat. It alone reconnects and resumes each joined room
// from the last change it saw, emitting every new or changed message state once.
import { createChatSocket, type ChatSocket, type ChatSocketStatus } from '@chat/contract/socket';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * `url`: ws:// or wss:// from config.json; `ticket` gets a fresh single-use ticket (auth.wsTicket)
 * for every (re)connect, so the token never sits in a URL; `room` is focused on connect.
 */
export function openChatSocket(url: string, ticket: () => Promise<string>, room: string): ChatSocket {
  return createChatSocket({ url, ticket, room, backoff: { initialMs: 400, maxMs: 10_000 } });
}

/** connecting / live / reconnecting / offline, as the socket reports it. */
export function useSocketStatus(socket: ChatSocket | null): ChatSocketStatus {
  const subscribe = useCallback((listener: () => void) => (socket ? socket.onStatus(listener) : () => {}), [socket]);
  return useSyncExternalStore(subscribe, () => socket?.status ?? 'connecting');
}
