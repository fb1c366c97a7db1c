// A room's live messages over one socket. The socket already emits each state of a message once,
// resumed across reconnects (see @chat/contract/socket); this only picks the room's, keeps the
// room focused while someone iterates it, and ends the iterator when the room or socket is gone.
import type { Message } from '@chat/contract';
import { ChatRequestError, type ChatSocket } from '@chat/contract/socket';
import { pushIterator } from './push-iterator.ts';

export interface LiveRooms {
  live(roomId: string, signal?: AbortSignal): AsyncIterableIterator<Message>;
}

export function createLiveRooms(socket: ChatSocket): LiveRooms {
  // Iterators per room: the room is unfocused when its last one ends, not before.
  const iterating = new Map<string, number>();

  function acquire(roomId: string): void {
    iterating.set(roomId, (iterating.get(roomId) ?? 0) + 1);
  }
  function release(roomId: string): void {
    const left = (iterating.get(roomId) ?? 1) - 1;
    if (left > 0) return void iterating.set(roomId, left);
    iterating.delete(roomId);
    if (socket.status !== 'closed') socket.send({ action: 'leaveRoom', roomId });
  }

  return {
    live(roomId, signal) {
      return pushIterator<Message>(({ push, end, fail }) => {
        if (signal?.aborted || socket.status === 'closed') {
          end();
          return () => {};
        }
        const offMessage = socket.on('message', (event) => {
          if (event.message.roomId === roomId) push(event.message);
        });
        const offLeft = socket.on('roomLeft', (event) => {
          if (event.roomId === roomId) end();
        });
        const offStatus = socket.onStatus((status) => {
          if (status === 'closed') end();
        });
        const onAbort = () => end();
        signal?.addEventListener('abort', onAbort, { once: true });
        acquire(roomId);
        // The focus: the socket joins it again after every reconnect, from the room's lastSeq.
        // Only the server's refusal (not a member, no such room) ends the iterator; a timeout or
        // a close does not (the socket keeps trying, or the close ends it above).
        socket.request({ action: 'joinRoom', roomId }).catch((err: unknown) => {
          if (err instanceof ChatRequestError && err.frame) fail(err);
        });
        return () => {
          offMessage();
          offLeft();
          offStatus();
          signal?.removeEventListener('abort', onAbort);
          release(roomId);
        };
      });
    },
  };
}
