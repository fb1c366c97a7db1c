// createChatSocket against a real `ws` server playing a tiny fake of the server side of the protocol.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Message } from './schemas.ts';
import { createChatSocket, type ChatSocket, type ChatSocketOptions, type ChatSocketStatus } from './socket.ts';

/** ULID-shaped ids that sort by n. */
const id = (n: number) => `01HZZZZZZZZZZZZZZZZZZZ${String(n).padStart(4, '0')}`;
const msg = (n: number, roomId = 'general'): Message => ({
  id: id(n),
  roomId,
  userId: 'u1',
  username: 'ann',
  text: `text ${n}`,
  createdAt: 1_700_000_000_000 + n,
  clientMsgId: `c${n}`,
});

class FakeServer {
  wss: WebSocketServer | undefined;
  port = 0;
  /** Refuse this many next handshakes with HTTP 401. */
  refuse = 0;
  handshakes = 0;
  /** Query of every accepted connection. */
  connections: URLSearchParams[] = [];
  frames: any[] = [];
  /** Answers frames, e.g. getMessages. */
  respond: ((frame: any, reply: (frame: unknown) => void) => void) | undefined;
  /** Like the real server, a joinRoom is answered with the room's presence, after this delay. */
  joinDelayMs = 0;
  /** Rooms each connection joined (its connect room included), in join order. */
  joins: Set<string>[] = [];

  async start(port = this.port): Promise<void> {
    const wss = new WebSocketServer({
      port,
      verifyClient: (_info, cb) => {
        this.handshakes++;
        if (this.refuse > 0) {
          this.refuse--;
          cb(false, 401, 'Unauthorized');
        } else cb(true);
      },
    });
    await once(wss, 'listening');
    this.wss = wss;
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', (socket, req) => {
      const query = new URL(req.url ?? '/', 'ws://x').searchParams;
      this.connections.push(query);
      const joined = new Set<string>(query.get('room') ? [query.get('room')!] : []);
      this.joins.push(joined);
      const reply = (f: unknown) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(f));
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data));
        this.frames.push(frame);
        if (frame.action === 'joinRoom') {
          setTimeout(() => {
            joined.add(frame.roomId);
            reply({ type: 'presence', roomId: frame.roomId, users: [{ id: 'u1', username: 'ann' }] });
          }, this.joinDelayMs);
        }
        this.respond?.(frame, reply);
      });
    });
  }

  push(frame: unknown): void {
    for (const client of this.wss?.clients ?? []) client.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  get open(): number {
    return this.wss?.clients.size ?? 0;
  }

  async stop(): Promise<void> {
    const wss = this.wss;
    if (!wss) return;
    this.wss = undefined;
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  actions(name: string): any[] {
    return this.frames.filter((f) => f.action === name);
  }
}

const servers: FakeServer[] = [];
const sockets: ChatSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.stop();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function setup(opts: Partial<ChatSocketOptions> = {}, prepare?: (server: FakeServer) => void) {
  const server = new FakeServer();
  servers.push(server);
  prepare?.(server);
  await server.start(0);
  const statuses: ChatSocketStatus[] = [];
  const messages: Message[] = [];
  const socket = createChatSocket({
    url: `ws://127.0.0.1:${server.port}`,
    token: 'tok',
    room: 'general',
    WebSocket,
    backoff: { initialMs: 10, maxMs: 40 },
    ...opts,
  });
  sockets.push(socket);
  socket.onStatus((s) => statuses.push(s));
  socket.on('message', (e) => messages.push(e.message));
  return { server, socket, statuses, messages };
}

const until = (check: () => void, timeout = 3000) => vi.waitFor(check, { timeout, interval: 5 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createChatSocket', () => {
  it('connects with token and room, joins, and sends typed actions as JSON', async () => {
    const { server, socket, statuses } = await setup();
    await until(() => expect(socket.status).toBe('live'));
    expect(statuses).toEqual(['live']); // started as 'connecting'
    expect(server.connections[0]?.get('token')).toBe('tok');
    expect(server.connections[0]?.get('room')).toBe('general');

    socket.send({ action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'm1' });
    socket.send({ action: 'typing', roomId: 'general' });
    await until(() => expect(server.frames).toHaveLength(3));
    expect(server.frames).toEqual([
      { action: 'joinRoom', roomId: 'general' },
      { action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'm1' },
      { action: 'typing', roomId: 'general' },
    ]);
  });

  it('types actions and events from the protocol (checked by tsc)', () => {
    type Send = ChatSocket['send'];
    type EventName = Parameters<ChatSocket['on']>[0];
    expectTypeOf<Send>().toBeCallableWith({ action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'm1' });
    expectTypeOf<Send>().toBeCallableWith({ action: 'typing', roomId: 'general' });
    // @ts-expect-error: no such action
    expectTypeOf<Send>().toBeCallableWith({ action: 'shout', roomId: 'general' });
    // @ts-expect-error: sendMessage needs a clientMsgId
    expectTypeOf<Send>().toBeCallableWith({ action: 'sendMessage', roomId: 'general', text: 'hi' });
    expectTypeOf<'message' | 'ack' | 'presence' | 'error'>().toExtend<EventName>();
    // Batches arrive as `message` events.
    expectTypeOf<'messageBatch'>().not.toExtend<EventName>();
  });

  it("hands each handler its own event: a join's presence", async () => {
    const { socket } = await setup();
    const presences: { id: string; username: string }[][] = [];
    socket.on('presence', (e) => presences.push(e.users));
    await until(() => expect(presences).toEqual([[{ id: 'u1', username: 'ann' }]]));
  });

  it('delivers a messageBatch as message events in order', async () => {
    const { server, socket, messages } = await setup();
    await until(() => expect(socket.status).toBe('live'));
    server.push({ type: 'messageBatch', roomId: 'general', messages: [msg(1), msg(2), msg(3)] });
    server.push({ type: 'message', message: msg(4) });
    await until(() => expect(messages.map((m) => m.id)).toEqual([id(1), id(2), id(3), id(4)]));
  });

  it('emits each message id once, across message, batch and ack frames', async () => {
    const { server, socket, messages } = await setup();
    const acks: string[] = [];
    socket.on('ack', (e) => acks.push(e.clientMsgId));
    await until(() => expect(socket.status).toBe('live'));

    server.push({ type: 'message', message: msg(1) });
    server.push({ type: 'message', message: msg(1) });
    server.push({ type: 'messageBatch', roomId: 'general', messages: [msg(1), msg(2)] });
    // own message: ack first, then the broadcast
    server.push({ type: 'ack', clientMsgId: 'c3', message: msg(3) });
    server.push({ type: 'message', message: msg(3) });
    // own message: broadcast first, then the ack
    server.push({ type: 'message', message: msg(4) });
    server.push({ type: 'ack', clientMsgId: 'c4', message: msg(4) });
    server.push({ type: 'message', message: msg(5) });

    await until(() => expect(messages.map((m) => m.id)).toContain(id(5)));
    expect(messages.map((m) => m.id)).toEqual([id(1), id(2), id(3), id(4), id(5)]);
    expect(acks).toEqual(['c3', 'c4']);
  });

  it('drops invalid frames and surfaces API Gateway internal errors', async () => {
    const { server, socket, messages } = await setup();
    const errors: unknown[] = [];
    socket.on('error', (e) => errors.push(e));
    await until(() => expect(socket.status).toBe('live'));
    server.push('not json');
    server.push({ type: 'nope' });
    server.push({ type: 'message', message: { id: 'x' } });
    server.push({ message: 'Internal server error', connectionId: 'abc=', requestId: 'r1' });
    server.push({ type: 'message', message: msg(1) });
    await until(() => expect(messages).toHaveLength(1));
    expect(errors).toEqual([{ type: 'error', code: 'INTERNAL', message: 'Internal server error' }]);
  });

  it('keeps going when a handler throws', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { server, socket, messages } = await setup();
    socket.on('message', () => {
      throw new Error('boom');
    });
    await until(() => expect(socket.status).toBe('live'));
    server.push({ type: 'message', message: msg(1) });
    server.push({ type: 'message', message: msg(2) });
    await until(() => expect(messages).toHaveLength(2));
    expect(consoleError).toHaveBeenCalledTimes(2);
  });

  it('after a server restart: re-joins, gap-fills (multi-page, oldest first), flushes the queue', async () => {
    const pages = new Map<string, { messages: Message[]; nextCursor: string | null }>();
    const { server, socket, statuses, messages } = await setup({ historyPageSize: 2 }, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action !== 'getMessages') return;
        const page = pages.get(`${frame.roomId} ${frame.after ?? ''} ${frame.before ?? ''}`) ?? {
          messages: [],
          nextCursor: null,
        };
        reply({ type: 'messages', roomId: frame.roomId, ...page });
      };
    });
    const histories: unknown[] = [];
    socket.on('messages', (e) => histories.push(e));
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'joinRoom', roomId: 'random' });
    server.push({ type: 'message', message: msg(1) });
    server.push({ type: 'message', message: msg(2, 'random') });
    await until(() => expect(messages).toHaveLength(2));

    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    // sent while down: queued in order, typing dropped, join/leave only tracked
    socket.send({ action: 'sendMessage', roomId: 'general', text: 'later', clientMsgId: 'q1' });
    socket.send({ action: 'typing', roomId: 'general' });
    socket.send({ action: 'getMessages', roomId: 'general', limit: 10 });
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    socket.send({ action: 'leaveRoom', roomId: 'dev' });

    // what was posted meanwhile: 3 in general (one page), 4 in random (two pages, newest first)
    pages.set(`general ${id(1)} `, { messages: [msg(7), msg(5), msg(3)], nextCursor: null });
    pages.set(`random ${id(2)} `, { messages: [msg(10, 'random'), msg(9, 'random')], nextCursor: 'k1' });
    pages.set(`random ${id(2)} k1`, { messages: [msg(6, 'random'), msg(4, 'random')], nextCursor: null });
    server.frames = [];
    await server.start();

    await until(() => expect(socket.status).toBe('live'));
    expect(statuses).toEqual(['live', 'reconnecting', 'live']);
    await until(() => expect(messages).toHaveLength(9));
    expect(server.connections[1]?.get('room')).toBe('general');
    expect(server.frames.slice(0, 6)).toEqual([
      { action: 'joinRoom', roomId: 'general' },
      { action: 'joinRoom', roomId: 'random' },
      { action: 'getMessages', roomId: 'general', after: id(1), limit: 2 },
      { action: 'sendMessage', roomId: 'general', text: 'later', clientMsgId: 'q1' },
      { action: 'getMessages', roomId: 'general', limit: 10 },
      // random's gap-fill waits for the server's answer to its join
      { action: 'getMessages', roomId: 'random', after: id(2), limit: 2 },
    ]);
    expect(server.frames[6]).toEqual({ action: 'getMessages', roomId: 'random', after: id(2), before: 'k1', limit: 2 });
    expect(server.frames).toHaveLength(7); // no typing, no dev
    expect(messages.slice(2).map((m) => m.id)).toEqual([id(3), id(5), id(7), id(4), id(6), id(9), id(10)]);
    // only the app's own getMessages answer surfaces as `messages`; it came after general's gap-fill
    await until(() => expect(histories).toHaveLength(1));
    expect(histories[0]).toMatchObject({ type: 'messages', roomId: 'general' });

    // the next gap-fill starts from the newest id seen
    server.frames = [];
    await server.stop();
    await server.start();
    await until(() => {
      expect(server.actions('getMessages')).toHaveLength(2);
      expect(server.actions('sendMessage')).toHaveLength(1);
    });
    expect(server.actions('getMessages')).toEqual([
      { action: 'getMessages', roomId: 'general', after: id(7), limit: 2 },
      { action: 'getMessages', roomId: 'random', after: id(10), limit: 2 },
    ]);
    // q1 was never acked, so it is sent again (the server dedupes by clientMsgId)
    expect(server.actions('sendMessage')).toEqual([
      { action: 'sendMessage', roomId: 'general', text: 'later', clientMsgId: 'q1' },
    ]);
  });

  it("after a reconnect, a room's gap-fill and sends wait until the server confirms the join", async () => {
    const errors: unknown[] = [];
    const { server, socket, messages } = await setup({}, (s) => {
      s.joinDelayMs = 150; // the joinRoom Lambda is slow; getMessages and sendMessage are not
      s.respond = (frame, reply) => {
        const joined = s.joins.at(-1)!;
        if (frame.action === 'joinRoom') return;
        if (!joined.has(frame.roomId)) {
          reply({ type: 'error', code: 'FORBIDDEN', message: 'Join the room first', clientMsgId: frame.clientMsgId });
        } else if (frame.action === 'getMessages') {
          reply({ type: 'messages', roomId: frame.roomId, messages: frame.after ? [msg(5, 'dev')] : [], nextCursor: null });
        } else if (frame.action === 'sendMessage') {
          reply({ type: 'ack', clientMsgId: frame.clientMsgId, message: { ...msg(6, 'dev'), clientMsgId: frame.clientMsgId } });
        }
      };
    });
    socket.on('error', (e) => errors.push(e));
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    socket.send({ action: 'getMessages', roomId: 'dev', limit: 10 }); // right behind the join: waits
    socket.send({ action: 'typing', roomId: 'dev' }); // dropped, not worth a refusal
    await until(() => expect(server.actions('getMessages')).toHaveLength(1));
    server.push({ type: 'message', message: msg(1, 'dev') });
    await until(() => expect(messages).toHaveLength(1));

    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    socket.send({ action: 'sendMessage', roomId: 'dev', text: 'while down', clientMsgId: 'd1' });
    server.frames = [];
    await server.start();

    await until(() => expect(messages.map((m) => m.id)).toEqual([id(1), id(5), id(6)]));
    expect(errors).toEqual([]);
    expect(server.actions('typing')).toEqual([]);
    expect(server.frames.map((f) => `${f.action} ${f.roomId}`)).toEqual([
      'joinRoom general',
      'joinRoom dev',
      'getMessages dev', // the gap-fill, from id(1)
      'sendMessage dev',
    ]);
  });

  it('with gapFill: false, a reconnect re-joins and fetches nothing', async () => {
    const { server, socket, messages } = await setup({ gapFill: false });
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    server.push({ type: 'message', message: msg(1, 'dev') });
    await until(() => expect(messages).toHaveLength(1));
    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    server.frames = [];
    await server.start();
    const presences: string[] = [];
    socket.on('presence', (e) => presences.push(e.roomId));
    await until(() => expect(presences.sort()).toEqual(['dev', 'general']));
    // A gap-fill goes out as the presence arrives: a frame sent now reaches the server after it.
    socket.send({ action: 'typing', roomId: 'dev' });
    await until(() => expect(server.actions('typing')).toHaveLength(1));
    expect(server.frames.map((f) => `${f.action} ${f.roomId}`)).toEqual(['joinRoom general', 'joinRoom dev', 'typing dev']);
  });

  it('does not resend acked messages after a reconnect', async () => {
    const { server, socket } = await setup({}, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action === 'sendMessage' && frame.clientMsgId === 'a1') {
          reply({ type: 'ack', clientMsgId: 'a1', message: { ...msg(1), clientMsgId: 'a1' } });
        }
      };
    });
    const acks: string[] = [];
    socket.on('ack', (e) => acks.push(e.clientMsgId));
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'sendMessage', roomId: 'general', text: 'one', clientMsgId: 'a1' });
    await until(() => expect(acks).toEqual(['a1']));
    server.frames = [];
    await server.stop();
    await server.start();
    await until(() => expect(server.actions('getMessages')).toHaveLength(1));
    // A resend would go out with the gap-fill, as the join is confirmed: before this frame.
    socket.send({ action: 'typing', roomId: 'general' });
    await until(() => expect(server.actions('typing')).toHaveLength(1));
    expect(server.actions('sendMessage')).toEqual([]);
  });

  it('retries refused handshakes with backoff, reading the token again each time', async () => {
    let calls = 0;
    const { server, socket, statuses } = await setup(
      { token: async () => `t${++calls}` },
      (s) => (s.refuse = 3),
    );
    await until(() => expect(socket.status).toBe('live'));
    expect(server.handshakes).toBe(4);
    expect(server.connections.map((q) => q.get('token'))).toEqual(['t4']);
    expect(statuses).toEqual(['reconnecting', 'live']);
  });

  it('waits for the online event when the browser is offline', async () => {
    const navigator = { onLine: false };
    const window = new EventTarget();
    vi.stubGlobal('navigator', navigator);
    vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
    vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
    const { server, socket, statuses } = await setup();
    expect(socket.status).toBe('offline');
    await sleep(50);
    expect(server.handshakes).toBe(0);
    navigator.onLine = true;
    window.dispatchEvent(new Event('online'));
    await until(() => expect(socket.status).toBe('live'));
    expect(statuses).toEqual(['reconnecting', 'live']);
  });

  it('going offline drops the connection at once; back online, what was sent meanwhile goes out', async () => {
    const navigator = { onLine: true };
    const window = new EventTarget();
    vi.stubGlobal('navigator', navigator);
    vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
    vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
    const { server, socket, statuses } = await setup();
    await until(() => expect(socket.status).toBe('live'));
    navigator.onLine = false;
    window.dispatchEvent(new Event('offline'));
    expect(socket.status).toBe('offline'); // at once, not when some timeout notices
    await until(() => expect(server.open).toBe(0));
    socket.send({ action: 'sendMessage', roomId: 'general', text: 'written offline', clientMsgId: 'off-1' });
    navigator.onLine = true;
    window.dispatchEvent(new Event('online'));
    await until(() => expect(server.actions('sendMessage').map((f) => f.text)).toEqual(['written offline']));
    expect(socket.status).toBe('live');
    expect(server.handshakes).toBe(2);
    expect(statuses).toEqual(['live', 'offline', 'reconnecting', 'live']);
  });

  it('a server that stops answering pings is taken for dead: not live, then a new connection', async () => {
    const { server, socket, statuses } = await setup({ heartbeat: { intervalMs: 30, timeoutMs: 60 } }, (s) => {
      // Answers the pings of the first connection only, and only its first three.
      s.respond = (frame, reply) => {
        if (frame.action === 'ping' && s.handshakes === 1 && s.actions('ping').length <= 3) reply({ type: 'pong' });
      };
    });
    await until(() => expect(server.actions('ping').length).toBeGreaterThanOrEqual(4));
    await until(() => expect(statuses).toContain('reconnecting'));
    await until(() => expect(server.handshakes).toBe(2));
    await until(() => expect(socket.status).toBe('live'));
    expect(statuses.slice(0, 3)).toEqual(['live', 'reconnecting', 'live']);
    await until(() => expect(server.open).toBe(1)); // the dead one was closed by the client, not left open
  });

  it('pings are sent while live and answered pongs keep the connection', async () => {
    const { server, socket, statuses } = await setup({ heartbeat: { intervalMs: 20, timeoutMs: 2_000 } }, (s) => {
      s.respond = (frame, reply) => frame.action === 'ping' && reply({ type: 'pong' });
    });
    await until(() => expect(server.actions('ping').length).toBeGreaterThanOrEqual(5));
    expect(socket.status).toBe('live');
    expect(server.handshakes).toBe(1);
    expect(statuses).toEqual(['live']);
  });

  it('close() stops for good, also while reconnecting', async () => {
    const { server, socket, statuses } = await setup();
    await until(() => expect(socket.status).toBe('live'));
    socket.close();
    expect(socket.status).toBe('closed');
    await until(() => expect(server.open).toBe(0));
    await sleep(100);
    expect(server.handshakes).toBe(1);
    expect(statuses).toEqual(['live', 'closed']);

    const second = await setup();
    await until(() => expect(second.socket.status).toBe('live'));
    await second.server.stop();
    await until(() => expect(second.socket.status).toBe('reconnecting'));
    second.socket.close();
    await second.server.start();
    await sleep(150);
    expect(second.server.handshakes).toBe(1);
    expect(second.statuses).toEqual(['live', 'reconnecting', 'closed']);
  });
});
