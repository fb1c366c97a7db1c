import { TRPCError } from '@trpc/server';
import { expect, test } from 'vitest';
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
  const caller = createCaller({ services, token: 'good' });
  expect(await caller.auth.me()).toEqual({ id: 'u1', email: 'a@b.co', username: 'ann' });
  const session = await caller.auth.signup({ email: 'a@b.co', password: 'correct horse', username: 'ann' });
  expect(JSON.stringify(session)).not.toContain('passwordHash');
});

test("other users leave as {id, username}: never with an email", async () => {
  const caller = createCaller({ services, token: 'good' });
  expect(await caller.users.search({ query: 'an' })).toEqual([{ id: 'u1', username: 'ann' }]);
  expect(await caller.rooms.members({ roomId: 'r' })).toEqual([{ id: 'u1', username: 'ann' }]);
});

test('protected procedures answer UNAUTHORIZED without a valid token', async () => {
  for (const token of [null, 'bad']) {
    const caller = createCaller({ services, token });
    await expect(caller.rooms.list()).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === 'UNAUTHORIZED');
  }
});

test('auth.wsTicket gets the bearer token of the request', async () => {
  const caller = createCaller({ services, token: 'good' });
  expect(await caller.auth.wsTicket()).toEqual({ ticket: 'ticket-for-good', expiresAt: 1 });
  await expect(createCaller({ services, token: 'bad' }).auth.wsTicket()).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === 'UNAUTHORIZED');
});

test('auth.changePassword checks the new password against the signup rules', async () => {
  const caller = createCaller({ services, token: 'good' });
  await expect(caller.auth.changePassword({ currentPassword: 'old password', newPassword: 'short' })).rejects.toSatisfy(
    (e) => e instanceof TRPCError && e.code === 'BAD_REQUEST',
  );
  const session = await caller.auth.changePassword({ currentPassword: 'old password', newPassword: 'a new long one' });
  expect(session.token).toBe('t2');
  expect(JSON.stringify(session)).not.toContain('passwordHash');
});
