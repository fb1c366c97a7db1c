// Token versions, tickets, logging out everywhere and password changes, through the real app
// (HTTP in, DynamoDB Local behind) with a clock the test moves.
import { createTokens } from '@chat/auth';
import { getUser, hashTicket, keys } from '@chat/db';
import { createTestDb } from '@chat/db/testing';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { describe, expect, test } from 'vitest';
import { createApp } from '../app.ts';
import { createPasswords } from '../passwords.ts';
import { generousThrottlePolicies, TEST_SECRET, testClientAddress } from '../testing.ts';
import { createServices } from './index.ts';
import { WS_TICKET_TTL_MS } from './token-auth.ts';

const CACHE_MS = 30_000;
let clock = Date.UTC(2026, 5, 1);
const now = () => clock;
const db = await createTestDb();
const tokens = createTokens({ secret: TEST_SECRET, ttlSeconds: 3600, now });
/** Two containers of the api over the same tables: a revocation in one reaches the other after the cache window. */
const containers = [0, 1].map(() =>
  createApp({
    services: createServices({ db, tokens, passwords: createPasswords(10), now, tokenVersionCacheMs: CACHE_MS, throttlePolicies: generousThrottlePolicies }),
    corsOrigins: [],
    clientAddress: testClientAddress,
  }),
);
const [here, there] = containers as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];

async function call(app: ReturnType<typeof createApp>, path: string, input?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = ['auth.me', 'rooms.list'].includes(path)
    ? await app.request(`/trpc/${path}`, { headers })
    : await app.request(`/trpc/${path}`, { method: 'POST', headers, ...(input !== undefined && { body: JSON.stringify(input) }) });
  return { status: res.status, body: (await res.json()) as { result?: { data: any }; error?: { data: { code: string; fieldErrors: Record<string, string[]> | null } } } };
}

let n = 0;
async function signup() {
  const user = { email: `tok${++n}.${clock}@example.com`, password: 'correct horse', username: `tok_${n}_${clock % 100000}` };
  const res = await call(here, 'auth.signup', user);
  expect(res.status).toBe(200);
  return { ...user, token: res.body.result!.data.token as string, id: res.body.result!.data.user.id as string };
}

describe('auth.wsTicket', () => {
  test('answers a URL-safe ticket of 256 bits, valid 60 s; the table holds only its hash', async () => {
    const user = await signup();
    const res = await call(here, 'auth.wsTicket', {}, user.token);
    expect(res.status).toBe(200);
    const { ticket, expiresAt } = res.body.result!.data as { ticket: string; expiresAt: number };
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBeGreaterThan(clock + WS_TICKET_TTL_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(clock + WS_TICKET_TTL_MS);
    const { Item } = await db.entities.WsTicket.build(GetItemCommand).key({ ticketHash: hashTicket(ticket) }).send();
    expect(Item).toMatchObject({ userId: user.id, tokenVersion: 0, expiresAt: expiresAt / 1000 });
    expect(JSON.stringify(Item)).not.toContain(ticket);
    expect(keys.wsTicket(hashTicket(ticket))).not.toContain(ticket);
  });

  test('takes no input as well as {}; without a token UNAUTHORIZED', async () => {
    const user = await signup();
    const none = await call(here, "auth.wsTicket", undefined, user.token);
    expect(none.status, JSON.stringify(none.body)).toBe(200);
    expect((await call(here, 'auth.wsTicket', {})).body.error?.data.code).toBe('UNAUTHORIZED');
  });
});

describe('token versions', () => {
  test('logoutEverywhere refuses every older token here at once, in another container after the cache window', async () => {
    const user = await signup();
    const other = (await call(here, 'auth.login', { email: user.email, password: user.password })).body.result!.data.token as string;
    expect((await call(there, 'rooms.list', undefined, other)).status).toBe(200); // `there` has read version 0

    const out = await call(here, 'auth.logoutEverywhere', undefined, user.token);
    expect(out.body.result?.data).toEqual({ loggedOut: true });
    expect((await getUser(db, user.id))?.tokenVersion).toBe(1);
    for (const token of [user.token, other]) expect((await call(here, 'rooms.list', undefined, token)).body.error?.data.code).toBe('UNAUTHORIZED');

    expect((await call(there, 'rooms.list', undefined, other)).status).toBe(200); // within its cache window
    clock += CACHE_MS + 1;
    expect((await call(there, 'rooms.list', undefined, other)).body.error?.data.code).toBe('UNAUTHORIZED');
    expect((await call(there, 'auth.wsTicket', {}, other)).body.error?.data.code).toBe('UNAUTHORIZED');

    // Logging in again issues a token of the new version.
    const again = (await call(there, 'auth.login', { email: user.email, password: user.password })).body.result!.data.token as string;
    expect((await call(here, 'auth.me', undefined, again)).body.result?.data.id).toBe(user.id);
  });

  test('changePassword: checks the current one, revokes older tokens, answers a working token; the new password logs in', async () => {
    const user = await signup();
    const wrong = await call(here, 'auth.changePassword', { currentPassword: 'not it', newPassword: 'battery staple' }, user.token);
    expect(wrong.body.error?.data.code).toBe('BAD_REQUEST');
    expect(wrong.body.error?.data.fieldErrors).toEqual({ currentPassword: ['The current password is incorrect'] });
    expect((await call(here, 'rooms.list', undefined, user.token)).status).toBe(200); // nothing revoked

    const changed = await call(here, 'auth.changePassword', { currentPassword: user.password, newPassword: 'battery staple' }, user.token);
    expect(changed.status).toBe(200);
    const fresh = changed.body.result!.data.token as string;
    expect((await call(here, 'rooms.list', undefined, user.token)).body.error?.data.code).toBe('UNAUTHORIZED');
    expect((await call(here, 'rooms.list', undefined, fresh)).status).toBe(200);
    clock += CACHE_MS + 1;
    expect((await call(there, 'rooms.list', undefined, user.token)).body.error?.data.code).toBe('UNAUTHORIZED');
    expect((await call(there, 'rooms.list', undefined, fresh)).status).toBe(200);

    expect((await call(here, 'auth.login', { email: user.email, password: user.password })).body.error?.data.code).toBe('UNAUTHORIZED');
    expect((await call(here, 'auth.login', { email: user.email, password: 'battery staple' })).status).toBe(200);
  });

  test('a validly signed token for a user id that does not exist is refused', async () => {
    const ghost = await tokens.issue({ id: crypto.randomUUID(), username: 'ghost' });
    expect((await call(here, 'rooms.list', undefined, ghost)).body.error?.data.code).toBe('UNAUTHORIZED');
    expect((await call(here, 'auth.wsTicket', {}, ghost)).body.error?.data.code).toBe('UNAUTHORIZED');

    // One deleted after its token was issued: refused once the cache window has passed.
    const user = await signup();
    await db.entities.User.build(DeleteItemCommand).key({ id: user.id }).send();
    clock += CACHE_MS + 1;
    expect((await call(here, 'rooms.list', undefined, user.token)).body.error?.data.code).toBe('UNAUTHORIZED');
  });
});
