// createChatClient: the chat's two endpoints behind one object. Accounts, rooms, edits and
// history go over tRPC (HTTP, the session's bearer token); live events and sends over the
// contract's socket client, which alone does reconnecting, resuming and dedupe.
import type { AppRouter, User } from '@chat/contract';
import { createChatSocket, type ChatEventType, type ChatSocket, type ChatSocketStatus } from '@chat/contract/socket';
import { createTRPCClient, httpLink } from '@trpc/client';
import { newClientMsgId } from './client-msg-id.ts';
import { historyPages } from './history.ts';
import { createLiveRooms, type LiveRooms } from './live.ts';
import type { ChatClient, ChatClientEvents, ChatClientOptions, Session } from './types.ts';

type AnyHandler = (event: never) => void;

export function createChatClient(options: ChatClientOptions): ChatClient {
  let token: string | null = options.token ?? null;
  let user: User | null = null;
  let socket: ChatSocket | null = null;
  let liveRooms: LiveRooms | null = null;
  const unwire: (() => void)[] = [];

  const api = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: options.apiUrl,
        ...(options.fetch && { fetch: options.fetch }),
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });

  // Handlers outlive sockets: registered here, and fed by whichever socket is current.
  const handlers = new Map<keyof ChatClientEvents, Set<AnyHandler>>();
  function dispatch<T extends keyof ChatClientEvents>(type: T, event: ChatClientEvents[T]): void {
    for (const handler of [...(handlers.get(type) ?? [])]) {
      try {
        (handler as (event: ChatClientEvents[T]) => void)(event);
      } catch (err) {
        (options.logger ?? console).error(`chat client: an "${type}" handler threw`, err);
      }
    }
  }
  /** Subscribes the current socket to one event type, once per socket. */
  function wire(type: ChatEventType): void {
    if (!socket) return;
    unwire.push(socket.on(type, (event) => dispatch(type, event as ChatClientEvents[typeof type])));
  }

  function requireToken(): string {
    if (!token) throw new Error('chat client: not signed in (call signup or login first, or pass options.token)');
    return token;
  }

  /** The current socket, opened (not necessarily live yet) if there is none. */
  function ensureSocket(): { socket: ChatSocket; liveRooms: LiveRooms } {
    requireToken();
    if (socket && liveRooms) return { socket, liveRooms };
    const opened = createChatSocket({
      url: options.wsUrl,
      // A single-use ticket per (re)connect: the long-lived token never sits in a URL.
      ticket: async () => (await api.auth.wsTicket.mutate()).ticket,
      ...(options.WebSocket && { WebSocket: options.WebSocket }),
      ...(options.logger && { logger: options.logger }),
    });
    socket = opened;
    liveRooms = createLiveRooms(opened);
    unwire.push(opened.onStatus((status) => dispatch('status', status)));
    for (const type of handlers.keys()) if (type !== 'status') wire(type);
    dispatch('status', opened.status);
    return { socket: opened, liveRooms };
  }

  function close(): void {
    const current = socket;
    if (!current) return;
    current.close(); // its 'closed' status still reaches the handlers, then they are unwired
    for (const off of unwire.splice(0)) off();
    socket = null;
    liveRooms = null;
  }

  function signedIn(session: Session): Session {
    if (socket && session.token !== token) close(); // another user: the old connection is theirs
    token = session.token;
    user = session.user;
    return session;
  }

  const client: ChatClient = {
    get token() {
      return token;
    },
    get user() {
      return user;
    },
    get status(): ChatSocketStatus {
      return socket?.status ?? 'closed';
    },
    get socket() {
      return socket;
    },
    api,

    signup: async (input) => signedIn(await api.auth.signup.mutate(input)),
    login: async (input) => signedIn(await api.auth.login.mutate(input)),
    async me() {
      requireToken();
      user = await api.auth.me.query();
      return user;
    },
    wsTicket: () => api.auth.wsTicket.mutate(),
    logout() {
      close();
      token = null;
      user = null;
    },

    async connect({ signal } = {}) {
      const { socket: current } = ensureSocket(); // not signed in, or no WebSocket here: a rejection
      if (current.status === 'live') return;
      return new Promise<void>((resolve, reject) => {
        const stop = () => {
          off();
          signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
          stop();
          reject(signal?.reason ?? new Error('aborted'));
        };
        const off = current.onStatus((status) => {
          if (status !== 'live' && status !== 'closed') return;
          stop();
          if (status === 'live') resolve();
          else reject(new Error('chat client: the connection was closed before it was live'));
        });
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close,

    rooms: {
      list: () => api.rooms.list.query(),
      browse: (input = {}) => api.rooms.browse.query(input),
      create: (input) => api.rooms.create.mutate(input),
      join: (roomId) => api.rooms.join.mutate({ roomId }),
      leave: (roomId) => api.rooms.leave.mutate({ roomId }),
      invite: (roomId, userId) => api.rooms.invite.mutate({ roomId, userId }),
      openDm: (userIds) => api.rooms.openDm.mutate({ userIds }),
      update: (input) => api.rooms.update.mutate(input),
      members: (roomId) => api.rooms.members.query({ roomId }),
      markRead: (roomId, seq) => api.rooms.markRead.mutate({ roomId, seq }),
    },
    users: {
      search: (input) => api.users.search.query(input),
    },

    async send(roomId, text, { replyTo, clientMsgId = newClientMsgId(), timeoutMs } = {}) {
      const { socket: current } = ensureSocket();
      const ack = await current.request(
        { action: 'sendMessage', roomId, text, clientMsgId, ...(replyTo !== undefined && { replyTo }) },
        timeoutMs === undefined ? {} : { timeoutMs },
      );
      return ack.message;
    },
    edit: (roomId, messageId, text) => api.messages.edit.mutate({ roomId, messageId, text }),
    delete: (roomId, messageId) => api.messages.delete.mutate({ roomId, messageId }),
    react: (roomId, messageId, emoji, on = true) => api.messages.react.mutate({ roomId, messageId, emoji, on }),

    on(type, handler) {
      const set = handlers.get(type) ?? new Set<AnyHandler>();
      const first = !handlers.has(type);
      handlers.set(type, set);
      set.add(handler as AnyHandler);
      if (first && type !== 'status') wire(type as ChatEventType);
      return () => void set.delete(handler as AnyHandler);
    },
    live(roomId, { signal } = {}) {
      return ensureSocket().liveRooms.live(roomId, signal);
    },
    history(roomId, historyOptions) {
      return historyPages((input) => api.messages.list.query(input), roomId, historyOptions);
    },
  };
  return client;
}
