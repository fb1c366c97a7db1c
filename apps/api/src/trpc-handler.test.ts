// The lean path of trpcHandler against tRPC's own fetch adapter: for every kind of call the
// same status, body and content-type, so no client can tell them apart.
import { appRouter } from '@chat/contract/router';
import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { bearerToken, createContextInner } from './context.ts';
import { createTestApp } from './testing.ts';

const { app, services } = await createTestApp();
const reference = new Hono().use(
  '/trpc/*',
  trpcServer({
    router: appRouter,
    createContext: (opts) =>
      createContextInner({ services, token: bearerToken(opts.req.headers.get('authorization')) }) as unknown as Record<string, unknown>,
  }),
);

const tag = Date.now().toString(36);
const signup = await app.request('/trpc/auth.signup', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: `lean.${tag}@example.com`, password: 'correct horse', username: `lean_${tag}` }),
});
const { token } = ((await signup.json()) as { result: { data: { token: string } } }).result.data;
const authed = { authorization: `Bearer ${token}` };
const json = { 'content-type': 'application/json' };
const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

// [what, path and query, init]: none of them changes state, so both apps can answer each.
const calls: [string, string, RequestInit][] = [
  ['a query', '/trpc/auth.me', { headers: authed }],
  ['a query with input', `/trpc/messages.list?${input({ roomId: 'general', limit: 5 })}`, { headers: authed }],
  ['a query without a token', '/trpc/rooms.list', {}],
  ['a query with a bad token', '/trpc/auth.me', { headers: { authorization: 'Bearer nope' } }],
  ['a query with input failing its schema', `/trpc/messages.list?${input({ roomId: 'general', limit: 1000 })}`, { headers: authed }],
  ['a query with input that is not JSON', '/trpc/messages.list?input=%7Bnope', { headers: authed }],
  ['a query for no such room', `/trpc/messages.list?${input({ roomId: 'nowhere' })}`, { headers: authed }],
  ['a mutation failing its schema', '/trpc/auth.login', { method: 'POST', headers: json, body: '{"email":"x"}' }],
  ['a mutation, wrong password', '/trpc/auth.login', { method: 'POST', headers: json, body: JSON.stringify({ email: `lean.${tag}@example.com`, password: 'wrong horse' }) }],
  ['a mutation whose body is not JSON', '/trpc/auth.login', { method: 'POST', headers: json, body: '{nope' }],
  ['a mutation with no body', '/trpc/auth.login', { method: 'POST', headers: json }],
  ['a mutation needing a token, without one', '/trpc/rooms.create', { method: 'POST', headers: json, body: '{nope' }],
  ['a mutation as GET (to the fetch adapter)', '/trpc/auth.login', {}],
  ['a query as POST (to the fetch adapter)', '/trpc/auth.me', { method: 'POST', headers: { ...json, ...authed }, body: '{}' }],
  ['a mutation without content-type (to the fetch adapter)', '/trpc/auth.login', { method: 'POST', body: '{}' }],
  ['no such procedure (to the fetch adapter)', '/trpc/auth.nope', { headers: authed }],
  ['a batch (to the fetch adapter)', `/trpc/auth.me,rooms.list?batch=1&${input({})}`, { headers: authed }],
];

describe('trpcHandler answers as the fetch adapter does', () => {
  test.each(calls)('%s', async (_what, url, init) => {
    const [ours, theirs] = await Promise.all([app.request(url, init), reference.request(url, init)]);
    const [ourBody, theirBody] = await Promise.all([ours.text(), theirs.text()]);
    expect({ status: ours.status, body: JSON.parse(ourBody) as unknown }).toEqual({
      status: theirs.status,
      body: JSON.parse(theirBody) as unknown,
    });
    expect(ours.headers.get('content-type')).toBe(theirs.headers.get('content-type'));
    expect(ours.headers.get('vary')).toContain('trpc-accept, accept');
  });

  test('a mutation runs once and answers its result', async () => {
    const res = await app.request('/trpc/rooms.create', {
      method: 'POST',
      headers: { ...json, ...authed },
      body: JSON.stringify({ name: `Lean ${tag}` }),
    });
    expect(res.status).toBe(200);
    const { id } = ((await res.json()) as { result: { data: { id: string } } }).result.data;
    const list = await app.request('/trpc/rooms.list', { headers: authed });
    const rooms = ((await list.json()) as { result: { data: { id: string }[] } }).result.data;
    expect(rooms.filter((r) => r.id === id)).toHaveLength(1);
  });
});

describe('cors', () => {
  test('an allowed origin gets its CORS headers on the lean path and on the fetch adapter path', async () => {
    const origin = 'http://localhost:5173';
    for (const url of ['/trpc/auth.me', `/trpc/auth.me,rooms.list?batch=1&${input({})}`]) {
      const res = await app.request(url, { headers: { ...authed, origin } });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), url).toBe(origin);
      expect(res.headers.get('vary'), url).toMatch(/Origin/);
    }
  });

  test('a preflight from another origin gets no CORS headers', async () => {
    const res = await app.request('/trpc/auth.me', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });
});
