// The typed WebSocket client of the chat protocol (v2), for browsers (global `WebSocket`) and Node
// (pass the `ws` package's class). No dependencies beyond the protocol's schemas, no top-level
// side effects. It alone keeps a client's rooms complete across reconnects:
// - `message` is emitted once per new or changed state of a message (from `message`,
//   `messageBatch` split in order, `ack` and `joined.changes`): a state whose seq is not higher
//   than the one already emitted for its id is dropped (delivery is at-least-once);
// - a connection gets the changes of every room its user is a member of, focused or not (v2
//   part 2). `lastSeq(roomId)` is the seq up to which the room's feed is complete: the highest
//   seq seen in `message`, `messageBatch` and `joined`, not in acks (one's own can overtake
//   others' earlier changes) nor in history (an old message edited lately has a high seq); kept
//   for every room seen, across leaveRoom and reconnects, until `roomLeft`;
// - a drop leaves a hole in every room's feed, and a `joinRoom` with `since` fills one: until its
//   `joined` without `hasMore`, lastSeq stays at the resume point (live frames are emitted, not
//   counted); a `joined` with `hasMore` moves it to its highest change seq and is followed by a
//   `joinRoom` from there. joinRoom sends `since: lastSeq` (none known: no since, and the
//   `joined` seq becomes lastSeq);
// - after each (re)connect every focused room (`room`, each `joinRoom`, minus `leaveRoom`,
//   `roomLeft` and the oldest beyond the server's cap of 10) is joined so; the others keep their
//   resume point until the app joins them;
// - a room's actions wait for its `joined` (API Gateway runs one connection's frames
//   concurrently: one right behind its joinRoom may run first; `typing` needs the focus, and
//   from part 2 on a public room's first joinRoom makes the member), at most JOIN_WAIT_MS;
//   `typing` meanwhile is dropped;
// - `request` gives an action an `id` and resolves with the frame echoing it. One unanswered
//   when the connection drops is sent again, same `id`, on the next (each action with an answer
//   is safe to repeat: sendMessage is deduped by clientMsgId, the others read or focus);
// - sends made while not live are queued (`typing`, `ping` dropped; join/leave only change the
//   focus); a `sendMessage` not acked yet when the connection drops is sent again;
// - reconnects with exponential backoff and full jitter, reading the ticket or token again each
//   time; an UNAUTHORIZED `error` (the connection's token expired or was revoked) reconnects too,
//   keeping what was unanswered for the new connection, like a drop; an
//   `offline` browser drops the connection at once and waits for `online`; a `ping` heartbeat
//   (every interval, whatever arrives) finds dead sockets (a network cut closes nothing), keeps
//   API Gateway's 10 min idle timeout away and tells the server this client is still there; API Gateway's `{"message":"Internal server error"}` becomes an INTERNAL error.
import {
  serverEventSchema,
  type ActionName,
  type ActionOf,
  type ClientAction,
  type ErrorCode,
  type EventOf,
  type EventType,
  type ServerEvent,
} from './protocol.ts';
import { limits } from './limits.ts';
import type { Message } from './schemas.ts';

export type ChatSocketStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'closed';

/* eslint-disable @typescript-eslint/no-explicit-any -- must accept the DOM's and `ws`'s event types alike */
/** The part of the WebSocket API the client uses: the browser's `WebSocket` and `ws` both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  onmessage: ((ev: any) => void) | null; // reads `ev.data`
}
/* eslint-enable @typescript-eslint/no-explicit-any */
export type WebSocketFactory = new (url: string) => WebSocketLike;

/** Read on every (re)connect, so that a fresh one is picked up. */
export type Credential = string | (() => string | Promise<string>);

/** Exactly one of `ticket` (preferred: the long-lived token then never sits in a URL) and `token`. */
export type ChatSocketCredentials =
  | { /** A single-use ticket (auth.wsTicket) per connect: `?ticket=`. */ ticket: () => string | Promise<string>; token?: never }
  | { /** The JWT itself: `?token=`, for clients that cannot get tickets. */ token: Credential; ticket?: never };

export type ChatSocketOptions = ChatSocketCredentials & ChatSocketBaseOptions;

export interface ChatSocketBaseOptions {
  /** e.g. `ws://localhost:3002`; the client appends `?ticket=...` or `?token=...`. */
  url: string;
  /** The initial room: focused like a `joinRoom`. */
  room?: string;
  /** Default `globalThis.WebSocket`. In Node < 22 pass the `ws` package's `WebSocket`. */
  WebSocket?: WebSocketFactory;
  /** Delay before retry n (from 0) is random in [0, min(maxMs, initialMs * factor^n)). */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number };
  /** Default a ping every 20 s, dead after 10 s without any frame; `false` sends none. */
  heartbeat?: false | { intervalMs?: number; timeoutMs?: number };
  /** Where the client's own troubles go (a handler that threw, a failed reconnect). Default `console`. */
  logger?: ChatSocketLogger;
}

/** The part of `console` the client writes to. */
export type ChatSocketLogger = Pick<Console, 'warn' | 'error'>;

/** Every server event type but `messageBatch`, which arrives as `message` events, and the heartbeat's `pong`. */
export type ChatEventType = Exclude<EventType, 'messageBatch' | 'pong'>;

/** The frame that answers each action that has an answer. */
export interface AnswerOf {
  sendMessage: EventOf<'ack'>;
  getMessages: EventOf<'messages'>;
  joinRoom: EventOf<'joined'>;
  ping: EventOf<'pong'>;
}
export type RequestName = keyof AnswerOf;

/**
 * A request that got no answer: the server's `error` frame (`frame`, `code` its code), no answer
 * within the timeout (`TIMEOUT`), the socket closed first (`CLOSED`), or an `id` already in flight
 * on this socket (`BAD_REQUEST` without a frame).
 */
export class ChatRequestError extends Error {
  override name = 'ChatRequestError';
  constructor(
    readonly code: ErrorCode | 'TIMEOUT' | 'CLOSED',
    message: string,
    readonly frame?: EventOf<'error'>,
  ) {
    super(message);
  }
}

export interface ChatSocket {
  readonly status: ChatSocketStatus;
  /** Sends now when live, else queues (see the module comment). Ignored after `close()`. */
  send<A extends ActionName>(action: ActionOf<A>): void;
  /**
   * Sends the action with a fresh `id` (unless it has one) and resolves with the frame that
   * answers it; an `error` answer rejects (and is not emitted as an `error` event). Answered
   * frames are emitted as events too. Default timeout 15 s, counted across reconnects.
   */
  request<A extends RequestName>(action: ActionOf<A>, options?: { timeoutMs?: number }): Promise<AnswerOf[A]>;
  /**
   * The seq up to which the room's change feed is complete (its resume point while a hole left by
   * a reconnect is not filled yet); undefined before its first `joined` or change, and after `roomLeft`.
   */
  lastSeq(roomId: string): number | undefined;
  /** Returns the unsubscribe function. */
  on<T extends ChatEventType>(type: T, handler: (event: EventOf<T>) => void): () => void;
  /** Called on every status change (not with the current status). Returns the unsubscribe function. */
  onStatus(handler: (status: ChatSocketStatus) => void): () => void;
  /** Closes the connection for good: status `closed`, no more reconnects, pending requests rejected. */
  close(): void;
}

const OPEN = 1;
/** How many message ids are remembered (with their seq) for dedupe. */
const SEEN_MAX = 10_000;
/** A connection live this long resets the backoff. */
const STABLE_MS = 5_000;
/** Room actions held for a join the server has not answered are sent anyway after this. */
const JOIN_WAIT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Well inside API Gateway's 10 min idle timeout; with the timeout, a dead socket is noticed within 30 s. */
const HEARTBEAT_INTERVAL_MS = 20_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

type Timer = ReturnType<typeof setTimeout>;
type Handler = (event: ServerEvent) => void;
interface Pending {
  resolve: (frame: ServerEvent) => void;
  reject: (err: ChatRequestError) => void;
  timer: Timer;
}
interface BrowserGlobals {
  WebSocket?: WebSocketFactory;
  navigator?: { onLine?: boolean };
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
}

export function createChatSocket(options: ChatSocketOptions): ChatSocket {
  const env = globalThis as BrowserGlobals;
  const Socket = options.WebSocket ?? env.WebSocket;
  if (!Socket) throw new Error('createChatSocket: no global WebSocket here; pass options.WebSocket (e.g. from "ws")');
  const Ws: WebSocketFactory = Socket; // narrowed for the functions below
  const log = options.logger ?? console;
  const { initialMs = 500, maxMs = 30_000, factor = 2 } = options.backoff ?? {};
  const beat = options.heartbeat === false ? undefined : (options.heartbeat ?? {});
  const heartbeat = beat && { intervalMs: beat.intervalMs ?? HEARTBEAT_INTERVAL_MS, timeoutMs: beat.timeoutMs ?? HEARTBEAT_TIMEOUT_MS };

  let status: ChatSocketStatus = 'connecting';
  let ws: WebSocketLike | null = null;
  let closed = false;
  let generation = 0; // bumped by every connect(), drop() and close(): stale async steps stop
  let attempt = 0;
  let requestCount = 0;
  let retryTimer: Timer | undefined;
  let stableTimer: Timer | undefined;
  let pingTimer: Timer | undefined; // the next ping
  let deadTimer: Timer | undefined; // no frame since the last ping: dead when it fires
  let stopWaitingOnline: (() => void) | undefined;

  const focused = new Set<string>(options.room ? [options.room] : []); // insertion order = focus age
  const seqs = new Map<string, number>(); // room -> the highest seq seen in its feed
  // Rooms whose feed has a hole (since a drop, or a join's since) -> the seq to resume from, until a
  // `joined` without hasMore fills it.
  const resumeFrom = new Map<string, number>();
  const emitted = new Map<string, number>(); // message id -> seq emitted; insertion order = age
  const pending = new Map<string, Pending>(); // request id -> its promise
  // What must still go out, in order, on this or the next connection: sendMessages until acked,
  // requests until answered, and sends queued while not live (those leave once transmitted).
  const outbox = new Map<string, ClientAction>();
  // Per connection: the rooms whose `joined` has not come yet, and the actions waiting for it.
  const held = new Map<string, { actions: ClientAction[]; joinId: string; timer: Timer }>();
  const handlers = new Map<string, Set<Handler>>();
  const statusHandlers = new Set<(status: ChatSocketStatus) => void>();

  function call<T>(fn: (arg: T) => void, arg: T): void {
    try {
      fn(arg);
    } catch (err) {
      log.error('chat socket: a handler threw', err);
    }
  }

  function setStatus(next: ChatSocketStatus): void {
    if (status === next) return;
    status = next;
    for (const fn of [...statusHandlers]) call(fn, next);
  }

  function emit(event: ServerEvent): void {
    const set = handlers.get(event.type);
    if (set) for (const fn of [...set]) call(fn, event);
  }

  /** A message from the room's change feed: it moves the room's lastSeq. */
  function fromFeed(message: Message): void {
    if (message.seq > (seqs.get(message.roomId) ?? -1)) seqs.set(message.roomId, message.seq);
    deliver(message);
  }

  /** Emits `message` unless this state (or a later one) of the message was already emitted. */
  function deliver(message: Message): void {
    const previous = emitted.get(message.id);
    if (previous !== undefined && message.seq <= previous) return;
    emitted.delete(message.id); // re-inserted as the newest
    emitted.set(message.id, message.seq);
    if (emitted.size > SEEN_MAX) emitted.delete(emitted.keys().next().value!);
    emit({ type: 'message', message });
  }

  function raw(action: ClientAction): void {
    const sock = ws;
    if (!sock || sock.readyState !== OPEN) return;
    try {
      sock.send(JSON.stringify(action));
    } catch (err) {
      log.error('chat socket: send failed', err);
    }
  }

  /** Sends now, or holds the action while its room's join is unanswered (`typing` is dropped then). */
  function transmit(action: ClientAction): void {
    const wait = action.action === 'ping' ? undefined : held.get(action.roomId);
    if (!wait) raw(action);
    else if (action.action !== 'typing') wait.actions.push(action);
  }

  function isLive(): boolean {
    return status === 'live' && ws?.readyState === OPEN;
  }

  // ---- joins ----

  function lastSeq(roomId: string): number | undefined {
    return resumeFrom.get(roomId) ?? seqs.get(roomId);
  }

  /** Sends joinRoom from the room's lastSeq; the room's actions wait for the `joined` answer. */
  function join(roomId: string, id = `j${(++requestCount).toString(36)}`, since?: number): void {
    const from = lastSeq(roomId) ?? since;
    if (from !== undefined) resumeFrom.set(roomId, from);
    const previous = held.get(roomId);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => release(roomId), JOIN_WAIT_MS);
    held.set(roomId, { actions: previous?.actions ?? [], joinId: id, timer });
    raw({ action: 'joinRoom', id, roomId, ...(from === undefined ? {} : { since: from }) });
  }

  /** The room's `joined` came (or the wait ran out): send what waited for it. */
  function release(roomId: string): void {
    const wait = held.get(roomId);
    if (!wait) return;
    clearTimeout(wait.timer);
    held.delete(roomId);
    for (const action of wait.actions) transmit(action);
  }

  function onJoined(event: EventOf<'joined'>): void {
    const { roomId, changes } = event;
    changes.forEach(fromFeed);
    if (!seqs.has(roomId)) seqs.set(roomId, event.seq); // nothing seen yet: the feed starts here
    const last = changes.reduce((max, m) => Math.max(max, m.seq), -1);
    const more = event.hasMore && last >= 0;
    if (more) resumeFrom.set(roomId, last);
    else resumeFrom.delete(roomId); // the hole is filled: what came live meanwhile counts now
    release(roomId);
    emit(event);
    if (more && focused.has(roomId)) raw({ action: 'joinRoom', roomId, since: last });
  }

  /** The user is no longer a member: no resume join, no seq, and what waited for its join goes (to its refusal). */
  function forget(roomId: string): void {
    focused.delete(roomId);
    seqs.delete(roomId);
    resumeFrom.delete(roomId);
    release(roomId);
  }

  // ---- requests ----

  /** Resolves or rejects the request the frame answers; returns whether there was one. */
  function settle(event: EventOf<'ack' | 'joined' | 'messages' | 'pong' | 'error'>): boolean {
    const id = event.id;
    const request = id === undefined ? undefined : pending.get(id);
    if (id === undefined || !request) return false;
    pending.delete(id);
    outbox.delete(`r:${id}`);
    clearTimeout(request.timer);
    if (event.type === 'error') request.reject(new ChatRequestError(event.code, event.message, event));
    else request.resolve(event);
    return true;
  }

  // ---- incoming frames ----

  function onFrame(data: unknown): void {
    alive();
    const text =
      typeof data === 'string' ? data : data instanceof Uint8Array ? new TextDecoder().decode(data) : undefined;
    if (text === undefined) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = serverEventSchema.safeParse(json);
    if (!parsed.success) {
      const gateway = json as { type?: unknown; message?: unknown } | null;
      if (gateway && typeof gateway === 'object' && gateway.type === undefined && gateway.message === 'Internal server error') {
        emit({ type: 'error', code: 'INTERNAL', message: gateway.message });
      }
      return;
    }
    const event = parsed.data;
    // The connection's token expired or was revoked: nothing more works on it. A new connection,
    // with a fresh ticket or token, gets every unanswered action again.
    if (event.type === 'error' && event.code === 'UNAUTHORIZED') {
      drop(4001, 'unauthorized');
      scheduleRetry();
      return;
    }
    if (event.type === 'error') {
      if (event.clientMsgId !== undefined) outbox.delete(`c:${event.clientMsgId}`);
      // A refused join gets no `joined`: what waits for it goes now (and meets its own answer).
      for (const [roomId, wait] of held) if (event.id !== undefined && wait.joinId === event.id) release(roomId);
    }
    if ('id' in event && settle(event) && event.type === 'error') return; // the request's caller has it
    switch (event.type) {
      case 'message':
        return fromFeed(event.message);
      case 'messageBatch':
        return event.messages.forEach(fromFeed);
      case 'ack':
        outbox.delete(`c:${event.clientMsgId}`);
        emit(event);
        return deliver(event.message);
      case 'joined':
        return onJoined(event);
      case 'roomLeft':
        forget(event.roomId);
        return emit(event);
      case 'pong':
        return; // alive() has seen it
      default:
        emit(event);
    }
  }

  // ---- heartbeat ----

  /**
   * Any frame proves the connection alive. Pings still go every interval, frames or not: the
   * server takes them as this client's heartbeat (presence drops a focus that misses them).
   */
  function alive(): void {
    if (!heartbeat) return;
    clearTimeout(deadTimer);
    deadTimer = undefined;
    pingTimer ??= setTimeout(ping, heartbeat.intervalMs);
  }

  function ping(): void {
    pingTimer = undefined;
    if (!heartbeat || !ws) return;
    raw({ action: 'ping' });
    pingTimer = setTimeout(ping, heartbeat.intervalMs);
    // Dead `timeoutMs` after the first ping no frame followed (later pings do not push it back).
    deadTimer ??= setTimeout(() => {
      log.warn(`chat socket: no answer for ${heartbeat.timeoutMs} ms; reconnecting`);
      drop();
      scheduleRetry();
    }, heartbeat.timeoutMs);
  }

  function stopHeartbeat(): void {
    clearTimeout(pingTimer);
    clearTimeout(deadTimer);
    pingTimer = deadTimer = undefined;
  }

  // ---- connection lifecycle ----

  function isOffline(): boolean {
    return env.navigator?.onLine === false;
  }

  function backoffDelay(): number {
    const cap = Math.min(maxMs, initialMs * factor ** attempt);
    attempt++;
    return Math.random() * cap;
  }

  function scheduleRetry(): void {
    if (closed) return;
    setStatus('reconnecting');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), isOffline() ? 0 : backoffDelay());
  }

  function waitOnline(): void {
    setStatus('offline');
    stopWaitingOnline?.();
    const { addEventListener, removeEventListener } = env;
    if (typeof addEventListener !== 'function' || typeof removeEventListener !== 'function') {
      retryTimer = setTimeout(() => void connect(), backoffDelay());
      return;
    }
    const onOnline = (): void => {
      stopWaitingOnline?.();
      attempt = 0;
      setStatus('reconnecting');
      void connect();
    };
    addEventListener.call(env, 'online', onOnline);
    stopWaitingOnline = () => {
      removeEventListener.call(env, 'online', onOnline);
      stopWaitingOnline = undefined;
    };
  }

  async function connect(): Promise<void> {
    if (closed) return;
    const gen = ++generation;
    if (isOffline()) {
      waitOnline();
      return;
    }
    const [param, credential] = options.ticket ? (['ticket', options.ticket] as const) : (['token', options.token] as const);
    let value: string;
    try {
      value = typeof credential === 'function' ? await credential() : credential;
    } catch (err) {
      if (gen !== generation) return;
      log.error(`chat socket: the ${param} function failed`, err);
      scheduleRetry();
      return;
    }
    if (closed || gen !== generation) return;

    const url = new URL(options.url);
    url.searchParams.set(param, value);

    let sock: WebSocketLike;
    try {
      sock = new Ws(url.toString());
    } catch (err) {
      log.error('chat socket: cannot open', err);
      scheduleRetry();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      if (ws === sock) onOpen();
    };
    sock.onmessage = (ev) => {
      if (ws === sock) onFrame(ev.data);
    };
    sock.onerror = () => {}; // a close follows
    sock.onclose = () => {
      if (ws !== sock) return;
      drop();
      scheduleRetry();
    };
  }

  /** Forgets the current connection (closing it, if it is not closed yet); the caller says what comes next. */
  function drop(code = 4000, reason = 'replaced'): void {
    const sock = ws;
    ws = null;
    generation++; // a connect() still waiting for its token stops
    clearTimeout(stableTimer);
    stopHeartbeat();
    // Held actions the outbox does not keep go back into it, in order, for the next connection.
    const kept = new Set(outbox.values());
    for (const wait of held.values()) {
      clearTimeout(wait.timer);
      for (const action of wait.actions) if (!kept.has(action)) outbox.set(`q:${++requestCount}`, action);
    }
    held.clear();
    // Every room's feed has a hole from now on: it resumes from here (or from an earlier hole).
    for (const [roomId, seq] of seqs) if (!resumeFrom.has(roomId)) resumeFrom.set(roomId, seq);
    if (sock && sock.readyState <= OPEN) {
      try {
        sock.close(code, reason);
      } catch {
        // already closing
      }
    }
  }

  // The browser says the network is gone: nothing can flow, so say so now and wait for `online`.
  const onOffline = (): void => {
    if (closed) return;
    drop();
    clearTimeout(retryTimer);
    waitOnline();
  };
  env.addEventListener?.call(env, 'offline', onOffline);

  function onOpen(): void {
    clearTimeout(stableTimer);
    stableTimer = setTimeout(() => (attempt = 0), STABLE_MS);
    // A pending joinRoom request is answered by its room's resume join.
    const joinRequests = new Map<string, ActionOf<'joinRoom'>>();
    for (const action of outbox.values()) if (action.action === 'joinRoom') joinRequests.set(action.roomId, action);
    for (const roomId of focused) join(roomId, joinRequests.get(roomId)?.id, joinRequests.get(roomId)?.since);
    for (const [key, action] of [...outbox]) {
      if (key.startsWith('q:')) outbox.delete(key);
      if (action.action !== 'joinRoom') transmit(action);
    }
    alive();
    setStatus('live');
  }

  /** Focus changes take effect at once when live; otherwise the next connect's re-join covers them. */
  function focus(action: ActionOf<'joinRoom'> | ActionOf<'leaveRoom'>): void {
    const live = isLive();
    focused.delete(action.roomId);
    if (action.action === 'joinRoom') {
      focused.add(action.roomId); // the newest; the server unfocuses the oldest beyond its cap
      if (focused.size > limits.focus.maxRooms) focused.delete(focused.values().next().value!);
      if (live) join(action.roomId, action.id, action.since);
      return;
    }
    // Unfocused, the room's changes still come (membership): its lastSeq stays.
    if (!live) return;
    release(action.roomId); // what the app sent before leaving still goes, in order
    raw(action);
  }

  const socket: ChatSocket = {
    get status() {
      return status;
    },
    send(sent) {
      if (closed) return;
      const action: ClientAction = sent; // a plain union narrows by `action`; the generic does not
      if (action.action === 'joinRoom' || action.action === 'leaveRoom') return focus(action);
      if (action.action === 'sendMessage') outbox.set(`c:${action.clientMsgId}`, action); // until acked
      if (isLive()) transmit(action);
      else if (action.action === 'getMessages') outbox.set(`q:${++requestCount}`, action); // typing and ping are dropped
    },
    request(sent, { timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
      const asked: ClientAction = sent;
      const id = asked.id ?? `r${(++requestCount).toString(36)}`;
      const action = { ...asked, id };
      return new Promise((resolve, reject) => {
        if (closed) return reject(new ChatRequestError('CLOSED', 'the socket is closed'));
        if (pending.has(id)) return reject(new ChatRequestError('BAD_REQUEST', `request id "${id}" is already in flight`));
        const timer = setTimeout(() => {
          pending.delete(id);
          outbox.delete(`r:${id}`);
          reject(new ChatRequestError('TIMEOUT', `no answer to ${action.action} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (frame: ServerEvent) => void, reject, timer });
        outbox.set(`r:${id}`, action);
        if (action.action === 'joinRoom') focus(action);
        else if (isLive()) transmit(action);
      });
    },
    lastSeq,
    on(type, handler) {
      const set = handlers.get(type) ?? new Set<Handler>();
      handlers.set(type, set);
      const fn = handler as Handler;
      set.add(fn);
      return () => void set.delete(fn);
    },
    onStatus(handler) {
      statusHandlers.add(handler);
      return () => void statusHandlers.delete(handler);
    },
    close() {
      if (closed) return;
      closed = true;
      drop(1000, 'closed by client');
      clearTimeout(retryTimer);
      stopWaitingOnline?.();
      env.removeEventListener?.call(env, 'offline', onOffline);
      outbox.clear();
      for (const request of pending.values()) {
        clearTimeout(request.timer);
        request.reject(new ChatRequestError('CLOSED', 'the socket was closed'));
      }
      pending.clear();
      setStatus('closed');
    },
  };

  void connect();
  return socket;
}
