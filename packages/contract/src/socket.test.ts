// createChatSocket against a real `ws` server playing a small fake of the server side of protocol v2.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { EventOf } from './protocol.ts';
import { limits } from './limits.ts';
import { type Message, type RoomSummary, unchangedMessageFields } from './schemas.ts';
import {
  ChatRequestError,
  createChatSocket,
  type ChatSocket,
  type ChatSocketBaseOptions,
  type ChatSocketCredentials,
  type ChatSocketStatus,
} from './socket.ts';

/** ULID-shaped ids that sort by n. */
const id = (n: number) => `01HZZZZZZZZZZZZZZZZZZZ${String(n).padStart(4, '0')}`;
const msg = (n: number, roomId = 'general', seq = n, patch: Partial<Message> = {}): Message => ({
  id: id(n),
  roomId,
  userId: 'u1',
  username: 'ann',
  text: `text ${n}`,
  createdAt: 1_700_000_000_000 + n,
  clientMsgId: `c${n}`,
  seq,
  ...unchangedMessageFields(),
  ...patch,
});
const ann = { id: 'u1', username: 'ann' };

class FakeServer {
  wss: WebSocketServer | undefined;
  port = 0;
  /** Refuse this many next handshakes with HTTP 401. */
  refuse = 0;
  handshakes = 0;
  /** Query of every accepted connection. */
  connections: URLSearchParams[] = [];
  frames: any[] = [];
  /** Answers frames other than joinRoom (and joinRoom too, when it returns true). */
  respond: ((frame: any, reply: (frame: unknown) => void) => boolean | void) | undefined;
  /** A joinRoom is answered by `joined` after this delay. */
  joinDelayMs = 0;
  /** At most this many changes in one `joined` (the real server: 100). */
  pageSize = 100;
  /** Every room's change feed: each change is the message's state after it, in seq order. */
  feed = new Map<string, Message[]>();
  /** Rooms each connection got a `joined` for, by connection. */
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
      this.connections.push(new URL(req.url ?? '/', 'ws://x').searchParams);
      const joined = new Set<string>();
      this.joins.push(joined);
      const reply = (f: unknown) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(f));
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data));
        this.frames.push(frame);
        if (this.respond?.(frame, reply) === true) return;
        if (frame.action === 'joinRoom') {
          setTimeout(() => {
            joined.add(frame.roomId);
            reply(this.joined(frame));
          }, this.joinDelayMs);
        }
      });
    });
  }

  /** Records a change (the message's new state with the room's next seq) and returns it. */
  change(n: number, roomId = 'general', patch: Partial<Message> = {}): Message {
    const log = this.feed.get(roomId) ?? [];
    this.feed.set(roomId, log);
    const state = msg(n, roomId, (log.at(-1)?.seq ?? 0) + 1, patch);
    log.push(state);
    return state;
  }

  /** The answer to a joinRoom, as DESIGN.md says: each message changed after `since` once, in its current state. */
  joined(frame: { id?: string; roomId: string; since?: number }) {
    const log = this.feed.get(frame.roomId) ?? [];
    const current = new Map<string, Message>();
    if (frame.since !== undefined) for (const m of log) if (m.seq > frame.since!) current.set(m.id, m);
    const changes = [...current.values()].sort((a, b) => a.seq - b.seq);
    return {
      type: 'joined',
      ...(frame.id === undefined ? {} : { id: frame.id }),
      roomId: frame.roomId,
      seq: log.at(-1)?.seq ?? 0,
      changes: changes.slice(0, this.pageSize),
      hasMore: changes.length > this.pageSize,
      users: [ann],
      online: 1,
    };
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

async function setup(
  { token, ticket, ...opts }: Partial<ChatSocketBaseOptions> & { token?: ChatSocketCredentials['token']; ticket?: () => string | Promise<string> } = {},
  prepare?: (server: FakeServer) => void,
) {
  const server = new FakeServer();
  servers.push(server);
  prepare?.(server);
  await server.start(0);
  const statuses: ChatSocketStatus[] = [];
  const messages: Message[] = [];
  const joined: EventOf<'joined'>[] = [];
  const credentials: ChatSocketCredentials = ticket ? { ticket } : { token: token ?? 'tok' };
  const socket = createChatSocket({
    ...credentials,
    url: `ws://127.0.0.1:${server.port}`,
    room: 'general',
    WebSocket,
    backoff: { initialMs: 10, maxMs: 40 },
    ...opts,
  });
  sockets.push(socket);
  socket.onStatus((s) => statuses.push(s));
  socket.on('message', (e) => messages.push(e.message));
  socket.on('joined', (e) => joined.push(e));
  return { server, socket, statuses, messages, joined };
}

const until = (check: () => void, timeout = 3000) => vi.waitFor(check, { timeout, interval: 5 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const states = (messages: Message[]) => messages.map((m) => `${m.id.slice(-2)}@${m.seq}`);
const anyId = expect.any(String);

describe('createChatSocket', () => {
  it('connects with the token, joins the initial room, and sends typed actions as JSON', async () => {
    const { server, socket, statuses, joined } = await setup();
    await until(() => expect(joined).toHaveLength(1));
    expect(statuses).toEqual(['live']); // started as 'connecting'
    expect(server.connections[0]?.get('token')).toBe('tok');
    expect(server.connections[0]?.has('room')).toBe(false); // from part 2 on only joinRoom focuses

    socket.send({ action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'm1' });
    socket.send({ action: 'typing', roomId: 'general' });
    await until(() => expect(server.frames).toHaveLength(3));
    expect(server.frames).toEqual([
      { action: 'joinRoom', id: anyId, roomId: 'general' }, // nothing known yet: no since
      { action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'm1' },
      { action: 'typing', roomId: 'general' },
    ]);
    expect(joined[0]).toMatchObject({ roomId: 'general', seq: 0, users: [ann], online: 1 });
  });

  it('types actions, events and answers from the protocol (checked by tsc)', () => {
    const socket = {} as ChatSocket;
    type Send = ChatSocket['send'];
    type EventName = Parameters<ChatSocket['on']>[0];
    expectTypeOf<Send>().toBeCallableWith({ action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'm1' });
    expectTypeOf<Send>().toBeCallableWith({ action: 'typing', roomId: 'general' });
    // @ts-expect-error: no such action
    expectTypeOf<Send>().toBeCallableWith({ action: 'shout', roomId: 'general' });
    // @ts-expect-error: sendMessage needs a clientMsgId
    expectTypeOf<Send>().toBeCallableWith({ action: 'sendMessage', roomId: 'general', text: 'hi' });
    expectTypeOf<'message' | 'ack' | 'joined' | 'presence' | 'error' | 'room' | 'roomLeft' | 'readUpdated'>().toExtend<EventName>();
    expectTypeOf(socket.on<'room'>).parameter(1).parameter(0).toEqualTypeOf<EventOf<'room'>>();
    expectTypeOf<EventOf<'room'>['summary']>().toEqualTypeOf<RoomSummary>();
    expectTypeOf<EventOf<'readUpdated'>>().toEqualTypeOf<{ type: 'readUpdated'; roomId: string; readSeq: number }>();
    // Batches arrive as `message` events.
    expectTypeOf<'messageBatch'>().not.toExtend<EventName>();
    expectTypeOf(socket.request<'joinRoom'>).returns.resolves.toEqualTypeOf<EventOf<'joined'>>();
    expectTypeOf(socket.request<'sendMessage'>).returns.resolves.toEqualTypeOf<EventOf<'ack'>>();
    // @ts-expect-error: typing has no answer to wait for
    expectTypeOf(socket.request).toBeCallableWith({ action: 'typing', roomId: 'general' });
  });

  it('delivers a messageBatch as message events in order and keeps the highest seq per room', async () => {
    const { server, socket, messages, joined } = await setup();
    await until(() => expect(joined).toHaveLength(1));
    expect(socket.lastSeq('general')).toBe(0); // the joined frame's seq: the room was empty
    server.push({ type: 'messageBatch', roomId: 'general', messages: [msg(1), msg(2), msg(3)] });
    server.push({ type: 'message', message: msg(4, 'random', 9) });
    await until(() => expect(states(messages)).toEqual(['01@1', '02@2', '03@3', '04@9']));
    expect(socket.lastSeq('general')).toBe(3);
    expect(socket.lastSeq('random')).toBe(9);
    expect(socket.lastSeq('elsewhere')).toBeUndefined();
  });

  it('emits each state of a message once: a higher seq is a change, the same or a lower one is dropped', async () => {
    const { server, socket, messages, joined } = await setup();
    const acks: string[] = [];
    socket.on('ack', (e) => acks.push(e.clientMsgId));
    await until(() => expect(joined).toHaveLength(1));

    server.push({ type: 'message', message: msg(1) });
    server.push({ type: 'message', message: msg(1) }); // redelivered
    server.push({ type: 'messageBatch', roomId: 'general', messages: [msg(1), msg(2)] });
    // own message: ack first, then the broadcast; then the broadcast first, then the ack
    server.push({ type: 'ack', clientMsgId: 'c3', message: msg(3) });
    server.push({ type: 'message', message: msg(3) });
    server.push({ type: 'message', message: msg(4) });
    server.push({ type: 'ack', clientMsgId: 'c4', message: msg(4) });
    // an edit of 1 (seq 5), then a late copy of its older state, then a reaction (seq 7)
    server.push({ type: 'message', message: msg(1, 'general', 5, { text: 'edited', editedAt: 1 }) });
    server.push({ type: 'message', message: msg(1, 'general', 1) });
    server.push({
      type: 'joined',
      roomId: 'general',
      seq: 7,
      changes: [msg(1, 'general', 5, { text: 'edited', editedAt: 1 }), msg(1, 'general', 7, { reactions: [{ emoji: '👍', userIds: ['u2'] }] })],
      hasMore: false,
      users: [],
      online: 0,
    });
    server.push({ type: 'messageBatch', roomId: 'general', messages: [msg(1, 'general', 6), msg(8)] });

    await until(() => expect(messages.map((m) => m.id)).toContain(id(8)));
    expect(states(messages)).toEqual(['01@1', '02@2', '03@3', '04@4', '01@5', '01@7', '08@8']);
    expect(messages[4]).toMatchObject({ text: 'edited' });
    expect(messages[5]?.reactions).toEqual([{ emoji: '👍', userIds: ['u2'] }]);
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
    server.push({ type: 'message', message: { ...msg(1), seq: undefined } }); // a v1 message: no seq
    server.push({ message: 'Internal server error', connectionId: 'abc=', requestId: 'r1' });
    server.push({ type: 'message', message: msg(2) });
    await until(() => expect(messages).toHaveLength(1));
    expect(messages[0]?.id).toBe(id(2));
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

  it('after a server restart: resumes every focused room from its lastSeq, follows hasMore, then flushes the queue', async () => {
    const { server, socket, statuses, messages, joined } = await setup({}, (s) => (s.pageSize = 2));
    await until(() => expect(joined).toHaveLength(1));
    socket.send({ action: 'joinRoom', roomId: 'random' });
    await until(() => expect(joined).toHaveLength(2));
    for (const m of [server.change(1), server.change(2, 'random')]) server.push({ type: 'message', message: m });
    await until(() => expect(messages).toHaveLength(2));
    expect([socket.lastSeq('general'), socket.lastSeq('random')]).toEqual([1, 1]);

    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    // sent while down: queued in order, typing dropped, join/leave only tracked
    socket.send({ action: 'sendMessage', roomId: 'general', text: 'later', clientMsgId: 'q1' });
    socket.send({ action: 'typing', roomId: 'general' });
    socket.send({ action: 'getMessages', roomId: 'general', limit: 10 });
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    socket.send({ action: 'leaveRoom', roomId: 'dev' });

    // what changed meanwhile: in general 3 new messages and an edit of 1 (seq 2..5); in random one new
    server.change(3);
    server.change(1, 'general', { text: 'edited', editedAt: 1 });
    server.change(4);
    server.change(5);
    server.change(6, 'random');
    server.frames = [];
    joined.length = 0;
    await server.start();

    await until(() => expect(joined.map((j) => j.roomId)).toEqual(['general', 'random', 'general']));
    expect(statuses).toEqual(['live', 'reconnecting', 'live']);
    expect(server.frames).toEqual([
      { action: 'joinRoom', id: anyId, roomId: 'general', since: 1 },
      { action: 'joinRoom', id: anyId, roomId: 'random', since: 1 },
      // general's actions waited for its joined; the joined said hasMore
      { action: 'sendMessage', roomId: 'general', text: 'later', clientMsgId: 'q1' },
      { action: 'getMessages', roomId: 'general', limit: 10 },
      { action: 'joinRoom', roomId: 'general', since: 3 },
    ]);
    expect(joined.map((j) => j.hasMore)).toEqual([true, false, false]);
    expect(states(messages.slice(2))).toEqual(['03@2', '01@3', '06@2', '04@4', '05@5']);
    expect(messages[3]?.text).toBe('edited');
    expect([socket.lastSeq('general'), socket.lastSeq('random'), socket.lastSeq('dev')]).toEqual([5, 2, undefined]);

    // The next resume starts from there; q1 was never acked, so it goes again (the server dedupes by clientMsgId).
    server.frames = [];
    joined.length = 0;
    await server.stop();
    await server.start();
    await until(() => expect(joined).toHaveLength(2));
    socket.send({ action: 'ping' }); // whatever the joins released went out before it
    await until(() => expect(server.actions('ping')).toHaveLength(1));
    expect(server.frames).toEqual([
      { action: 'joinRoom', id: anyId, roomId: 'general', since: 5 },
      { action: 'joinRoom', id: anyId, roomId: 'random', since: 2 },
      { action: 'sendMessage', roomId: 'general', text: 'later', clientMsgId: 'q1' }, // the queued getMessages went once
      { action: 'ping' },
    ]);
    expect(messages).toHaveLength(7); // nothing new, nothing twice
  });

  it("after a reconnect, a room's sends wait for its joined, so the server never refuses them", async () => {
    const errors: unknown[] = [];
    const acks: string[] = [];
    const { server, socket, joined } = await setup({}, (s) => {
      s.joinDelayMs = 150; // the joinRoom Lambda is slow; sendMessage is not
      s.respond = (frame, reply) => {
        if (frame.action !== 'sendMessage') return;
        if (!s.joins.at(-1)!.has(frame.roomId)) {
          reply({ type: 'error', code: 'FORBIDDEN', message: 'Join the room first', clientMsgId: frame.clientMsgId });
        } else reply({ type: 'ack', clientMsgId: frame.clientMsgId, message: msg(6, frame.roomId, 6, { clientMsgId: frame.clientMsgId }) });
      };
    });
    socket.on('error', (e) => errors.push(e));
    socket.on('ack', (e) => acks.push(e.clientMsgId));
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    socket.send({ action: 'sendMessage', roomId: 'dev', text: 'right behind the join', clientMsgId: 'd0' });
    socket.send({ action: 'typing', roomId: 'dev' }); // dropped, not worth a refusal
    await until(() => expect(acks).toEqual(['d0']));

    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    socket.send({ action: 'sendMessage', roomId: 'dev', text: 'while down', clientMsgId: 'd1' });
    server.frames = [];
    joined.length = 0;
    await server.start();

    await until(() => expect(acks).toEqual(['d0', 'd1']));
    expect(errors).toEqual([]);
    expect(joined.map((j) => j.roomId).sort()).toEqual(['dev', 'general']);
    expect(server.frames.map((f) => `${f.action} ${f.roomId}`)).toEqual(['joinRoom general', 'joinRoom dev', 'sendMessage dev']);
  });

  it('a refused join does not hold its room: what waited goes at once and meets its own answer', async () => {
    const { server, socket } = await setup({}, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action === 'joinRoom' && frame.roomId === 'nope') {
          reply({ type: 'error', id: frame.id, code: 'NOT_FOUND', message: 'No room "nope"', action: 'joinRoom' });
          return true;
        }
        if (frame.action === 'sendMessage') {
          reply({ type: 'error', code: 'NOT_FOUND', message: 'No room "nope"', clientMsgId: frame.clientMsgId, action: 'sendMessage' });
        }
      };
    });
    const errors: EventOf<'error'>[] = [];
    socket.on('error', (e) => errors.push(e));
    // A ping sent as the join's error arrives overtakes the send if that still waits (5 s).
    socket.on('error', (e) => e.action === 'joinRoom' && socket.send({ action: 'ping' }));
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'joinRoom', roomId: 'nope' });
    socket.send({ action: 'sendMessage', roomId: 'nope', text: 'hi', clientMsgId: 'n1' });
    await until(() => expect(errors.map((e) => e.action)).toEqual(['joinRoom', 'sendMessage']));
    expect(server.frames.map((f) => f.action).slice(-2)).toEqual(['sendMessage', 'ping']);
  });

  it('a room joined without a known seq takes the joined seq; leaveRoom keeps it, and a later joinRoom resumes from it', async () => {
    const { server, socket, joined } = await setup({}, (s) => {
      s.change(1, 'dev');
      s.change(2, 'dev');
    });
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    await until(() => expect(joined.map((j) => j.roomId)).toContain('dev'));
    expect(socket.lastSeq('dev')).toBe(2);
    expect(joined.find((j) => j.roomId === 'dev')?.changes).toEqual([]);

    socket.send({ action: 'leaveRoom', roomId: 'dev' });
    expect(socket.lastSeq('dev')).toBe(2);
    // Unfocused, a member room's changes still arrive, and still count.
    server.push({ type: 'message', message: server.change(3, 'dev') });
    await until(() => expect(socket.lastSeq('dev')).toBe(3));
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    await until(() => expect(server.actions('joinRoom')).toHaveLength(3));
    expect(server.actions('leaveRoom')).toEqual([{ action: 'leaveRoom', roomId: 'dev' }]);
    expect(server.actions('joinRoom')[2]).toEqual({ action: 'joinRoom', id: anyId, roomId: 'dev', since: 3 });
  });

  it('after a reconnect an unfocused room keeps the seq it had at the drop: live frames do not move it past the gap until its joinRoom fills it', async () => {
    const { server, socket, messages, joined } = await setup();
    await until(() => expect(joined).toHaveLength(1));
    // dev: a member room never focused; its changes arrive from $connect on.
    for (const n of [1, 2]) server.push({ type: 'message', message: server.change(n, 'dev') });
    await until(() => expect(socket.lastSeq('dev')).toBe(2));

    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    server.change(3, 'dev'); // missed: seq 3
    server.change(1, 'dev', { text: 'edited', editedAt: 1 }); // missed: seq 4
    joined.length = 0;
    await server.start();
    await until(() => expect(joined).toHaveLength(1)); // general resumed; dev is not focused
    server.push({ type: 'message', message: server.change(5, 'dev') }); // live on the new connection
    await until(() => expect(states(messages)).toEqual(['01@1', '02@2', '05@5']));
    expect(socket.lastSeq('dev')).toBe(2);

    // A second drop before the hole is filled: the resume point is still the first one.
    await server.stop();
    await server.start();
    await until(() => expect(joined).toHaveLength(2));
    expect(socket.lastSeq('dev')).toBe(2);

    server.frames = [];
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    await until(() => expect(joined.map((j) => j.roomId)).toContain('dev'));
    expect(server.actions('joinRoom')).toEqual([{ action: 'joinRoom', id: anyId, roomId: 'dev', since: 2 }]);
    expect(states(messages)).toEqual(['01@1', '02@2', '05@5', '03@3', '01@4']); // 5 not twice
    expect(messages.at(-1)?.text).toBe('edited');
    expect(socket.lastSeq('dev')).toBe(5);
    server.push({ type: 'message', message: server.change(6, 'dev') });
    await until(() => expect(socket.lastSeq('dev')).toBe(6)); // caught up: live frames count again
  });

  it("a live frame that overtakes a focused room's resume joined does not move its lastSeq; each hasMore page does", async () => {
    let holdJoin = false;
    const release: (() => void)[] = [];
    const { server, socket, messages, joined } = await setup({}, (s) => {
      s.pageSize = 2;
      s.respond = (frame, reply) => {
        if (frame.action !== 'joinRoom' || !holdJoin) return;
        holdJoin = false; // only the resume join waits
        release.push(() => reply(s.joined(frame)));
        return true;
      };
    });
    await until(() => expect(joined).toHaveLength(1));
    server.push({ type: 'message', message: server.change(1) });
    await until(() => expect(socket.lastSeq('general')).toBe(1));

    await server.stop();
    await until(() => expect(socket.status).toBe('reconnecting'));
    for (const n of [2, 3, 4, 5]) server.change(n);
    holdJoin = true;
    server.frames = [];
    joined.length = 0;
    await server.start();
    await until(() => expect(release).toHaveLength(1));
    server.push({ type: 'message', message: server.change(6) }); // live, before the joined
    await until(() => expect(states(messages)).toEqual(['01@1', '06@6']));
    expect(socket.lastSeq('general')).toBe(1);

    const seen: (number | undefined)[] = [];
    socket.on('joined', () => seen.push(socket.lastSeq('general')));
    release[0]!();
    await until(() => expect(joined.map((j) => j.hasMore)).toEqual([true, true, false]));
    expect(server.actions('joinRoom').map((f) => f.since)).toEqual([1, 3, 5]);
    expect(seen).toEqual([3, 5, 6]);
    expect(states(messages)).toEqual(['01@1', '06@6', '02@2', '03@3', '04@4', '05@5']);
  });

  it('a joinRoom with since (history loaded over HTTP) makes since the resume point until its last page', async () => {
    const release: (() => void)[] = [];
    const { server, socket, messages } = await setup({}, (s) => {
      for (const n of [1, 2, 3]) s.change(n, 'dev');
      s.pageSize = 1;
      s.respond = (frame, reply) => {
        if (frame.action !== 'joinRoom' || frame.roomId !== 'dev' || release.length > 0) return;
        release.push(() => reply(s.joined(frame)));
        return true;
      };
    });
    await until(() => expect(socket.status).toBe('live'));
    const answer = socket.request({ action: 'joinRoom', roomId: 'dev', since: 1 });
    await until(() => expect(release).toHaveLength(1));
    server.push({ type: 'message', message: server.change(4, 'dev') }); // live, before the joined
    await until(() => expect(states(messages)).toEqual(['04@4']));
    expect(socket.lastSeq('dev')).toBe(1);
    release[0]!();
    await expect(answer).resolves.toMatchObject({ roomId: 'dev', hasMore: true });
    await until(() => expect(server.actions('joinRoom').filter((f) => f.roomId === 'dev').map((f) => f.since)).toEqual([1, 2, 3]));
    await until(() => expect(socket.lastSeq('dev')).toBe(4));
    expect(states(messages)).toEqual(['04@4', '02@2', '03@3']);
  });

  it("an ack moves no lastSeq: one's own message can overtake others' earlier changes", async () => {
    const { server, socket, messages, joined } = await setup();
    await until(() => expect(joined).toHaveLength(1));
    server.push({ type: 'message', message: server.change(1) });
    await until(() => expect(socket.lastSeq('general')).toBe(1));
    const bobs = server.change(2, 'general', { userId: 'u2', username: 'bob' });
    const mine = server.change(3, 'general', { clientMsgId: 'm3' });
    server.push({ type: 'ack', clientMsgId: 'm3', message: mine }); // before bob's earlier change
    await until(() => expect(states(messages)).toEqual(['01@1', '03@3']));
    expect(socket.lastSeq('general')).toBe(1);
    server.push({ type: 'messageBatch', roomId: 'general', messages: [bobs, mine] });
    await until(() => expect(socket.lastSeq('general')).toBe(3));
    expect(states(messages)).toEqual(['01@1', '03@3', '02@2']);
  });

  it('room, readUpdated and roomLeft arrive as events; roomLeft ends the focus and forgets the seq', async () => {
    const { server, socket, joined } = await setup();
    const events: unknown[] = [];
    for (const type of ['room', 'readUpdated', 'roomLeft'] as const) socket.on(type, (e) => events.push(e));
    await until(() => expect(joined).toHaveLength(1));
    const summary: RoomSummary = {
      room: { id: 'dev', name: 'dev', kind: 'private', topic: '', createdAt: 1, createdBy: 'u2', archived: false },
      lastSeq: 0,
      readSeq: 0,
      unread: 0,
      mentions: 0,
    };
    server.push({ type: 'room', summary }); // invited
    socket.send({ action: 'joinRoom', roomId: 'dev' });
    await until(() => expect(joined.map((j) => j.roomId)).toEqual(['general', 'dev']));
    server.push({ type: 'message', message: server.change(1, 'dev') });
    server.push({ type: 'readUpdated', roomId: 'dev', readSeq: 1 });
    await until(() => expect(events).toHaveLength(2));
    expect(socket.lastSeq('dev')).toBe(1);

    server.push({ type: 'roomLeft', roomId: 'dev' });
    await until(() => expect(events).toHaveLength(3));
    expect(events).toEqual([{ type: 'room', summary }, { type: 'readUpdated', roomId: 'dev', readSeq: 1 }, { type: 'roomLeft', roomId: 'dev' }]);
    expect(socket.lastSeq('dev')).toBeUndefined();
    server.frames = [];
    joined.length = 0;
    await server.stop();
    await server.start();
    await until(() => expect(joined).toHaveLength(1));
    socket.send({ action: 'ping' }); // a resume join of dev would have gone before it
    await until(() => expect(server.actions('ping')).toHaveLength(1));
    expect(server.actions('joinRoom').map((f) => f.roomId)).toEqual(['general']);
  });

  it('focuses at most as many rooms as the server: a further joinRoom unfocuses the oldest, and only the focused resume', async () => {
    const { server, socket, joined } = await setup();
    await until(() => expect(joined).toHaveLength(1));
    const rooms = Array.from({ length: limits.focus.maxRooms }, (_, i) => `r${i}`);
    for (const roomId of rooms) socket.send({ action: 'joinRoom', roomId }); // general is now the oldest beyond the cap
    socket.send({ action: 'joinRoom', roomId: 'r0' }); // focused again: now the newest
    await until(() => expect(joined).toHaveLength(rooms.length + 2));
    server.frames = [];
    joined.length = 0;
    await server.stop();
    await server.start();
    await until(() => expect(joined).toHaveLength(rooms.length));
    expect(server.actions('joinRoom').map((f) => f.roomId)).toEqual([...rooms.slice(1), 'r0']);
  });

  it('request: 50 in flight, answered out of order, each resolves with the frame carrying its id', async () => {
    const held: { frame: any; reply: (f: unknown) => void }[] = [];
    const { server, socket, messages, joined } = await setup({}, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action === 'joinRoom' && frame.id?.startsWith('j')) return; // the client's own joins
        held.push({ frame, reply });
        if (held.length < 50) return true;
        // All 50 are in: answer them in a shuffled order.
        const order = held.map((_, i) => (i * 17) % 50);
        for (const i of order) {
          const { frame: f, reply: r } = held[i]!;
          if (f.action === 'sendMessage') r({ type: 'ack', id: f.id, clientMsgId: f.clientMsgId, message: msg(100 + i, 'general', 100 + i) });
          else if (f.action === 'getMessages') r({ type: 'messages', id: f.id, roomId: f.roomId, messages: [msg(i, 'general', i)], nextCursor: null });
          else if (f.action === 'joinRoom') r({ ...s.joined(f), seq: i });
          else r({ type: 'pong', id: f.id });
        }
        return true;
      };
    });
    await until(() => expect(joined).toHaveLength(1));
    const answers = Array.from({ length: 50 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return socket.request({ action: 'sendMessage', roomId: 'general', text: `m${i}`, clientMsgId: `k${i}` });
        case 1:
          return socket.request({ action: 'getMessages', roomId: 'general', limit: 1 });
        case 2:
          return socket.request({ action: 'joinRoom', roomId: `room-${i}` });
        default:
          return socket.request({ action: 'ping', id: `mine-${i}` });
      }
    });
    const frames = await Promise.all(answers);
    const sent = held.map((h) => h.frame);
    expect(new Set(sent.map((f) => f.id)).size).toBe(50);
    frames.forEach((frame, i) => {
      const asked = sent.find((f) => f.id === (frame as { id?: string }).id);
      expect(asked, `answer ${i}`).toBeDefined();
      expect(frame.type).toBe({ sendMessage: 'ack', getMessages: 'messages', joinRoom: 'joined', ping: 'pong' }[asked.action as string]);
      if (i % 4 === 0) expect(frame).toMatchObject({ clientMsgId: `k${i}` });
      if (i % 4 === 2) expect(frame).toMatchObject({ roomId: `room-${i}` });
      if (i % 4 === 3) expect(frame).toEqual({ type: 'pong', id: `mine-${i}` });
    });
    expect(messages.filter((m) => m.seq >= 100)).toHaveLength(13); // the acks, as messages
    expect(server.frames).toHaveLength(51);
  });

  it('request: an error answer rejects with the frame (and is no error event); no answer at all times out', async () => {
    const { server, socket } = await setup({}, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action === 'sendMessage' && frame.clientMsgId === 'taken') {
          reply({ type: 'error', id: frame.id, code: 'CONFLICT', message: 'clientMsgId used in another room', clientMsgId: 'taken' });
        }
      };
    });
    const errors: unknown[] = [];
    socket.on('error', (e) => errors.push(e));
    await until(() => expect(socket.status).toBe('live'));

    const refused = await socket
      .request({ action: 'sendMessage', roomId: 'general', text: 'x', clientMsgId: 'taken' })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ChatRequestError);
    expect(refused).toMatchObject({ code: 'CONFLICT', frame: { type: 'error', code: 'CONFLICT', clientMsgId: 'taken' } });

    const silent = await socket.request({ action: 'getMessages', roomId: 'general' }, { timeoutMs: 50 }).catch((err: unknown) => err);
    expect(silent).toBeInstanceOf(ChatRequestError);
    expect(silent).toMatchObject({ code: 'TIMEOUT', frame: undefined });

    const duplicate = socket.request({ action: 'ping', id: 'same' }, { timeoutMs: 2000 });
    await expect(socket.request({ action: 'ping', id: 'same' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    socket.close();
    await expect(duplicate).rejects.toMatchObject({ code: 'CLOSED' });
    expect(server.actions('getMessages')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('request: one not answered before the connection drops is sent again, same id, and resolves', async () => {
    let answer = false;
    const { server, socket } = await setup({}, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action === 'getMessages' && answer) reply({ type: 'messages', id: frame.id, roomId: 'general', messages: [], nextCursor: null });
      };
    });
    await until(() => expect(socket.status).toBe('live'));
    const result = socket.request({ action: 'getMessages', roomId: 'general' });
    const joinedDev = socket.request({ action: 'joinRoom', roomId: 'dev' }, { timeoutMs: 10_000 });
    await until(() => expect(server.actions('getMessages')).toHaveLength(1));
    await server.stop();
    answer = true;
    await server.start();
    await expect(result).resolves.toMatchObject({ type: 'messages', roomId: 'general' });
    await expect(joinedDev).resolves.toMatchObject({ type: 'joined', roomId: 'dev' });
    const [first, again] = server.actions('getMessages');
    expect(again?.id).toBe(first?.id);
  });

  it('does not resend acked messages after a reconnect', async () => {
    const { server, socket, joined } = await setup({}, (s) => {
      s.respond = (frame, reply) => {
        if (frame.action === 'sendMessage' && frame.clientMsgId === 'a1') {
          reply({ type: 'ack', clientMsgId: 'a1', message: msg(1, 'general', 1, { clientMsgId: 'a1' }) });
        }
      };
    });
    const acks: string[] = [];
    socket.on('ack', (e) => acks.push(e.clientMsgId));
    await until(() => expect(socket.status).toBe('live'));
    socket.send({ action: 'sendMessage', roomId: 'general', text: 'one', clientMsgId: 'a1' });
    await until(() => expect(acks).toEqual(['a1']));
    server.frames = [];
    joined.length = 0;
    await server.stop();
    await server.start();
    await until(() => expect(joined).toHaveLength(1));
    // A resend would go out as the join is answered: before this frame.
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
      s.respond = (frame, reply) => void (frame.action === 'ping' && reply({ type: 'pong' }));
    });
    await until(() => expect(server.actions('ping').length).toBeGreaterThanOrEqual(5));
    expect(socket.status).toBe('live');
    expect(server.handshakes).toBe(1);
    expect(statuses).toEqual(['live']);
  });

  it('pings every interval even while frames keep arriving (the server reads them as a heartbeat)', async () => {
    const intervalMs = 200;
    // Records, on the client's own socket, when each frame arrived and how recent the last one was at each ping.
    let lastFrameAt = 0;
    const sinceLastFrame: number[] = [];
    class Recording extends WebSocket {
      constructor(url: string) {
        super(url);
        this.on('message', () => (lastFrameAt = performance.now()));
      }
      override send(data: string): void {
        if (data.includes('"ping"')) sinceLastFrame.push(performance.now() - lastFrameAt);
        super.send(data);
      }
    }
    const { server, socket } = await setup({ heartbeat: { intervalMs, timeoutMs: 5_000 }, WebSocket: Recording }, (s) => {
      s.respond = (frame, reply) => void (frame.action === 'ping' && reply({ type: 'pong' }));
    });
    await until(() => expect(socket.status).toBe('live'));
    const chatter = setInterval(() => server.push({ type: 'pong' }), 5);
    try {
      // A ping that follows a frame closely: frames no longer postpone the heartbeat.
      await until(() => expect(sinceLastFrame.some((ms) => ms < intervalMs / 2)).toBe(true), 30_000);
    } finally {
      clearInterval(chatter);
    }
    expect(server.handshakes).toBe(1);
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

  it('with `ticket`, connects with ?ticket= (never ?token=), a fresh ticket each time', async () => {
    let tickets = 0;
    const { server, socket } = await setup({ ticket: async () => `ticket-${++tickets}` }, (s) => (s.refuse = 1));
    await until(() => expect(socket.status).toBe('live'));
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]?.get('ticket')).toBe('ticket-2');
    expect(server.connections[0]?.has('token')).toBe(false);
  });

  it('a failing ticket function is reported to `logger` (not the console) and retried until one works', async () => {
    const reports: unknown[][] = [];
    const logger = { error: (...args: unknown[]) => reports.push(args), warn: (...args: unknown[]) => reports.push(args) };
    const consoleError = vi.spyOn(console, 'error');
    let calls = 0;
    const ticket = async () => {
      if (++calls <= 2) throw new Error('the API is down');
      return 'ticket-3';
    };
    const { server, socket } = await setup({ ticket, logger });
    await until(() => expect(socket.status).toBe('live'));
    expect(server.connections[0]?.get('ticket')).toBe('ticket-3');
    expect(reports.map(([line, err]) => [line, (err as Error).message])).toEqual([
      ['chat socket: the ticket function failed', 'the API is down'],
      ['chat socket: the ticket function failed', 'the API is down'],
    ]);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('an UNAUTHORIZED error reconnects with a fresh ticket and sends again what it left unanswered', async () => {
    let tickets = 0;
    const { server, socket } = await setup({ ticket: async () => `ticket-${++tickets}` });
    await until(() => expect(socket.status).toBe('live'));
    server.respond = (frame, reply) => {
      if (frame.action !== 'sendMessage') return;
      // The first connection's token has expired: its actions answer UNAUTHORIZED; the next one acks.
      if (server.connections.length < 2) reply({ type: 'error', code: 'UNAUTHORIZED', message: 'expired', action: frame.action, id: frame.id, clientMsgId: frame.clientMsgId });
      else reply({ type: 'ack', id: frame.id, clientMsgId: frame.clientMsgId, message: msg(1) });
      return true;
    };
    const acked = socket.request({ action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'c1' });
    await expect(acked).resolves.toMatchObject({ type: 'ack', clientMsgId: 'c1' });
    expect(server.actions('sendMessage')).toHaveLength(2);
    expect(server.connections.map((q) => q.get('ticket'))).toEqual(['ticket-1', 'ticket-2']);
  });
});
