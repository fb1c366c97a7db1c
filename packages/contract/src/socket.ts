// The typed WebSocket client of the chat protocol, for browsers (global `WebSocket`) and Node
// (pass the `ws` package's class). No dependencies beyond the protocol's schemas, no top-level
// side effects: bundles that do not call `createChatSocket` drop all of this.
//
// What it adds on top of a raw socket:
// - frames validated with `serverEventSchema` (invalid ones are dropped; API Gateway's
//   `{"message":"Internal server error",...}` becomes an `error` event with code INTERNAL);
// - `message` events exactly once per message id: `messageBatch` frames are split into `message`
//   events in order; an `ack` is emitted as `ack` AND (once) as `message`, whichever of the ack
//   and the broadcast of one's own message comes first; gap-fill answers are deduped too;
// - reconnects with exponential backoff and full jitter (waits for the `online` event in an
//   offline browser); the token is read again on every attempt;
// - a browser going `offline` drops the connection at once (status `offline`, not `live` on a
//   socket that cannot carry anything); `online` reconnects;
// - a heartbeat while live: a `ping` every `heartbeat.intervalMs`; no frame at all within
//   `heartbeat.timeoutMs` after it means the socket is dead (a network cut closes nothing), so
//   it is dropped and replaced. The pings also keep API Gateway from closing an idle socket
//   (10 min);
// - after each (re)connect: `joinRoom` for every joined room, then (unless `gapFill: false`),
//   once the server confirms the join (its `presence` answer), a gap-fill of that room from the
//   newest message id seen there (`getMessages` with `after`, following `nextCursor`); the gap is emitted as `message`
//   events oldest first, never as a `messages` event;
// - a room's sendMessage/getMessages wait for that confirmation too (the server runs the frames
//   of one connection concurrently, so one sent right behind its joinRoom could be refused as
//   FORBIDDEN); `typing` before it is dropped; after JOIN_WAIT_MS without one they go anyway;
// - sends made while not live are queued and flushed after the re-join (`typing` is dropped,
//   `joinRoom`/`leaveRoom` only update the joined rooms, which the re-join covers); a
//   `sendMessage` not yet acked when the connection drops is sent again after the reconnect
//   (the server dedupes it by clientMsgId).
//
// Limitations: one gap-fill per room at a time, and while one is in flight every `messages`
// frame for that room is taken as its answer, so an app's own getMessages for that room, sent
// right after a reconnect, may be swallowed (ask again after the gap-fill's `message` events).
// Messages that arrive live during a gap-fill are emitted before the (older) gap: order by id.
// An error answering a gap-fill request is emitted like any other `error` event; the gap-fill
// gives up on that page after a timeout and tries again (twice), then waits for the next reconnect.
import { limits } from './limits.ts';
import {
  serverEventSchema,
  type ActionName,
  type ActionOf,
  type ClientAction,
  type EventOf,
  type EventType,
  type ServerEvent,
} from './protocol.ts';
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

export interface ChatSocketOptions {
  /** e.g. `ws://localhost:3002`; the client appends `?token=...&room=...`. */
  url: string;
  /** Read on every (re)connect, so a refreshed token is picked up. */
  token: string | (() => string | Promise<string>);
  /** The initial room (query parameter `room`); counts as joined. */
  room?: string;
  /** Default `globalThis.WebSocket`. In Node < 22 pass the `ws` package's `WebSocket`. */
  WebSocket?: WebSocketFactory;
  /** Delay before retry n (from 0) is random in [0, min(maxMs, initialMs * factor^n)). */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number };
  /** Page size of gap-fill requests; default and maximum `limits.history.maxLimit` (100). */
  historyPageSize?: number;
  /**
   * Default true. False for an app that brings its rooms up to date itself after a reconnect
   * (the web app does, over HTTP): the gap would otherwise be fetched twice.
   */
  gapFill?: boolean;
  /** Default a ping every 20 s, dead after 10 s without any frame; `false` sends none. */
  heartbeat?: false | { intervalMs?: number; timeoutMs?: number };
}

/** Every server event type but `messageBatch`, which arrives as `message` events, and the heartbeat's `pong`. */
export type ChatEventType = Exclude<EventType, 'messageBatch' | 'pong'>;

export interface ChatSocket {
  readonly status: ChatSocketStatus;
  /** Sends now when live, else queues (see the module comment; `typing` and `ping` are dropped). Ignored after `close()`. */
  send<A extends ActionName>(action: ActionOf<A>): void;
  /** Returns the unsubscribe function. */
  on<T extends ChatEventType>(type: T, handler: (event: EventOf<T>) => void): () => void;
  /** Called on every status change (not with the current status). Returns the unsubscribe function. */
  onStatus(handler: (status: ChatSocketStatus) => void): () => void;
  /** Closes the connection for good: status `closed`, no more reconnects. */
  close(): void;
}

const OPEN = 1;
/** How many message ids are remembered for dedupe. */
const SEEN_MAX = 10_000;
/** A connection live this long resets the backoff. */
const STABLE_MS = 5_000;
/** A gap-fill page not answered this long is requested again (GAP_FILL_TRIES times in all). */
const GAP_FILL_TIMEOUT_MS = 15_000;
const GAP_FILL_TRIES = 3;
/** Room actions held for a join the server has not confirmed are sent anyway after this. */
const JOIN_WAIT_MS = 5_000;
/** Well inside API Gateway's 10 min idle timeout; with the timeout, a dead socket is noticed within 30 s. */
const HEARTBEAT_INTERVAL_MS = 20_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

type Timer = ReturnType<typeof setTimeout>;
type Handler = (event: ServerEvent) => void;
interface GapFill {
  after: string;
  before: string | null;
  collected: Message[];
  tries: number;
  timer?: Timer;
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
  if (!Socket) {
    throw new Error('createChatSocket: no global WebSocket here; pass options.WebSocket (e.g. from "ws")');
  }
  const Ws: WebSocketFactory = Socket;
  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const factor = options.backoff?.factor ?? 2;
  const gapFillOn = options.gapFill ?? true;
  const heartbeat =
    options.heartbeat === false
      ? undefined
      : {
          intervalMs: options.heartbeat?.intervalMs ?? HEARTBEAT_INTERVAL_MS,
          timeoutMs: options.heartbeat?.timeoutMs ?? HEARTBEAT_TIMEOUT_MS,
        };
  const pageSize = Math.max(1, Math.min(limits.history.maxLimit, Math.floor(options.historyPageSize ?? limits.history.maxLimit)));

  let status: ChatSocketStatus = 'connecting';
  let ws: WebSocketLike | null = null;
  let closed = false;
  let generation = 0; // bumped by every connect() and by close(): stale async steps stop
  let attempt = 0;
  let retryTimer: Timer | undefined;
  let stableTimer: Timer | undefined;
  let pingTimer: Timer | undefined; // the next ping
  let deadTimer: Timer | undefined; // no frame since the last ping: dead when it fires
  let stopWaitingOnline: (() => void) | undefined;
  let connectRoom: string | undefined; // $connect subscribes the connection to it

  const rooms = new Set<string>(options.room ? [options.room] : []);
  const newest = new Map<string, string>(); // room -> newest message id seen there
  const seen = new Set<string>(); // insertion-ordered, so the oldest is dropped first
  const queue: ClientAction[] = [];
  const unacked = new Map<string, ClientAction>(); // clientMsgId -> sendMessage
  const gapFills = new Map<string, GapFill>();
  // Per connection: rooms whose join the server confirmed, and what waits for the others.
  const joined = new Set<string>();
  const held = new Map<string, { actions: ClientAction[]; gapFill: boolean; timer: Timer }>();
  const handlers = new Map<string, Set<Handler>>();
  const statusHandlers = new Set<(status: ChatSocketStatus) => void>();

  function call<T>(fn: (arg: T) => void, arg: T): void {
    try {
      fn(arg);
    } catch (err) {
      console.error('chat socket: a handler threw', err);
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

  function noteNewest(roomId: string, id: string): void {
    const current = newest.get(roomId);
    if (current === undefined || id > current) newest.set(roomId, id);
  }

  /** Emits `message` unless this id was already emitted. */
  function deliver(message: Message): void {
    noteNewest(message.roomId, message.id);
    if (seen.has(message.id)) return;
    seen.add(message.id);
    if (seen.size > SEEN_MAX) {
      const oldest = seen.values().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    emit({ type: 'message', message });
  }

  function raw(action: ClientAction): void {
    const sock = ws;
    if (!sock || sock.readyState !== OPEN) return;
    try {
      sock.send(JSON.stringify(action));
    } catch (err) {
      console.error('chat socket: send failed', err);
    }
  }

  function transmit(action: ClientAction): void {
    if (action.action === 'ping') return raw(action);
    if (action.action === 'sendMessage') unacked.set(action.clientMsgId, action);
    const wait = held.get(action.roomId);
    if (!wait) raw(action);
    else if (action.action !== 'typing') wait.actions.push(action);
  }

  // ---- joins ----

  /** Sends joinRoom; the room's actions wait for the server's `presence` answer. */
  function join(roomId: string, gapFill: boolean): void {
    joined.delete(roomId);
    const previous = held.get(roomId);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => joinConfirmed(roomId), JOIN_WAIT_MS);
    held.set(roomId, { actions: previous?.actions ?? [], gapFill: gapFill || (previous?.gapFill ?? false), timer });
    raw({ action: 'joinRoom', roomId });
  }

  /** A `presence` for the room (or the wait ran out): send what waited for the join. */
  function joinConfirmed(roomId: string): void {
    joined.add(roomId);
    const wait = held.get(roomId);
    if (!wait) return;
    clearTimeout(wait.timer);
    held.delete(roomId);
    const after = newest.get(roomId);
    if (wait.gapFill && after !== undefined && rooms.has(roomId)) startGapFill(roomId, after);
    for (const action of wait.actions) transmit(action);
  }

  /** The connection is gone: held actions go back to the queue, in order, for the next one. */
  function releaseHeld(): void {
    const pending: ClientAction[] = [];
    for (const wait of held.values()) {
      clearTimeout(wait.timer);
      for (const action of wait.actions) if (action.action !== 'sendMessage') pending.push(action); // unacked has those
    }
    held.clear();
    joined.clear();
    queue.unshift(...pending);
  }

  // ---- gap-fill ----

  function requestPage(roomId: string, fill: GapFill): void {
    raw({
      action: 'getMessages',
      roomId,
      after: fill.after,
      limit: pageSize,
      ...(fill.before === null ? {} : { before: fill.before }),
    });
    clearTimeout(fill.timer);
    fill.timer = setTimeout(() => {
      if (gapFills.get(roomId) !== fill) return;
      gapFills.delete(roomId);
      if (fill.tries < GAP_FILL_TRIES && status === 'live') startGapFill(roomId, fill.after, fill.tries + 1);
      else if (rooms.has(roomId)) newest.set(roomId, fill.after); // the next reconnect tries again
    }, GAP_FILL_TIMEOUT_MS);
  }

  function startGapFill(roomId: string, after: string, tries = 1): void {
    const fill: GapFill = { after, before: null, collected: [], tries };
    gapFills.set(roomId, fill);
    requestPage(roomId, fill);
  }

  /** Takes a `messages` frame when it answers a gap-fill; returns whether it did. */
  function gapFillPage(event: EventOf<'messages'>): boolean {
    const fill = gapFills.get(event.roomId);
    if (!fill) return false;
    fill.collected.push(...event.messages);
    if (event.nextCursor !== null && event.nextCursor !== fill.before) {
      fill.before = event.nextCursor;
      requestPage(event.roomId, fill);
      return true;
    }
    clearTimeout(fill.timer);
    gapFills.delete(event.roomId);
    if (!rooms.has(event.roomId)) return true; // left meanwhile
    fill.collected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const message of fill.collected) deliver(message);
    return true;
  }

  function abandonGapFills(): void {
    for (const [roomId, fill] of gapFills) {
      clearTimeout(fill.timer);
      if (rooms.has(roomId)) newest.set(roomId, fill.after); // refetch it all next time (deduped)
    }
    gapFills.clear();
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
    switch (event.type) {
      case 'message':
        deliver(event.message);
        break;
      case 'messageBatch':
        for (const message of event.messages) deliver(message);
        break;
      case 'ack':
        unacked.delete(event.clientMsgId);
        emit(event);
        deliver(event.message);
        break;
      case 'messages': {
        if (gapFillPage(event)) break;
        // History the app asked for: when it extends what is known without a hole, later
        // gap-fills can start from its newest message.
        const ids = event.messages.map((m) => m.id).sort();
        const oldest = ids[0];
        const newestId = ids[ids.length - 1];
        const current = newest.get(event.roomId);
        if (oldest !== undefined && newestId !== undefined && (current === undefined || oldest <= current)) {
          noteNewest(event.roomId, newestId);
        }
        emit(event);
        break;
      }
      case 'error':
        if (event.clientMsgId !== undefined) unacked.delete(event.clientMsgId);
        emit(event);
        break;
      case 'presence':
        // Only members get a room's presence: the join has landed.
        if (!joined.has(event.roomId)) joinConfirmed(event.roomId);
        emit(event);
        break;
      case 'pong':
        break; // alive() has seen it
      default:
        emit(event);
    }
  }

  // ---- heartbeat ----

  /** Any frame proves the connection alive: the next ping is a full interval away. */
  function alive(): void {
    if (!heartbeat) return;
    clearTimeout(deadTimer);
    deadTimer = undefined;
    clearTimeout(pingTimer);
    pingTimer = setTimeout(ping, heartbeat.intervalMs);
  }

  function ping(): void {
    if (!heartbeat || !ws) return;
    raw({ action: 'ping' });
    clearTimeout(deadTimer);
    deadTimer = setTimeout(() => {
      console.warn(`chat socket: no answer for ${heartbeat.timeoutMs} ms; reconnecting`);
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
    let token: string;
    try {
      token = typeof options.token === 'function' ? await options.token() : options.token;
    } catch (err) {
      if (gen !== generation) return;
      console.error('chat socket: the token function failed', err);
      scheduleRetry();
      return;
    }
    if (closed || gen !== generation) return;

    const url = new URL(options.url);
    url.searchParams.set('token', token);
    const room = options.room !== undefined && rooms.has(options.room) ? options.room : rooms.values().next().value;
    if (room !== undefined) url.searchParams.set('room', room);
    connectRoom = room;

    let sock: WebSocketLike;
    try {
      sock = new Ws(url.toString());
    } catch (err) {
      console.error('chat socket: cannot open', err);
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
  function drop(): void {
    const sock = ws;
    ws = null;
    generation++; // a connect() still waiting for its token stops
    clearTimeout(stableTimer);
    stopHeartbeat();
    abandonGapFills();
    releaseHeld();
    if (sock && sock.readyState <= OPEN) {
      try {
        sock.close(4000, 'replaced');
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
    for (const roomId of rooms) join(roomId, gapFillOn && newest.has(roomId));
    // $connect subscribed the connection to its room before the socket opened.
    if (connectRoom !== undefined && rooms.has(connectRoom)) joinConfirmed(connectRoom);
    for (const action of unacked.values()) transmit(action);
    for (const action of queue.splice(0)) transmit(action);
    alive();
    setStatus('live');
  }

  const socket: ChatSocket = {
    get status() {
      return status;
    },
    send(sent) {
      if (closed) return;
      const action: ClientAction = sent; // a plain union narrows by `action`; the generic does not
      const live = status === 'live' && ws?.readyState === OPEN;
      switch (action.action) {
        case 'joinRoom':
          rooms.add(action.roomId);
          if (live) join(action.roomId, false);
          return;
        case 'leaveRoom': {
          rooms.delete(action.roomId);
          newest.delete(action.roomId);
          if (!live) return;
          const wait = held.get(action.roomId);
          if (wait) joinConfirmed(action.roomId); // what the app sent before leaving still goes, in order
          joined.delete(action.roomId);
          raw(action);
          return;
        }
        case 'typing':
        case 'ping':
          if (live) transmit(action); // typing is dropped while its room's join is unconfirmed
          return;
        default:
          if (live) transmit(action);
          else queue.push(action);
      }
    },
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
      generation++;
      clearTimeout(retryTimer);
      clearTimeout(stableTimer);
      stopHeartbeat();
      stopWaitingOnline?.();
      env.removeEventListener?.call(env, 'offline', onOffline);
      for (const fill of gapFills.values()) clearTimeout(fill.timer);
      gapFills.clear();
      for (const wait of held.values()) clearTimeout(wait.timer);
      held.clear();
      queue.length = 0;
      const sock = ws;
      ws = null;
      if (sock) {
        try {
          sock.close(1000, 'closed by client');
        } catch {
          // already closing
        }
      }
      setStatus('closed');
    },
  };

  void connect();
  return socket;
}
