// Connects the socket, the history API and the store: what happens when a frame arrives, when
// the user sends, retries or scrolls back, and when the connection comes back. No React here.
//
// History comes from messages.list over HTTP (request/response, answers matched to requests,
// works while the socket reconnects). The socket brings everything new. The seam between the
// two: whenever a room's subscription becomes effective (its first `presence` after each
// connect), anything stored after the room's hole-free part is fetched with `after` (not after
// the newest message shown: live messages may arrive before the join has completed).
// So the socket client's own gap-fill is off (use-chat-socket.ts): it would fetch the same gap
// again. The store drops duplicates by id, so a page overlapping live messages is harmless.
//
// Sends go out one at a time per room, each after the previous one's ack: API Gateway runs the
// frames of one connection concurrently, so messages sent back to back (a burst typed while
// offline, flushed on reconnect) could otherwise be stored, and shown to everyone, out of order.
import type { HistoryQuery, Message, MessagePage } from '@chat/contract';
import type { ChatSocket, ChatSocketStatus } from '@chat/contract/socket';
import { describeSendError, NOT_CONFIRMED } from '../lib/errors.ts';
import type { ChatStore } from './state/chat-store.ts';
import type { OutgoingMessage } from './state/chat-reducer.ts';

export interface ChatControllerOptions {
  store: ChatStore;
  socket: ChatSocket;
  fetchHistory(query: HistoryQuery): Promise<MessagePage>;
  /** The sentence shown when a history request fails. */
  describeError(err: unknown): string;
  /** The room the socket was opened with (already joined). */
  initialRoomId: string;
  newClientMsgId?: () => string;
  now?: () => number;
  /** A pending message not acked this long while live is shown as failed (with retry). */
  ackTimeoutMs?: number;
  /** At most one `typing` per room this often. */
  typingIntervalMs?: number;
  pageSize?: number;
}

export interface Announcement {
  roomId: string;
  message: Message;
  /** The state shown before, when this is a change of a message already there (an edit, a delete, ...). */
  previous?: Message;
}

export interface ChatController {
  /** Shows the room: joins it, loads its latest page if needed, clears its unread count. */
  open(roomId: string): void;
  /** Subscribes to rooms (for their unread counts). Idempotent. */
  joinRooms(roomIds: readonly string[]): void;
  send(roomId: string, text: string, options?: { replyTo?: string }): void;
  /** Puts a message a mutation returned (edit, delete, react) into its room, unless a later state is there. */
  applyMessage(message: Message): void;
  retry(clientMsgId: string): void;
  /** Takes a failed message out of the outbox and returns it (to edit it in the composer). */
  discard(clientMsgId: string): OutgoingMessage | undefined;
  loadOlder(roomId: string): void;
  /** Loads the latest page again (after a failed load). */
  reload(roomId: string): void;
  /** Call on every keystroke; sends `typing` at most once per interval. */
  typing(roomId: string): void;
  /** New messages from others, for screen reader announcements. */
  onAnnouncement(listener: (announcement: Announcement) => void): () => void;
  dispose(): void;
}

const MAX_CATCH_UP_PAGES = 20;

export function createChatController(options: ChatControllerOptions): ChatController {
  const { store, socket } = options;
  const now = options.now ?? Date.now;
  const newClientMsgId = options.newClientMsgId ?? (() => crypto.randomUUID());
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const typingIntervalMs = options.typingIntervalMs ?? 2_500;
  const pageSize = options.pageSize ?? 50;

  const joined = new Set<string>([options.initialRoomId]);
  /** room -> the clientMsgId handed to the socket and not confirmed yet (at most one per room). */
  const inFlight = new Map<string, string>();
  const ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastTyping = new Map<string, number>();
  const queues = new Map<string, Promise<void>>();
  /** Rooms whose subscription became effective since their history was last brought up to date. */
  const needsCatchUp = new Set<string>();
  /** Rooms that had their first `presence` on the current connection. */
  const presenceSeen = new Set<string>();
  /**
   * room -> the newest message id up to which its timeline has no holes (null: loaded, empty).
   * Not simply the newest message shown: after a reconnect, live messages can arrive before
   * the join is complete, newer than messages stored while the room was not subscribed.
   */
  const contiguousUpTo = new Map<string, string | null>();
  /** Rooms subscribed on this connection and caught up: every new message comes live. */
  const upToDate = new Set<string>();
  const announcementListeners = new Set<(a: Announcement) => void>();

  const state = () => store.getState();
  // History answers that land after dispose() still go in: the store outlives a controller.
  const dispatch: ChatStore['dispatch'] = (action) => store.dispatch(action);

  // ---- history ----

  /** Runs one history task of a room after the previous one (so catch-ups see what loads saw). */
  function enqueue(roomId: string, task: () => Promise<void>): void {
    const previous = queues.get(roomId) ?? Promise.resolve();
    const next = previous.then(task).catch((err: unknown) => console.error('chat: history task failed', err));
    queues.set(roomId, next);
  }

  const newestIn = (roomId: string): string | null => state().rooms[roomId]?.messages.at(-1)?.id ?? null;

  function loadLatest(roomId: string): void {
    dispatch({ type: 'historyRequested', roomId, page: 'latest' });
    enqueue(roomId, async () => {
      // Asked after the subscription became effective: nothing can fall between page and live messages.
      const subscribed = presenceSeen.has(roomId);
      needsCatchUp.delete(roomId);
      try {
        const page = await options.fetchHistory({ roomId, limit: pageSize });
        dispatch({ type: 'historyLoaded', roomId, page: 'latest', ...page });
        if (subscribed && presenceSeen.has(roomId)) {
          upToDate.add(roomId);
          contiguousUpTo.set(roomId, newestIn(roomId));
        } else if (!contiguousUpTo.has(roomId)) {
          contiguousUpTo.set(roomId, page.messages[0]?.id ?? null);
        }
      } catch (err) {
        dispatch({ type: 'historyFailed', roomId, error: options.describeError(err) });
      }
    });
  }

  /** Fetches everything stored after the room's hole-free part (all of it when that was empty). */
  function catchUp(roomId: string): void {
    enqueue(roomId, async () => {
      if (!needsCatchUp.delete(roomId)) return;
      if (!contiguousUpTo.has(roomId)) return; // not loaded: its first load brings it up to date
      const after = contiguousUpTo.get(roomId) ?? null;
      const collected: Message[] = [];
      let before: string | null = null;
      for (let i = 0; i < MAX_CATCH_UP_PAGES; i++) {
        const page: MessagePage = await options.fetchHistory({
          roomId,
          limit: 100,
          ...(after !== null && { after }),
          ...(before !== null && { before }),
        });
        collected.push(...page.messages);
        if (page.nextCursor === null || page.nextCursor === before) break;
        before = page.nextCursor;
      }
      dispatch({ type: 'historyLoaded', roomId, page: 'newer', messages: collected, nextCursor: null });
      if (presenceSeen.has(roomId)) {
        upToDate.add(roomId);
        contiguousUpTo.set(roomId, newestIn(roomId));
      }
    });
  }

  // ---- sending ----

  function armAckTimer(clientMsgId: string): void {
    clearTimeout(ackTimers.get(clientMsgId));
    ackTimers.delete(clientMsgId);
    if (socket.status !== 'live') return; // the socket sends it again once live; the timer starts then
    ackTimers.set(
      clientMsgId,
      setTimeout(() => {
        ackTimers.delete(clientMsgId);
        const outgoing = state().outbox.find((o) => o.clientMsgId === clientMsgId);
        if (outgoing?.status === 'pending') dispatch({ type: 'sendFailed', clientMsgId, error: NOT_CONFIRMED });
      }, ackTimeoutMs),
    );
  }

  function clearAckTimer(clientMsgId: string): void {
    clearTimeout(ackTimers.get(clientMsgId));
    ackTimers.delete(clientMsgId);
  }

  function transmit(outgoing: Pick<OutgoingMessage, 'roomId' | 'text' | 'clientMsgId' | 'replyTo'>): void {
    inFlight.set(outgoing.roomId, outgoing.clientMsgId);
    const { roomId, text, clientMsgId, replyTo } = outgoing;
    socket.send({ action: 'sendMessage', roomId, text, clientMsgId, ...(replyTo && { replyTo }) });
    armAckTimer(outgoing.clientMsgId);
  }

  /** After any change: a room whose in-flight message is settled sends its next pending one. */
  function pump(): void {
    const { outbox } = state();
    for (const [roomId, clientMsgId] of inFlight) {
      if (outbox.find((o) => o.clientMsgId === clientMsgId)?.status !== 'pending') inFlight.delete(roomId);
    }
    for (const outgoing of outbox) {
      if (outgoing.status === 'pending' && !inFlight.has(outgoing.roomId)) transmit(outgoing);
    }
  }

  // ---- socket events ----

  function announce(message: Message, previous: Message | undefined): void {
    if (message.userId === state().self.id) return;
    for (const listener of [...announcementListeners]) listener({ roomId: message.roomId, message, ...(previous && { previous }) });
  }

  const storedMessage = (roomId: string, id: string): Message | undefined => state().rooms[roomId]?.messages.find((m) => m.id === id);

  function onStatus(status: ChatSocketStatus): void {
    if (status === 'live') {
      for (const clientMsgId of inFlight.values()) armAckTimer(clientMsgId);
      // Back online (or the server is back): a room that failed to load meanwhile loads again.
      for (const [roomId, room] of Object.entries(state().rooms)) if (room.loadError && !room.loading) controller.reload(roomId);
      return;
    }
    presenceSeen.clear();
    upToDate.clear();
    for (const id of [...ackTimers.keys()]) clearAckTimer(id);
  }

  const unsubscribe = [
    store.subscribe(pump),
    socket.onStatus(onStatus),
    socket.on('message', ({ message }) => {
      const previous = storedMessage(message.roomId, message.id);
      if (previous && previous.seq >= message.seq) return; // a state already shown
      dispatch({ type: 'messageReceived', message });
      if (upToDate.has(message.roomId)) contiguousUpTo.set(message.roomId, newestIn(message.roomId));
      announce(message, previous);
    }),
    socket.on('ack', ({ clientMsgId, message }) => {
      clearAckTimer(clientMsgId);
      dispatch({ type: 'messageReceived', message });
      if (upToDate.has(message.roomId)) contiguousUpTo.set(message.roomId, newestIn(message.roomId));
    }),
    socket.on('error', (event) => {
      if (event.clientMsgId !== undefined) {
        const outgoing = state().outbox.find((o) => o.clientMsgId === event.clientMsgId);
        if (!outgoing) return;
        clearAckTimer(outgoing.clientMsgId);
        dispatch({ type: 'sendFailed', clientMsgId: outgoing.clientMsgId, error: describeSendError(event.code, event.message) });
        // The subscription is gone (expired, or a join that never landed): join again so a retry works.
        if (event.code === 'FORBIDDEN') socket.send({ action: 'joinRoom', roomId: outgoing.roomId });
        return;
      }
      if (event.code === 'NOT_FOUND') return;
      console.warn(`chat: server error ${event.code}: ${event.message}`);
    }),
    socket.on('presence', ({ roomId, users }) => {
      if (users) dispatch({ type: 'presenceChanged', roomId, users });
      if (presenceSeen.has(roomId)) return;
      presenceSeen.add(roomId);
      needsCatchUp.add(roomId);
      catchUp(roomId);
    }),
    socket.on('typing', ({ roomId, user }) => dispatch({ type: 'userTyping', roomId, user, at: now() })),
  ];

  // Messages still pending when the page was last closed go out again (the server dedupes by clientMsgId).
  pump();

  const controller: ChatController = {
    open(roomId) {
      dispatch({ type: 'roomOpened', roomId });
      controller.joinRooms([roomId]);
      const room = state().rooms[roomId];
      if (!room || (room.olderCursor === undefined && room.loading === null)) loadLatest(roomId);
    },
    joinRooms(roomIds) {
      for (const roomId of roomIds) {
        if (joined.has(roomId)) continue;
        joined.add(roomId);
        socket.send({ action: 'joinRoom', roomId });
      }
    },
    send(roomId, text, sendOptions) {
      const trimmed = text.trim();
      if (!trimmed) return;
      const clientMsgId = newClientMsgId();
      lastTyping.delete(roomId);
      const replyTo = sendOptions?.replyTo;
      dispatch({ type: 'messageSent', clientMsgId, roomId, text: trimmed, createdAt: now(), ...(replyTo && { replyTo }) }); // pump() sends it
    },
    applyMessage(message) {
      dispatch({ type: 'messageReceived', message });
    },
    retry(clientMsgId) {
      const outgoing = state().outbox.find((o) => o.clientMsgId === clientMsgId);
      if (outgoing?.status !== 'failed') return;
      dispatch({ type: 'sendRetried', clientMsgId }); // pump() sends it, in turn
    },
    discard(clientMsgId) {
      const outgoing = state().outbox.find((o) => o.clientMsgId === clientMsgId);
      if (!outgoing) return undefined;
      clearAckTimer(clientMsgId);
      dispatch({ type: 'outgoingDiscarded', clientMsgId });
      return outgoing;
    },
    loadOlder(roomId) {
      const room = state().rooms[roomId];
      if (!room || typeof room.olderCursor !== 'string' || room.loading !== null) return;
      const before = room.olderCursor;
      dispatch({ type: 'historyRequested', roomId, page: 'older' });
      options
        .fetchHistory({ roomId, before, limit: pageSize })
        .then((page) => dispatch({ type: 'historyLoaded', roomId, page: 'older', ...page }))
        .catch((err: unknown) => dispatch({ type: 'historyFailed', roomId, error: options.describeError(err) }));
    },
    reload(roomId) {
      const room = state().rooms[roomId];
      if (room?.loading) return;
      if (room?.olderCursor === undefined) loadLatest(roomId);
      else controller.loadOlder(roomId);
    },
    typing(roomId) {
      const at = now();
      if (at - (lastTyping.get(roomId) ?? -Infinity) < typingIntervalMs) return;
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
    },
  };
  return controller;
}
