// A room's live messages over one socket. The socket already emits each state of a message once,
// resumed across reconnects (see @chat/contract/socket); this picks the room's, keeps the room
// focused while someone iterates it, ends the iterator when the room or socket is gone, and keeps
// the order: while a join fills a hole (after a reconnect, or the first join), the socket emits
// live frames as they come and the hole's changes after them, so the room's messages are held
// until its `joined` (the last one, without hasMore) and then given in seq order.
import type { Message } from '@chat/contract';
import { ChatRequestError, type ChatSocket } from '@chat/contract/socket';
import { pushIterator } from './push-iterator.ts';

/** A room whose join is never answered (the server's focus cap dropped it) is not held longer. */
const HOLD_MAX_MS = 10_000;

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
        let holding = true; // until the first join is answered
        let held: Message[] = [];
        let holdTimer: ReturnType<typeof setTimeout> | undefined;
        const flush = () => {
          clearTimeout(holdTimer);
          holding = false;
          const ready = held.sort((a, b) => a.seq - b.seq);
          held = [];
          ready.forEach(push);
        };
        const holdAtMost = () => {
          clearTimeout(holdTimer);
          holdTimer = setTimeout(flush, HOLD_MAX_MS);
        };
        if (socket.status === 'live') holdAtMost();

        const offMessage = socket.on('message', (event) => {
          if (event.message.roomId !== roomId) return;
          if (holding) held.push(event.message);
          else push(event.message);
        });
        const offJoined = socket.on('joined', (event) => {
          if (event.roomId === roomId && !event.hasMore) flush();
        });
        const offLeft = socket.on('roomLeft', (event) => {
          if (event.roomId !== roomId) return;
          flush();
          end();
        });
        const offStatus = socket.onStatus((status) => {
          if (status === 'closed') {
            flush();
            end();
          } else if (status === 'live') {
            if (holding) holdAtMost();
          } else {
            holding = true; // a drop: the resume join will fill a hole
            clearTimeout(holdTimer);
          }
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
          clearTimeout(holdTimer);
          offMessage();
          offJoined();
          offLeft();
          offStatus();
          signal?.removeEventListener('abort', onAbort);
          release(roomId);
        };
      });
    },
  };
}
