// The SDK's public surface: one object per signed-in user, over the chat's two endpoints
// (tRPC over HTTP for accounts, rooms and edits; the WebSocket for live events and sends).
// Inputs and outputs are the contract's own (inferred from AppRouter), so the SDK cannot drift
// from the server.
import type { AppRouter, AuthResult, EventOf, Message, RoomSummary, User } from '@chat/contract';
import type { ChatEventType, ChatSocket, ChatSocketLogger, ChatSocketStatus, WebSocketFactory } from '@chat/contract/socket';

// The contract's types a program meets through the client, so that it needs no other package.
export type { AppRouter, ErrorCode, EventOf, Message, PublicUser, Reaction, Room, RoomKind, RoomSummary, User } from '@chat/contract';
export type { ChatEventType, ChatSocket, ChatSocketLogger, ChatSocketStatus, WebSocketFactory, WebSocketLike } from '@chat/contract/socket';
import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type ApiInputs = inferRouterInputs<AppRouter>;
export type ApiOutputs = inferRouterOutputs<AppRouter>;

export interface ChatClientOptions {
  /** The tRPC endpoint, e.g. `http://localhost:3001/trpc`. */
  apiUrl: string;
  /** The WebSocket endpoint, e.g. `ws://localhost:3002`. */
  wsUrl: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Default `globalThis.WebSocket` (browsers, Node >= 22); in Node 20 pass the `ws` package's `WebSocket`. */
  WebSocket?: WebSocketFactory;
  /** A token kept from an earlier login: the client starts signed in (check it with `me()`). */
  token?: string;
  /** Where the client's own troubles go (a handler that threw, a failed reconnect). Default `console`. */
  logger?: ChatSocketLogger;
}

/** What `on` can listen to: every socket event, plus the connection's status. */
export type ChatClientEvents = { [T in ChatEventType]: EventOf<T> } & { status: ChatSocketStatus };

/** What signup and login answer. */
export type Session = AuthResult;

export interface ChatClient {
  /** The session's token (null before login/signup and after logout): keep it to resume later. */
  readonly token: string | null;
  /** The signed-in user, once known (login, signup, me). */
  readonly user: User | null;
  /** The live connection's status; `closed` before `connect()` and after `close()`/`logout()`. */
  readonly status: ChatSocketStatus;

  signup(input: ApiInputs['auth']['signup']): Promise<Session>;
  login(input: ApiInputs['auth']['login']): Promise<Session>;
  me(): Promise<User>;
  /** A single-use ticket for a WebSocket connection (the client gets its own; for other sockets). */
  wsTicket(): Promise<ApiOutputs['auth']['wsTicket']>;
  /** Closes the connection and forgets the token. */
  logout(): void;

  /**
   * Opens the live connection (with a fresh ticket on every (re)connect); reconnects and resumes
   * every room by itself. Resolves once live (rejects on `signal` or `close()`); it waits through
   * reconnects, so watch `on('status')` to tell a user the server is unreachable. Sends and
   * iterators open the connection themselves, without waiting.
   */
  connect(options?: { signal?: AbortSignal }): Promise<void>;
  /** Closes the live connection for good (iterators end); `connect()` opens a new one. */
  close(): void;

  rooms: {
    list(): Promise<RoomSummary[]>;
    browse(input?: ApiInputs['rooms']['browse']): Promise<ApiOutputs['rooms']['browse']>;
    create(input: ApiInputs['rooms']['create']): Promise<ApiOutputs['rooms']['create']>;
    join(roomId: string): Promise<ApiOutputs['rooms']['join']>;
    leave(roomId: string): Promise<ApiOutputs['rooms']['leave']>;
    invite(roomId: string, userId: string): Promise<ApiOutputs['rooms']['invite']>;
    /** A DM with these users (1-8 others); the same room whoever opens it. */
    openDm(userIds: string[]): Promise<ApiOutputs['rooms']['openDm']>;
    update(input: ApiInputs['rooms']['update']): Promise<ApiOutputs['rooms']['update']>;
    members(roomId: string): Promise<ApiOutputs['rooms']['members']>;
    markRead(roomId: string, seq: number): Promise<ApiOutputs['rooms']['markRead']>;
  };
  users: {
    search(input: ApiInputs['users']['search']): Promise<ApiOutputs['users']['search']>;
  };

  /**
   * Sends over the socket; resolves with the stored message (its ack). Sent again across
   * reconnects (the server dedupes by `clientMsgId`) until acked or `timeoutMs` (default 15 s) passed.
   * Rejects with a `ChatRequestError` (`code`: the server's, or TIMEOUT / CLOSED).
   */
  send(roomId: string, text: string, options?: { replyTo?: string; clientMsgId?: string; timeoutMs?: number }): Promise<Message>;
  edit(roomId: string, messageId: string, text: string): Promise<Message>;
  delete(roomId: string, messageId: string): Promise<Message>;
  /** `on` defaults to true (add the reaction); false removes it. */
  react(roomId: string, messageId: string, emoji: string, on?: boolean): Promise<Message>;

  /** Returns the unsubscribe function. */
  on<T extends keyof ChatClientEvents>(type: T, handler: (event: ChatClientEvents[T]) => void): () => void;
  /**
   * The room's live messages from its join on (new ones and every later state of them: edits,
   * deletes, reactions; one's own sends too), each state once, in seq order, across reconnects
   * (what changed while away comes first); buffered in order for a slow reader. Focuses the room
   * while iterated. Ends on `signal`, `close()`, or when the user leaves the room; throws a
   * `ChatRequestError` if the server refuses the room. What was sent before the room's `joined`
   * event (`on('joined')`) may be missing: read that from `history`.
   */
  live(roomId: string, options?: { signal?: AbortSignal }): AsyncIterableIterator<Message>;
  /** The room's history, newest first, page by page (`pageSize` default 50) until its start. */
  history(roomId: string, options?: { pageSize?: number; replyTo?: string }): AsyncIterableIterator<Message>;

  /** The typed tRPC client, with the session's token, for what the methods above do not cover. */
  readonly api: TRPCClient<AppRouter>;
  /** The live connection, once opened (by `connect`, `send` or `live`); null after `close()`. */
  readonly socket: ChatSocket | null;
}
