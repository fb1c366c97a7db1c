import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { expect, test } from 'vitest';
import { RetryAfter } from './retry-after.ts';
import { appRouter } from './router/index.ts';
import type { Services } from './services.ts';
import { createCallerFactory } from './trpc.ts';

// The router is only the contract: with services that return too much, its output schemas
// still decide what leaves.
const leaky = { id: 'u1', email: 'a@b.co', username: 'ann', passwordHash: '$2b$10$secret' };
const room = { id: 'r', name: 'r', kind: 'public', topic: '', createdAt: 1, createdBy: 'u1', archived: false } as const;
const services: Services = {
  auth: {
    signup: async () => ({ token: 't', user: leaky }),
    login: async () => ({ token: 't', user: leaky }),
    me: async () => leaky,
    authenticate: async (token) => (token === 'good' ? { id: 'u1', username: 'ann' } : null),
    wsTicket: async (_principal, token) => ({ ticket: `ticket-for-${token}`, expiresAt: 1 }),
    logoutEverywhere: async () => ({ loggedOut: true }),
    changePassword: async () => ({ token: 't2', user: leaky }),
  },
  // Another user as a leaky service might return them: with an email.
  users: { search: async () => [leaky] },
  rooms: {
    list: async () => [],
    browse: async () => ({ rooms: [], nextCursor: null }),
    create: async (input) => ({ ...room, name: input.name }),
    join: async () => room,
    leave: async ({ roomId }) => ({ roomId }),
    invite: async (input) => input,
    openDm: async () => ({ ...room, kind: 'dm', name: '' }),
    update: async () => room,
    members: async () => [leaky],
    markRead: async ({ roomId, seq }) => ({ roomId, readSeq: seq }),
  },
  messages: {
    list: async () => ({ messages: [], nextCursor: null }),
    edit: async () => Promise.reject(new Error('not used here')),
    delete: async () => Promise.reject(new Error('not used here')),
    react: async () => Promise.reject(new Error('not used here')),
  },
};
const createCaller = createCallerFactory(appRouter);

test('outputs never carry fields outside their schema (a password hash, say)', async () => {
  const caller = createCaller({ services, token: 'good', client: { ip: null } });
  expect(await caller.auth.me()).toEqual({ id: 'u1', email: 'a@b.co', username: 'ann' });
  const session = await caller.auth.signup({ email: 'a@b.co', password: 'correct horse', username: 'ann' });
  expect(JSON.stringify(session)).not.toContain('passwordHash');
});

test("other users leave as {id, username}: never with an email", async () => {
  const caller = createCaller({ services, token: 'good', client: { ip: null } });
  expect(await caller.users.search({ query: 'an' })).toEqual([{ id: 'u1', username: 'ann' }]);
  expect(await caller.rooms.members({ roomId: 'r' })).toEqual([{ id: 'u1', username: 'ann' }]);
});

test('protected procedures answer UNAUTHORIZED without a valid token', async () => {
  for (const token of [null, 'bad']) {
    const caller = createCaller({ services, token, client: { ip: null } });
    await expect(caller.rooms.list()).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === 'UNAUTHORIZED');
  }
});

test('login and signup get the caller the context names; a RetryAfter cause reaches the client as data.retryAfterMs', async () => {
  const seen: unknown[] = [];
  const throttled: Services = {
    ...services,
    auth: {
      ...services.auth,
      login: async (_input, client) => {
        seen.push(client);
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Too many attempts', cause: new RetryAfter(39_500.2) });
      },
    },
  };
  const res = await fetchRequestHandler({
    router: appRouter,
    endpoint: '/trpc',
    req: new Request('http://api/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.co', password: 'wrong password' }),
    }),
    createContext: () => ({ services: throttled, token: null, client: { ip: '203.0.113.7' } }),
  });
  expect(res.status).toBe(429);
  const body = (await res.json()) as { error: { message: string; data: Record<string, unknown> } };
  expect(body.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 39_501 });
  expect(body.error.message).toBe('Too many attempts');
  expect(seen).toEqual([{ ip: '203.0.113.7' }]);
});

test('an error without a RetryAfter cause carries no retryAfterMs', async () => {
  const res = await fetchRequestHandler({
    router: appRouter,
    endpoint: '/trpc',
    req: new Request('http://api/trpc/rooms.list'),
    createContext: () => ({ services, token: null, client: { ip: null } }),
  });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { data: object } }).error.data).not.toHaveProperty('retryAfterMs');
});

test('auth.wsTicket gets the bearer token of the request', async () => {
  const caller = createCaller({ services, token: 'good', client: { ip: null } });
  expect(await caller.auth.wsTicket()).toEqual({ ticket: 'ticket-for-good', expiresAt: 1 });
  await expect(createCaller({ services, token: 'bad', client: { ip: null } }).auth.wsTicket()).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === 'UNAUTHORIZED');
});

test('auth.changePassword checks the new password against the signup rules', async () => {
  const caller = createCaller({ services, token: 'good', client: { ip: null } });
  await expect(caller.auth.changePassword({ currentPassword: 'old password', newPassword: 'short' })).rejects.toSatisfy(
    (e) => e instanceof TRPCError && e.code === 'BAD_REQUEST',
  );
  const session = await caller.auth.changePassword({ currentPassword: 'old password', newPassword: 'a new long one' });
  expect(session.token).toBe('t2');
  expect(JSON.stringify(session)).not.toContain('passwordHash');
});
