import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { createApp } from './app.ts';
import { createTestApp, TEST_SECRET } from './testing.ts';

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

  test('a body that is not JSON -> 4xx, never 5xx', async () => {
    for (const body of ['{not json', 'email=a@b.co', '']) {
      const res = await app.request('/trpc/auth.signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      bodies.push(await res.text());
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
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
  test('general always exists; a new room gets a slug id, a taken slug a suffix', async () => {
    const { token } = await signup();
    const listed = await call('rooms.list', undefined, token);
    expect(listed.body.result!.data.map((r: { id: string }) => r.id)).toContain('general');
    const name = `Café Talk ${Date.now()}!`;
    const first = await call('rooms.create', { name }, token);
    expect(first.body.result!.data).toEqual({ id: expect.stringMatching(/^cafe-talk-\d+$/), name, createdAt: expect.any(Number) });
    const second = await call('rooms.create', { name }, token);
    expect(second.body.result!.data.id).toBe(`${first.body.result!.data.id}-2`);
    const after = await call('rooms.list', undefined, token);
    expect(after.body.result!.data).toEqual(expect.arrayContaining([first.body.result!.data, second.body.result!.data]));
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
  test('a CORS preflight from the web origin is answered before tRPC', async () => {
    const res = await app.request('/trpc/auth.signup', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });

  test('another origin is not allowed', async () => {
    const res = await app.request('/trpc/auth.me', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
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
    const checked = createApp({ services, corsOrigins: [], health: async () => up });
    expect((await checked.request('/health')).status).toBe(200);
    up = false;
    const down = await checked.request('/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false });
    const throwing = createApp({ services, corsOrigins: [], health: () => Promise.reject(new Error('ECONNREFUSED')) });
    expect((await throwing.request('/health')).status).toBe(503);
  });
});
