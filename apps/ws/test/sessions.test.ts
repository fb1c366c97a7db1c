// Tickets, token expiry and token versions at the handshake and on every action, through the
// emulator with real sockets over DynamoDB Local. The handler's clock is the test's.
import { createTokens } from '@chat/auth';
import { bumpTokenVersion, connectionsOfUsers, getConnection, hashTicket, putWsTicket } from '@chat/db';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startRealtime, TEST_SECRET } from './harness.ts';

const CACHE_MS = 30_000;
let offset = 0;
const now = () => Date.now() + offset;
const stack = await startRealtime({ now, tokenVersionCacheMs: CACHE_MS });
afterAll(() => stack.stop());

/** The status a handshake with this query answers: 101 accepted (then closed), else the refusal's. */
function handshake(query: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${stack.emulator.url}?${new URLSearchParams(query)}`);
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', reject);
  });
}

/** What auth.wsTicket stores (tested in apps/api): a random ticket, only its hash in the table. */
async function issueTicket(user: { id: string; username: string }, { ttlMs = 60_000, tokenVersion = 0, tokenExpiresAt = now() + 3_600_000 } = {}) {
  const ticket = randomBytes(32).toString('base64url');
  await putWsTicket(stack.db, {
    ticketHash: hashTicket(ticket),
    userId: user.id,
    username: user.username,
    tokenVersion,
    tokenExpiresAt,
    expiresAt: Math.floor((now() + ttlMs) / 1000),
  });
  return ticket;
}

/** An action's answer on a fresh socket: the frame that echoes its id. */
async function answerOf(socket: Awaited<ReturnType<typeof stack.connect>>, frame: Record<string, unknown>) {
  const id = `r${Math.random().toString(36).slice(2, 10)}`;
  socket.send({ ...frame, id });
  return socket.waitFor((frames) => frames.find((f) => 'id' in f && f.id === id));
}

describe('?ticket=', () => {
  test('a ticket connects once: the connection is its user’s; used again, 401', async () => {
    const ann = await stack.user('tix');
    const ticket = await issueTicket(ann);
    const socket = await stack.connectWith({ ticket });
    expect(await answerOf(socket, { action: 'joinRoom', roomId: 'general' })).toMatchObject({ type: 'joined', users: [expect.objectContaining({ id: ann.id })] });
    expect(await handshake({ ticket })).toBe(401);
  });

  test('an expired ticket is refused, though TTL has not deleted it', async () => {
    const ann = await stack.user('late');
    const ticket = await issueTicket(ann);
    offset += 61_000;
    try {
      expect(await handshake({ ticket })).toBe(401);
    } finally {
      offset -= 61_000;
    }
  });

  test.each([
    ['unknown', () => randomBytes(32).toString('base64url')],
    ['malformed', () => 'not a ticket!'],
    ['empty', () => ''],
  ])('a ticket that is %s is refused with 401', async (_kind, make) => {
    expect(await handshake({ ticket: make() })).toBe(401);
  });

  test('a ticket of a revoked token version is refused', async () => {
    const ann = await stack.user('rev');
    const ticket = await issueTicket(ann, { tokenVersion: 0 });
    await bumpTokenVersion(stack.db, ann.id);
    offset += CACHE_MS + 1; // past any cached version
    try {
      expect(await handshake({ ticket })).toBe(401);
    } finally {
      offset -= CACHE_MS + 1;
    }
  });
});

describe('token lifetime', () => {
  test('once the token has expired, every action answers UNAUTHORIZED (pings too); a new connection works', async () => {
    const ann = await stack.user('exp');
    const shortLived = createTokens({ secret: TEST_SECRET, ttlSeconds: 60, now });
    const socket = await stack.connect(await shortLived.issue(ann));
    const [registered] = await connectionsOfUsers(stack.db, [ann.id]);
    const connection = await getConnection(stack.db, registered!.connectionId);
    expect(connection).toMatchObject({ tokenVersion: 0, tokenExpiresAt: expect.any(Number) });
    expect(connection!.tokenExpiresAt).toBeGreaterThan(now());
    expect(await answerOf(socket, { action: 'joinRoom', roomId: 'general' })).toMatchObject({ type: 'joined' });

    offset += 60_000;
    try {
      for (const frame of [
        { action: 'sendMessage', roomId: 'general', text: 'after expiry', clientMsgId: 'late-1' },
        { action: 'getMessages', roomId: 'general' },
        { action: 'joinRoom', roomId: 'general' },
        { action: 'leaveRoom', roomId: 'general' },
        { action: 'typing', roomId: 'general' },
        { action: 'ping' },
      ]) {
        expect(await answerOf(socket, frame), frame.action).toMatchObject({ type: 'error', code: 'UNAUTHORIZED', action: frame.action });
      }
      expect(await handshake({ token: await shortLived.issue(ann) })).toBe(101);
    } finally {
      offset -= 60_000;
    }
  });
});

describe('token versions', () => {
  test('after a bump, the old token is refused at the handshake and its socket’s actions answer UNAUTHORIZED, after the cache window', async () => {
    const ann = await stack.user('bump');
    const socket = await stack.connect(ann.token);
    expect(await answerOf(socket, { action: 'getMessages', roomId: 'general' })).toMatchObject({ type: 'messages' });

    expect(await bumpTokenVersion(stack.db, ann.id)).toBe(1);
    // Within the window this container still trusts the version it read.
    expect(await answerOf(socket, { action: 'getMessages', roomId: 'general' })).toMatchObject({ type: 'messages' });
    offset += CACHE_MS + 1;
    try {
      expect(await answerOf(socket, { action: 'getMessages', roomId: 'general' })).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
      expect(await handshake({ token: ann.token })).toBe(401);
      const fresh = await stack.deps.tokens.issue(ann, 1);
      expect(await handshake({ token: fresh })).toBe(101);
    } finally {
      offset -= CACHE_MS + 1;
    }
  });

  test('a revoked socket that only pings is told at a heartbeat: after a bump and the cache window, ping answers UNAUTHORIZED', async () => {
    const ann = await stack.user('bump-ping');
    const socket = await stack.connect(ann.token);
    expect(await answerOf(socket, { action: 'ping' })).toMatchObject({ type: 'pong' });
    expect(await bumpTokenVersion(stack.db, ann.id)).toBe(1);
    offset += CACHE_MS + 1;
    try {
      expect(await answerOf(socket, { action: 'ping' })).toMatchObject({ type: 'error', code: 'UNAUTHORIZED', action: 'ping' });
    } finally {
      offset -= CACHE_MS + 1;
    }
  });

  test('a validly signed token of a user id that does not exist fails the handshake', async () => {
    const ghost = await stack.deps.tokens.issue({ id: `ghost-${crypto.randomUUID()}`, username: 'ghost' });
    expect(await handshake({ token: ghost })).toBe(401);
  });
});
