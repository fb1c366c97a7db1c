// Stand-ins for unit tests: an in-memory Storage, a scriptable socket, message factories.
import type { ClientAction, Message, Room, RoomSummary, ServerEvent } from '@chat/contract';
import { unchangedMessageFields } from '@chat/contract';
import type { ChatSocket, ChatSocketStatus } from '@chat/contract/socket';

export class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

export function fakeSocket(initial: ChatSocketStatus = 'live') {
  let status = initial;
  const sent: ClientAction[] = [];
  const handlers = new Map<string, Set<(event: never) => void>>();
  const statusHandlers = new Set<(status: ChatSocketStatus) => void>();
  const lastSeqs = new Map<string, number>();
  const socket: ChatSocket = {
    get status() {
      return status;
    },
    send: (action) => void sent.push(action as ClientAction),
    /** Recorded with what was sent; never answered. */
    request: (action) => {
      sent.push(action as ClientAction);
      return new Promise<never>(() => {});
    },
    lastSeq: (roomId) => lastSeqs.get(roomId),
    on(type, handler) {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      set.add(handler as (event: never) => void);
      return () => void set.delete(handler as (event: never) => void);
    },
    onStatus(handler) {
      statusHandlers.add(handler);
      return () => void statusHandlers.delete(handler);
    },
    close: () => {},
  };
  return {
    socket,
    sent,
    /** The actions of one kind sent so far. */
    sentOf<A extends ClientAction['action']>(action: A) {
      return sent.filter((a): a is Extract<ClientAction, { action: A }> => a.action === action);
    },
    emit(event: Exclude<ServerEvent, { type: 'messageBatch' }>) {
      for (const handler of handlers.get(event.type) ?? []) handler(event as never);
    },
    /** As if the socket had followed the room's feed up to `seq`. */
    setLastSeq(roomId: string, seq: number) {
      lastSeqs.set(roomId, seq);
    },
    setStatus(next: ChatSocketStatus) {
      status = next;
      for (const handler of statusHandlers) handler(next);
    },
  };
}

let seq = 0;
/** A stored message; ids sort by creation like the server's ULIDs. */
export function message(fields: Partial<Message> & { text: string }): Message {
  seq++;
  return {
    id: `01J${String(seq).padStart(23, '0')}`,
    roomId: 'general',
    userId: 'bob-id',
    username: 'bob',
    createdAt: 1_700_000_000_000 + seq * 1000,
    clientMsgId: `c-${seq}`,
    seq,
    ...unchangedMessageFields(),
    ...fields,
  };
}

/** A room as the server answers it. */
export function room(fields: Partial<Room> & { id: string }): Room {
  return { name: fields.id, kind: 'public', topic: '', createdAt: 1_700_000_000_000, createdBy: 'ann-id', archived: false, ...fields };
}

/** One of the caller's rooms with its read state. */
export function summary(fields: Partial<Room> & { id: string }, rest: Partial<Omit<RoomSummary, 'room'>> = {}): RoomSummary {
  return { room: room(fields), lastSeq: 0, readSeq: 0, unread: 0, mentions: 0, ...rest };
}
