// The chat's client state as one pure reducer: each room's timeline (stored messages, history
// paging, unread count, who is online and typing) and the outbox of own messages the server has
// not stored yet. Socket events, history pages and user actions all become actions here.
//
// Reconciliation of optimistic sends: an outgoing message is keyed by its clientMsgId. Whatever
// brings the stored message first (the `ack`, the broadcast of one's own message, a history
// page or a gap-fill) removes it from the outbox and inserts the stored message by id; the
// display key (`userId:clientMsgId`) stays the same, so the row does not remount or move.
import type { Message, Principal } from '@chat/contract';

export type SendStatus = 'pending' | 'sent' | 'failed';

export interface OutgoingMessage {
  clientMsgId: string;
  roomId: string;
  text: string;
  createdAt: number;
  status: 'pending' | 'failed';
  /** Why it failed, as a sentence. */
  error: string | null;
  /** The thread's first message, for a reply. */
  replyTo?: string;
}

export interface TypingUser {
  username: string;
  /** When the last `typing` event from this user came (epoch ms). */
  at: number;
}

export interface RoomTimeline {
  /** Stored messages, oldest first, one per id. */
  messages: Message[];
  /** Cursor of the next older page: undefined until the first page has loaded, null at the start of the room. */
  olderCursor: string | null | undefined;
  loading: 'latest' | 'older' | null;
  loadError: string | null;
  unread: number;
  online: Principal[];
  /** user id -> typing */
  typing: Record<string, TypingUser>;
}

export interface ChatState {
  self: Principal;
  activeRoomId: string;
  rooms: Record<string, RoomTimeline>;
  /** Own messages not stored yet, in the order they were sent. */
  outbox: OutgoingMessage[];
}

export type HistoryPage = 'latest' | 'older' | 'newer';

export type ChatAction =
  | { type: 'roomOpened'; roomId: string }
  | { type: 'historyRequested'; roomId: string; page: 'latest' | 'older' }
  | { type: 'historyFailed'; roomId: string; error: string }
  | { type: 'historyLoaded'; roomId: string; page: HistoryPage; messages: Message[]; nextCursor: string | null }
  | { type: 'messageReceived'; message: Message }
  | { type: 'messageSent'; clientMsgId: string; roomId: string; text: string; createdAt: number; replyTo?: string }
  | { type: 'sendFailed'; clientMsgId: string; error: string }
  | { type: 'sendRetried'; clientMsgId: string }
  | { type: 'outgoingDiscarded'; clientMsgId: string }
  | { type: 'presenceChanged'; roomId: string; users: Principal[] }
  | { type: 'userTyping'; roomId: string; user: Principal; at: number };

export function emptyTimeline(): RoomTimeline {
  return { messages: [], olderCursor: undefined, loading: null, loadError: null, unread: 0, online: [], typing: {} };
}

export function initialChatState(self: Principal, activeRoomId: string, outbox: OutgoingMessage[] = []): ChatState {
  return { self, activeRoomId, rooms: { [activeRoomId]: emptyTimeline() }, outbox };
}

/** Index of the first message whose id is >= `id` (messages are sorted by id). */
function lowerBound(messages: readonly Message[], id: string): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Inserts by id; a message already there is replaced by a later state of it (a higher seq: an
 * edit, a delete, a reaction, a new reply) and kept otherwise. Returns the same array when
 * nothing changed; `added` holds only the new ids.
 */
export function mergeMessages(existing: Message[], incoming: readonly Message[]): { messages: Message[]; added: Message[] } {
  let messages = existing;
  const added: Message[] = [];
  for (const message of [...incoming].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const at = lowerBound(messages, message.id);
    const current = messages[at];
    if (current?.id === message.id) {
      if (message.seq <= current.seq) continue;
      if (messages === existing) messages = existing.slice();
      messages[at] = message;
      continue;
    }
    if (messages === existing) messages = existing.slice();
    messages.splice(at, 0, message);
    added.push(message);
  }
  return { messages, added };
}

function updateRoom(state: ChatState, roomId: string, update: (room: RoomTimeline) => RoomTimeline): ChatState {
  const existing = state.rooms[roomId];
  const next = update(existing ?? emptyTimeline());
  return next === existing ? state : { ...state, rooms: { ...state.rooms, [roomId]: next } };
}

function updateOutgoing(state: ChatState, clientMsgId: string, update: (o: OutgoingMessage) => OutgoingMessage): ChatState {
  const index = state.outbox.findIndex((o) => o.clientMsgId === clientMsgId);
  if (index < 0) return state;
  const outbox = state.outbox.slice();
  outbox[index] = update(outbox[index]!);
  return { ...state, outbox };
}

/** Stored messages into a room: dedupe, outbox reconciliation, typing cleared, unread counted. */
function receive(state: ChatState, roomId: string, incoming: readonly Message[], countUnread: boolean): ChatState {
  let added: Message[] = [];
  let next = updateRoom(state, roomId, (room) => {
    const merged = mergeMessages(room.messages, incoming);
    added = merged.added;
    if (merged.messages === room.messages) return room;
    if (added.length === 0) return { ...room, messages: merged.messages }; // changed states only
    let typing = room.typing;
    for (const m of added) {
      if (typing[m.userId]) {
        const { [m.userId]: _gone, ...rest } = typing;
        typing = rest;
      }
    }
    const fromOthers = added.filter((m) => m.userId !== state.self.id).length;
    const unread = countUnread && roomId !== state.activeRoomId ? room.unread + fromOthers : room.unread;
    return { ...room, messages: merged.messages, typing, unread };
  });
  const stored = new Set(incoming.filter((m) => m.userId === state.self.id).map((m) => m.clientMsgId));
  if (stored.size > 0 && next.outbox.some((o) => stored.has(o.clientMsgId))) {
    next = { ...next, outbox: next.outbox.filter((o) => !stored.has(o.clientMsgId)) };
  }
  return next;
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'roomOpened': {
      const opened = { ...state, activeRoomId: action.roomId };
      return updateRoom(opened, action.roomId, (room) => (room.unread === 0 ? room : { ...room, unread: 0 }));
    }
    case 'historyRequested':
      return updateRoom(state, action.roomId, (room) => ({ ...room, loading: action.page, loadError: null }));
    case 'historyFailed':
      return updateRoom(state, action.roomId, (room) => ({ ...room, loading: null, loadError: action.error }));
    case 'historyLoaded': {
      const { roomId, page, messages, nextCursor } = action;
      const before = state.rooms[roomId] ?? emptyTimeline();
      const next = receive(state, roomId, messages, page === 'newer');
      return updateRoom(next, roomId, (room) => {
        let olderCursor = room.olderCursor;
        // The latest page sets where paging back starts, unless older pages were loaded already.
        if (page === 'latest' && (before.olderCursor === undefined || before.messages.length === 0)) olderCursor = nextCursor;
        if (page === 'older') olderCursor = nextCursor;
        const loading = page === 'newer' ? room.loading : null;
        return { ...room, olderCursor, loading, loadError: page === 'newer' ? room.loadError : null };
      });
    }
    case 'messageReceived':
      return receive(state, action.message.roomId, [action.message], true);
    case 'messageSent': {
      if (state.outbox.some((o) => o.clientMsgId === action.clientMsgId)) return state;
      const { clientMsgId, roomId, text, createdAt, replyTo } = action;
      const outgoing: OutgoingMessage = { clientMsgId, roomId, text, createdAt, status: 'pending', error: null, ...(replyTo && { replyTo }) };
      return { ...state, outbox: [...state.outbox, outgoing] };
    }
    case 'sendFailed':
      return updateOutgoing(state, action.clientMsgId, (o) => ({ ...o, status: 'failed', error: action.error }));
    case 'sendRetried':
      return updateOutgoing(state, action.clientMsgId, (o) => ({ ...o, status: 'pending', error: null }));
    case 'outgoingDiscarded':
      return state.outbox.some((o) => o.clientMsgId === action.clientMsgId)
        ? { ...state, outbox: state.outbox.filter((o) => o.clientMsgId !== action.clientMsgId) }
        : state;
    case 'presenceChanged':
      return updateRoom(state, action.roomId, (room) => ({ ...room, online: action.users }));
    case 'userTyping':
      if (action.user.id === state.self.id) return state;
      return updateRoom(state, action.roomId, (room) => ({
        ...room,
        typing: { ...room.typing, [action.user.id]: { username: action.user.username, at: action.at } },
      }));
  }
}

// ---- what the views show ----

export interface DisplayMessage {
  /** Stable from pending to sent: `userId:clientMsgId`. */
  key: string;
  /** null until stored. */
  id: string | null;
  roomId: string;
  userId: string;
  username: string;
  text: string;
  createdAt: number;
  clientMsgId: string;
  own: boolean;
  status: SendStatus;
  error: string | null;
  /** The stored message in full (reactions, replies, edits, mentions); null until stored. */
  message: Message | null;
  /** The thread's first message, for a reply (stored or not). */
  replyTo: string | null;
}

// One display object per stored message (and viewer), so memoized rows skip unchanged messages.
const displayed = new WeakMap<Message, DisplayMessage>();

function displayOf(m: Message, selfId: string): DisplayMessage {
  const cached = displayed.get(m);
  if (cached && cached.own === (m.userId === selfId)) return cached;
  const display: DisplayMessage = {
    key: `${m.userId}:${m.clientMsgId}`,
    id: m.id,
    roomId: m.roomId,
    userId: m.userId,
    username: m.username,
    text: m.text,
    createdAt: m.createdAt,
    clientMsgId: m.clientMsgId,
    own: m.userId === selfId,
    status: 'sent',
    error: null,
    message: m,
    replyTo: m.replyTo,
  };
  displayed.set(m, display);
  return display;
}

/** A room's stored messages, then its outgoing ones in the order they were sent. */
export function displayMessages(state: Pick<ChatState, 'self' | 'outbox'>, roomId: string, timeline: RoomTimeline | undefined): DisplayMessage[] {
  const { self } = state;
  const stored = (timeline?.messages ?? []).map((m) => displayOf(m, self.id));
  const outgoing: DisplayMessage[] = state.outbox
    .filter((o) => o.roomId === roomId)
    .map((o) => ({
      key: `${self.id}:${o.clientMsgId}`,
      id: null,
      roomId,
      userId: self.id,
      username: self.username,
      text: o.text,
      createdAt: o.createdAt,
      clientMsgId: o.clientMsgId,
      own: true,
      status: o.status,
      error: o.error,
      message: null,
      replyTo: o.replyTo ?? null,
    }));
  return outgoing.length ? [...stored, ...outgoing] : stored;
}

/** The usernames whose last `typing` is less than `windowMs` old. */
export function typingUsernames(timeline: RoomTimeline | undefined, now: number, windowMs = 4_000): string[] {
  if (!timeline) return [];
  return Object.values(timeline.typing)
    .filter((t) => now - t.at < windowMs)
    .map((t) => t.username)
    .sort();
}

/** "ann is typing…", "ann and bob are typing…", "3 people are typing…". */
export function typingSentence(usernames: readonly string[]): string {
  const [a, b] = usernames;
  if (a === undefined) return '';
  if (b === undefined) return `${a} is typing…`;
  if (usernames.length === 2) return `${a} and ${b} are typing…`;
  return `${usernames.length} people are typing…`;
}
