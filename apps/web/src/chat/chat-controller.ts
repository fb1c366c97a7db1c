// Connects the socket to the chat's state: every message state the socket emits (new, changed,
// resumed after a reconnect: the socket client alone owns reconnecting and resuming) goes into
// its room's history by id and seq; sends go through the outbox. No React here.
//
// The one seam between history and the socket: a room's latest page is read over HTTP. When the
// socket did not follow the room's feed yet as the read began, the page is read again if it
// began to meanwhile, or else the room is joined `since` the page's highest seq: either way what
// changed between the read and the feed comes too.
//
// Sends go out one at a time per room, each after the previous one's ack: API Gateway runs the
// frames of one connection concurrently, so messages sent back to back (a burst typed while
// offline, flushed on reconnect) could otherwise be stored, and shown to everyone, out of order.
import type { Message, MessagePage, Principal } from '@chat/contract';
import type { ChatSocket, ChatSocketStatus } from '@chat/contract/socket';
import type { QueryClient } from '@tanstack/react-query';
import { describeSendError, NOT_CONFIRMED } from '../lib/errors.ts';
import { addOutgoing, findOutgoing, removeOutgoing, setOutgoingError, type Outbox, type OutgoingMessage } from './state/outbox.ts';
import { applyPresence, type OnlineByRoom, type PresenceChange } from './state/presence.ts';
import type { Upsert } from './state/message-cache.ts';
import { createHistorySync, roomHistoryKey, roomHistoryOptions, type FetchHistory } from './state/room-history.ts';
import { withEntry, type Store } from './state/store.ts';
import { userStoppedTyping, userTyped, type TypingByRoom } from './state/typing.ts';

export interface ChatStores {
  outbox: Outbox;
  online: Store<OnlineByRoom>;
  typing: Store<TypingByRoom>;
}

export interface ChatControllerOptions {
  self: Principal;
  stores: ChatStores;
  socket: ChatSocket;
  queryClient: QueryClient;
  fetchHistory: FetchHistory;
  /** The room the socket was opened with (already joined). */
  initialRoomId: string;
  newClientMsgId?: () => string;
}

export interface Announcement {
  roomId: string;
  message: Message;
  /** The state shown before, when this is a change of a message already there (an edit, a delete, ...). */
  previous?: Message;
}

export interface ChatController {
  /**
   * Shows the room: focuses it (joinRoom) and unfocuses the one open before (leaveRoom). Only the open room is focused: the server sends every member room's
   * messages from $connect anyway, focus is for presence and typing.
   */
  open(roomId: string): void;
  /** The room's history query (TanStack infinite query options). */
  historyOptions(roomId: string): ReturnType<typeof roomHistoryOptions>;
  send(roomId: string, text: string, options?: { replyTo?: string }): void;
  retry(clientMsgId: string): void;
  /** Takes a failed message out of the outbox and returns it (to edit it in the composer). */
  discard(clientMsgId: string): OutgoingMessage | undefined;
  /** A message state from elsewhere (a mutation's answer): into its room's history, the higher seq wins. */
  applyMessage(message: Message): void;
  /** Call on every keystroke; sends `typing` at most once per interval. */
  typing(roomId: string): void;
  /** Others' new messages and changes of loaded ones, for screen reader announcements. */
  onAnnouncement(listener: (announcement: Announcement) => void): () => void;
  dispose(): void;
}

/** A pending message not acked this long while live is shown as failed (with retry). */
const ACK_TIMEOUT_MS = 10_000;
/** At most one `typing` per room this often. */
const TYPING_INTERVAL_MS = 2_500;

const highestSeq = (page: MessagePage) => page.messages.reduce((max, m) => Math.max(max, m.seq), 0);

/** Whether a message state is news to the reader: from the merge when its room is loaded, else from the state itself. */
function isNew(message: Message, upsert: Upsert | undefined): boolean {
  if (upsert) return upsert.result === 'added';
  const { editedAt, deletedAt, replyCount, reactions } = message; // untouched by any change yet: as created
  return editedAt === null && deletedAt === null && replyCount === 0 && reactions.length === 0;
}

export function createChatController(options: ChatControllerOptions): ChatController {
  const { self, socket, stores } = options;
  const { outbox } = stores;
  const newClientMsgId = options.newClientMsgId ?? (() => crypto.randomUUID());
  const history = createHistorySync(options.queryClient);

  let activeRoomId = options.initialRoomId; // focused by the socket on connect
  /** room -> the clientMsgId handed to the socket and not confirmed yet (at most one per room). */
  const inFlight = new Map<string, string>();
  const ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastTyping = new Map<string, number>();
  const announcementListeners = new Set<(a: Announcement) => void>();

  // ---- sending ----

  function clearAckTimer(clientMsgId: string): void {
    clearTimeout(ackTimers.get(clientMsgId));
    ackTimers.delete(clientMsgId);
  }

  function armAckTimer(clientMsgId: string): void {
    clearAckTimer(clientMsgId);
    if (socket.status !== 'live') return; // the socket sends it again once live; the timer starts then
    const timer = setTimeout(() => {
      ackTimers.delete(clientMsgId);
      if (findOutgoing(outbox, clientMsgId)?.status === 'pending') setOutgoingError(outbox, clientMsgId, NOT_CONFIRMED);
    }, ACK_TIMEOUT_MS);
    ackTimers.set(clientMsgId, timer);
  }

  /** After any outbox change: a room whose in-flight message is settled sends its next pending one. */
  function pump(): void {
    for (const [roomId, clientMsgId] of inFlight) {
      if (findOutgoing(outbox, clientMsgId)?.status !== 'pending') inFlight.delete(roomId);
    }
    for (const o of outbox.get()) {
      if (o.status !== 'pending' || inFlight.has(o.roomId)) continue;
      inFlight.set(o.roomId, o.clientMsgId);
      const { roomId, text, clientMsgId, replyTo } = o;
      socket.send({ action: 'sendMessage', roomId, text, clientMsgId, ...(replyTo !== undefined && { replyTo }) });
      armAckTimer(clientMsgId);
    }
  }

  function settle(clientMsgId: string): void {
    clearAckTimer(clientMsgId);
    removeOutgoing(outbox, clientMsgId);
  }

  // ---- socket events ----

  function received(message: Message): void {
    const upsert = history.apply(message);
    const { roomId, userId } = message;
    if (userId === self.id) {
      if (findOutgoing(outbox, message.clientMsgId)) settle(message.clientMsgId);
      return;
    }
    if (isNew(message, upsert)) {
      stores.typing.set((t) => userStoppedTyping(t, roomId, userId));
    } else if (upsert?.result !== 'changed') {
      return; // nothing the reader sees changed
    }
    const previous = upsert?.result === 'changed' ? upsert.previous : undefined;
    for (const listener of [...announcementListeners]) listener({ roomId, message, ...(previous && { previous }) });
  }

  function presence(roomId: string, change: PresenceChange): void {
    stores.online.set((o) => withEntry(o, roomId, applyPresence(o[roomId] ?? [], change)));
  }

  function onStatus(status: ChatSocketStatus): void {
    if (status !== 'live') {
      for (const id of [...ackTimers.keys()]) clearAckTimer(id);
      return;
    }
    for (const clientMsgId of inFlight.values()) armAckTimer(clientMsgId);
    // Back (the network, or the server): a room whose history failed to load loads again.
    void options.queryClient.refetchQueries({ queryKey: ['chat', 'history'], predicate: (q) => q.state.status === 'error' });
  }

  /**
   * A room's history read before its membership existed (a public room opened from a link: the
   * read raced the join) failed FORBIDDEN; once the join is known (`joined`, a `room` frame) it
   * is read again.
   */
  function reloadFailedHistory(roomId: string): void {
    void options.queryClient.refetchQueries({ queryKey: roomHistoryKey(roomId), exact: true, predicate: (q) => q.state.status === 'error' });
  }

  const unsubscribe = [
    outbox.subscribe(pump),
    socket.onStatus(onStatus),
    socket.on('message', ({ message }) => received(message)),
    socket.on('ack', ({ clientMsgId }) => settle(clientMsgId)),
    socket.on('error', (event) => {
      const outgoing = event.clientMsgId === undefined ? undefined : findOutgoing(outbox, event.clientMsgId);
      if (!outgoing) {
        if (event.code !== 'NOT_FOUND') console.warn(`chat: server error ${event.code}: ${event.message}`);
        return;
      }
      clearAckTimer(outgoing.clientMsgId);
      setOutgoingError(outbox, outgoing.clientMsgId, describeSendError(event.code, event.message));
      // The subscription is gone (expired, or a join that never landed): join again so a retry works.
      if (event.code === 'FORBIDDEN') socket.send({ action: 'joinRoom', roomId: outgoing.roomId });
    }),
    socket.on('joined', ({ roomId, users }) => {
      presence(roomId, { users });
      reloadFailedHistory(roomId);
    }),
    socket.on('room', ({ summary }) => reloadFailedHistory(summary.room.id)),
    socket.on('presence', ({ roomId, ...change }) => presence(roomId, change)),
    // `users`, when there, is everyone who typed in the server's window (`user` among them).
    socket.on('typing', ({ roomId, user, users = [user] }) => {
      const at = Date.now();
      for (const typist of users) if (typist.id !== self.id) stores.typing.set((t) => userTyped(t, roomId, typist, at));
    }),
  ];

  // Messages still pending when the page was last closed go out again (the server dedupes by clientMsgId).
  pump();

  const controller: ChatController = {
    open(roomId) {
      if (roomId === activeRoomId) return;
      socket.send({ action: 'leaveRoom', roomId: activeRoomId });
      activeRoomId = roomId;
      socket.send({ action: 'joinRoom', roomId });
    },
    historyOptions(roomId) {
      return roomHistoryOptions(roomId, async (query, signal) => {
        const followed = socket.lastSeq(roomId) !== undefined;
        const page = await options.fetchHistory(query, signal);
        if (query.before !== undefined || followed) return page;
        if (socket.lastSeq(roomId) !== undefined) return options.fetchHistory(query, signal); // now inside the feed
        // Waits for the connection if need be; not answered (closed, timed out): the socket's resume covers the room.
        socket.request({ action: 'joinRoom', roomId, since: highestSeq(page) }).catch(() => {});
        return page;
      });
    },
    send(roomId, text, sendOptions = {}) {
      const trimmed = text.trim();
      if (!trimmed) return;
      lastTyping.delete(roomId);
      const { replyTo } = sendOptions;
      const outgoing = { clientMsgId: newClientMsgId(), roomId, text: trimmed, createdAt: Date.now(), status: 'pending', error: null } as const;
      addOutgoing(outbox, { ...outgoing, ...(replyTo !== undefined && { replyTo }) }); // pump() sends it
    },
    retry(clientMsgId) {
      if (findOutgoing(outbox, clientMsgId)?.status === 'failed') setOutgoingError(outbox, clientMsgId, null); // pump() sends it, in turn
    },
    discard(clientMsgId) {
      const outgoing = findOutgoing(outbox, clientMsgId);
      if (outgoing) settle(clientMsgId);
      return outgoing;
    },
    applyMessage(message) {
      history.apply(message);
    },
    typing(roomId) {
      const at = Date.now();
      if (at - (lastTyping.get(roomId) ?? -Infinity) < TYPING_INTERVAL_MS) return;
      lastTyping.set(roomId, at);
      socket.send({ action: 'typing', roomId });
    },
    onAnnouncement(listener) {
      announcementListeners.add(listener);
      return () => void announcementListeners.delete(listener);
    },
    dispose() {
      for (const off of unsubscribe) off();
      for (const id of [...ackTimers.keys()]) clearAckTimer(id);
      announcementListeners.clear();
      history.dispose();
    },
  };
  return controller;
}
