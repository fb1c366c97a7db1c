import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { createApp } from './app.ts';
import { createTestApp, TEST_SECRET, testClientAddress } from './testing.ts';

const { app } = await createTestApp();

/** Every body the API answered in this file: checked at the end for password hashes. */
const bodies: string[] = [];

interface TrpcAnswer {
  status: number;
  body: {
    result?: { data: any };
    error?: { message: string; code: number; data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null; stack?: string } };
  };
}

async function call(path: string, input?: unknown, token?: string): Promise<TrpcAnswer> {
  const isQuery = ['auth.me', 'rooms.list', 'messages.list'].includes(path);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = isQuery
    ? await app.request(`/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
    : await app.request(`/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, body: JSON.parse(text) };
}

let n = 0;
function newUser() {
  n++;
  const tag = `${Date.now().toString(36)}${n}`;
  return { email: `User.${tag}@Example.com`, password: 'correct horse', username: `user_${tag}` };
}

async function signup(user = newUser()) {
  const res = await call('auth.signup', user);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...user, token: res.body.result!.data.token as string, id: res.body.result!.data.user.id as string };
}

describe('auth', () => {
  test('signup -> login -> me round trip, login ignoring the email’s case', async () => {
    const user = newUser();
    const signed = await call('auth.signup', user);
    expect(signed.status).toBe(200);
    expect(signed.body.result!.data.user).toEqual({
      id: expect.any(String),
      email: user.email.toLowerCase(),
      username: user.username,
    });
    const login = await call('auth.login', { email: user.email.toUpperCase(), password: user.password });
    expect(login.status).toBe(200);
    const me = await call('auth.me', undefined, login.body.result!.data.token);
    expect(me.body.result!.data).toEqual(signed.body.result!.data.user);
  });

  test('a duplicate email -> CONFLICT naming email', async () => {
    const first = await signup();
    const again = await call('auth.signup', { ...newUser(), email: first.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.error!.data.code).toBe('CONFLICT');
    expect(again.body.error!.data.fieldErrors).toHaveProperty('email');
  });

  test('a duplicate username in other letter case -> CONFLICT naming username', async () => {
    const first = await signup();
    const again = await call('auth.signup', { ...newUser(), username: first.username.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.error!.data.fieldErrors).toHaveProperty('username');
  });

  test('20 concurrent signups with one email: exactly one succeeds, the rest get CONFLICT', async () => {
    const email = `race.${Date.now()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('auth.signup', { ...newUser(), email, username: `racer_${Date.now()}_${i}` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body.error?.data.code === 'CONFLICT')).toHaveLength(19);
  });

  const valid = { email: 'ok@example.com', password: 'correct horse', username: 'valid_name' };
  test.each([
    ['email', { ...valid, email: 'not-an-email' }],
    ['email', { ...valid, email: 42 }],
    ['email', { password: valid.password, username: valid.username }],
    ['password', { ...valid, password: 'short' }],
    ['password', { ...valid, password: 'x'.repeat(73) }],
    ['password', { ...valid, password: 'ü'.repeat(37) }], // 74 bytes in UTF-8, 37 characters
    ['password', { ...valid, password: 12345678 }],
    ['password', { email: valid.email, username: valid.username }],
    ['username', { ...valid, username: 'ab' }],
    ['username', { ...valid, username: 'x'.repeat(33) }],
    ['username', { ...valid, username: 'no spaces' }],
    ['username', { ...valid, username: ['array'] }],
    ['username', { email: valid.email, password: valid.password }],
  ])('invalid signup input -> BAD_REQUEST naming %s', async (field, input) => {
    const res = await call('auth.signup', input);
    expect(res.status).toBe(400);
    expect(res.body.error!.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(res.body.error!.data.fieldErrors ?? {})).toEqual([field]);
    expect(res.body.error!.message).toContain(field);
  });

  test('wrong password and unknown email -> UNAUTHORIZED with the same message', async () => {
    const user = await signup();
    const wrong = await call('auth.login', { email: user.email, password: 'wrong password' });
    const unknown = await call('auth.login', { email: 'nobody@example.com', password: user.password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error!.message).toBe(unknown.body.error!.message);
  });

  const key = new TextEncoder().encode(TEST_SECRET);
  const now = () => Math.floor(Date.now() / 1000);
  test.each([
    ['missing', async () => undefined],
    ['malformed', async () => 'definitely-not-a-jwt'],
    ['expired', async (id: string) => new SignJWT({ username: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setIssuedAt(now() - 100).setExpirationTime(now() - 10).sign(key)],
    ['wrong-key', async (id: string) => new SignJWT({ username: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another'))],
    ['alg none', async (id: string) => new UnsecuredJWT({ username: 'x' }).setSubject(id).setExpirationTime('1h').encode()],
  ])('a %s token -> UNAUTHORIZED', async (_kind, make) => {
    const user = await signup();
    const res = await call('auth.me', undefined, await make(user.id));
    expect(res.status).toBe(401);
    expect(res.body.error!.data.code).toBe('UNAUTHORIZED');
  });

  test('errors carry no stack trace', async () => {
    const res = await call('auth.me');
    expect(res.body.error!.data.stack).toBeUndefined();
  });
});

describe('rooms and messages', () => {
  test('general always exists; a new room gets a slug id, a taken slug a suffix, a taken name CONFLICT', async () => {
    const { token, id } = await signup();
    const listed = await call('rooms.list', undefined, token);
    expect(listed.body.result!.data.map((s: { room: { id: string } }) => s.room.id)).toContain('general');
    const stamp = Date.now();
    const name = `Café Talk ${stamp}!`;
    const first = await call('rooms.create', { name }, token);
    expect(first.body.result!.data).toEqual({
      id: expect.stringMatching(/^cafe-talk-\d+$/),
      name,
      kind: 'public',
      topic: '',
      createdAt: expect.any(Number),
      createdBy: id,
      archived: false,
    });
    // Another name (the accent counts) with the same slug.
    const second = await call('rooms.create', { name: `Cafe Talk ${stamp}!` }, token);
    expect(second.body.result!.data.id).toBe(`${first.body.result!.data.id}-2`);
    const again = await call('rooms.create', { name }, token);
    expect(again.status).toBe(409);
    expect(again.body.error!.data.code).toBe('CONFLICT');
    const after = await call('rooms.list', undefined, token);
    expect(after.body.result!.data.map((s: { room: unknown }) => s.room)).toEqual(
      expect.arrayContaining([first.body.result!.data, second.body.result!.data]),
    );
  });

  test('rooms need a token; a blank name -> BAD_REQUEST naming name', async () => {
    expect((await call('rooms.list')).status).toBe(401);
    const { token } = await signup();
    const res = await call('rooms.create', { name: '   ' }, token);
    expect(res.body.error!.data.fieldErrors).toHaveProperty('name');
  });

  test('messages.list reads the messages table: empty general, NOT_FOUND for no such room, limits checked', async () => {
    const { token } = await signup();
    const general = await call('messages.list', { roomId: 'general' }, token);
    expect(general.body.result!.data).toEqual({ messages: [], nextCursor: null });
    const missing = await call('messages.list', { roomId: 'no-such-room' }, token);
    expect(missing.body.error!.data.code).toBe('NOT_FOUND');
    const tooMany = await call('messages.list', { roomId: 'general', limit: 101 }, token);
    expect(tooMany.body.error!.data.fieldErrors).toHaveProperty('limit');
    expect((await call('messages.list', { roomId: 'general' })).status).toBe(401);
  });
});

describe('http', () => {
  const web = 'http://localhost:5173';
  const json = { 'content-type': 'application/json' };
  const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;
  async function answer(url: string, init?: RequestInit) {
    const res = await app.request(url, init);
    const text = await res.text();
    bodies.push(text);
    return { res, body: JSON.parse(text) as any };
  }

  test('a CORS preflight from the web origin is answered before tRPC, with the allowed methods and headers', async () => {
    const res = await app.request('/trpc/auth.signup', {
      method: 'OPTIONS',
      headers: { origin: web, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204); // tRPC would have answered 415
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe(web);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  test('a preflight from another origin is answered without an allowed origin, so the browser refuses', async () => {
    const res = await app.request('/trpc/auth.me', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('answers, errors and batches carry the allowed origin; another origin gets none', async () => {
    const { token } = await signup();
    const authed = { authorization: `Bearer ${token}` };
    for (const [url, headers, status] of [
      ['/trpc/auth.me', authed, 200],
      ['/trpc/auth.me', {}, 401],
      [`/trpc/auth.me,rooms.list?batch=1&${input({})}`, authed, 200],
    ] as const) {
      const ours = await app.request(url, { headers: { ...headers, origin: web } });
      expect(ours.status, url).toBe(status);
      expect(ours.headers.get('access-control-allow-origin'), url).toBe(web);
      expect(ours.headers.get('vary'), url).toMatch(/Origin/);
      const theirs = await app.request(url, { headers: { ...headers, origin: 'https://evil.example' } });
      expect(theirs.status, url).toBe(status);
      expect(theirs.headers.get('access-control-allow-origin'), url).toBeNull();
    }
  });

  test('?batch=1 answers one result per call, in order', async () => {
    const { token, username } = await signup();
    const { res, body } = await answer(`/trpc/auth.me,rooms.list,auth.nope?batch=1&${input({})}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(207); // mixed: two results and a NOT_FOUND
    expect(body).toHaveLength(3);
    expect(body[0].result.data.username).toBe(username);
    expect(body[1].result.data.map((s: { room: { id: string } }) => s.room.id)).toContain('general');
    expect(body[2].error.data.code).toBe('NOT_FOUND');

    const mutations = await answer('/trpc/auth.login,auth.login?batch=1', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ 0: { email: 'nobody@example.com', password: 'correct horse' }, 1: { email: 'x' } }),
    });
    expect(mutations.body.map((r: { error: { data: { code: string } } }) => r.error.data.code)).toEqual(['UNAUTHORIZED', 'BAD_REQUEST']);
  });

  test('the wrong verb -> 405: a mutation as GET, a query as POST', async () => {
    const { token } = await signup();
    const asGet = await answer(`/trpc/auth.login?${input({ email: 'a@b.co', password: 'correct horse' })}`);
    expect(asGet.res.status).toBe(405);
    expect(asGet.body.error.data.code).toBe('METHOD_NOT_SUPPORTED');
    const asPost = await answer('/trpc/auth.me', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: '{}' });
    expect(asPost.res.status).toBe(405);
  });

  test('a POST without a JSON content-type -> 415, and nothing is created', async () => {
    const user = newUser();
    for (const headers of [{}, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/plain' }] as Record<string, string>[]) {
      const { res, body } = await answer('/trpc/auth.signup', { method: 'POST', headers, body: JSON.stringify(user) });
      expect(res.status, JSON.stringify(headers)).toBe(415);
      expect(body.error.data.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await call('auth.login', { email: user.email, password: user.password })).status).toBe(401);
  });

  test('a body that is not JSON -> 400 BAD_REQUEST', async () => {
    for (const body of ['{not json', 'email=a@b.co', '[1,', '']) {
      const answered = await answer('/trpc/auth.signup', { method: 'POST', headers: json, body });
      expect(answered.res.status, body).toBe(400);
      expect(answered.body.error.data.code, body).toBe('BAD_REQUEST');
    }
    const { token } = await signup();
    const query = await answer('/trpc/messages.list?input=%7Bnope', { headers: { authorization: `Bearer ${token}` } });
    expect(query.res.status).toBe(400);
    expect(query.body.error.data.code).toBe('BAD_REQUEST');
  });

  test('no error answer carries a stack trace', async () => {
    const errors = [
      await answer('/trpc/auth.me'),
      await answer('/trpc/auth.nope'),
      await answer('/trpc/auth.signup', { method: 'POST', headers: json, body: '{nope' }),
      await answer('/trpc/auth.signup', { method: 'POST', body: '{}' }),
      await answer('/trpc/auth.signup'),
      await answer('/trpc/auth.signup', { method: 'POST', headers: json, body: '{}' }),
    ];
    for (const { res, body } of errors) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(body.error.data).not.toHaveProperty('stack');
    }
  });
});

describe('errors', () => {
  test('an internal error is logged with its path, without the request token, and answered 500 with a generic sentence', async () => {
    const { services } = await createTestApp();
    const failing = createApp({
      services: { ...services, rooms: { ...services.rooms, list: () => Promise.reject(new Error('the rooms table is gone')) } },
      corsOrigins: [],
      clientAddress: testClientAddress,
    });
    // A user that exists: a token of a missing user is refused before any procedure runs.
    const { token } = await services.auth.signup({ email: 'logged@example.com', password: 'correct horse', username: 'logged' }, { ip: null });
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const res = await failing.request('/trpc/rooms.list', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(500);
      const answer = await res.text();
      expect(answer).not.toContain('the rooms table is gone');
      expect(JSON.parse(answer).error).toMatchObject({ message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR' } });
    } finally {
      stderr.mockRestore();
    }
    const lines = written.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 'ERROR', message: 'procedure failed', path: 'rooms.list' })]);
    expect(written.join('')).toContain('the rooms table is gone');
    expect(written.join('')).not.toContain(token);
  });
});

afterAll(() => {
  // Checked over every answer of every procedure above.
  expect(bodies.length).toBeGreaterThan(40);
  for (const body of bodies) {
    expect(body).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(body).not.toMatch(/passwordHash/i);
  }
});

describe('/health', () => {
  test('200 while the dependencies answer, 503 while one is down or the check throws', async () => {
    const { services } = await createTestApp();
    let up = true;
    const checked = createApp({ services, corsOrigins: [], health: async () => up, clientAddress: testClientAddress });
    expect((await checked.request('/health')).status).toBe(200);
    up = false;
    const down = await checked.request('/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false });
    const throwing = createApp({ services, corsOrigins: [], health: () => Promise.reject(new Error('ECONNREFUSED')), clientAddress: testClientAddress });
    expect((await throwing.request('/health')).status).toBe(503);
  });
});
