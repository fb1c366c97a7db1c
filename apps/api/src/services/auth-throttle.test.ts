// The login and signup throttles through the real app over DynamoDB Local, with the production
// figures; addresses as the runtime would tell them (a header only test apps read).
import { expect, test } from 'vitest';
import { createPasswords, type Passwords } from '../passwords.ts';
import { createTestApp, TEST_ADDRESS_HEADER } from '../testing.ts';
import { addressKey, authThrottlePolicies } from './auth-throttle.ts';

/** The real bcrypt, counted: throttled attempts must never reach it. */
function countedPasswords() {
  const real = createPasswords(10);
  const calls = { hash: 0, verify: 0 };
  const passwords: Passwords = {
    hash: (password) => (calls.hash++, real.hash(password)),
    verify: (password, hash) => (calls.verify++, real.verify(password, hash)),
  };
  return { passwords, calls };
}

const counted = countedPasswords();
const first = await createTestApp({ throttlePolicies: authThrottlePolicies, passwords: counted.passwords });
// A second instance (another Lambda container) over the same tables.
const second = await createTestApp({ db: first.db, throttlePolicies: authThrottlePolicies, passwords: counted.passwords });

type App = typeof first.app;

interface Answer {
  status: number;
  error?: { message: string; data: { code: string; retryAfterMs?: number } };
}

async function call(app: App, path: string, input: unknown, address: string): Promise<Answer> {
  const res = await app.request(`/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TEST_ADDRESS_HEADER]: address },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { error?: Answer['error'] };
  return { status: res.status, ...(body.error && { error: body.error }) };
}

let n = 0;
/** A fresh address (TEST-NET-3 and beyond), so that tests do not share address counters. */
const newAddress = () => `198.51.${Math.floor(++n / 250)}.${n % 250}`;

async function newAccount(app: App = first.app) {
  const tag = `${Date.now().toString(36)}${++n}`;
  const account = { email: `t.${tag}@example.com`, password: 'correct horse', username: `t_${tag}` };
  expect((await call(app, 'auth.signup', account, newAddress())).status).toBe(200);
  return account;
}

const MINUTES_15 = 15 * 60_000;

test('6 wrong logins for one account: the 6th is TOO_MANY_REQUESTS with retryAfterMs; the right password is refused while locked; other accounts log in', async () => {
  const victim = await newAccount();
  const other = await newAccount();
  const address = newAddress();
  for (let i = 0; i < 5; i++) {
    expect((await call(first.app, 'auth.login', { email: victim.email, password: `wrong ${i}` }, address)).status).toBe(401);
  }
  const sixth = await call(first.app, 'auth.login', { email: victim.email, password: 'wrong 6' }, address);
  expect(sixth.status).toBe(429);
  expect(sixth.error?.data.code).toBe('TOO_MANY_REQUESTS');
  expect(sixth.error?.data.retryAfterMs).toBeGreaterThan(MINUTES_15 - 60_000);
  expect(sixth.error?.data.retryAfterMs).toBeLessThanOrEqual(MINUTES_15);
  expect(sixth.error?.message).toMatch(/^Too many attempts: try again in \d+ s$/);

  // Even from another address, and with the email in another case.
  const locked = await call(first.app, 'auth.login', { email: victim.email.toUpperCase(), password: victim.password }, newAddress());
  expect(locked).toMatchObject({ status: 429, error: { data: { code: 'TOO_MANY_REQUESTS', retryAfterMs: expect.any(Number) } } });
  expect((await call(first.app, 'auth.login', { email: other.email, password: other.password }, address)).status).toBe(200);
});

test('a successful login clears the account’s failures', async () => {
  const account = await newAccount();
  const address = newAddress();
  for (let i = 0; i < 4; i++) expect((await call(first.app, 'auth.login', { email: account.email, password: 'nope nope' }, address)).status).toBe(401);
  expect((await call(first.app, 'auth.login', account, address)).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await call(first.app, 'auth.login', { email: account.email, password: 'nope nope' }, address)).status).toBe(401);
  expect((await call(first.app, 'auth.login', account, address)).status).toBe(429);
});

test('an unknown email is throttled like a known one (the answer tells nothing about which exist)', async () => {
  const address = newAddress();
  const email = `nobody.${Date.now()}@example.com`;
  for (let i = 0; i < 5; i++) expect((await call(first.app, 'auth.login', { email, password: 'whatever1' }, address)).status).toBe(401);
  expect((await call(first.app, 'auth.login', { email, password: 'whatever1' }, address)).status).toBe(429);
});

test('20 logins a minute from one address, whatever the accounts: the 21st is refused; another address is not', async () => {
  const address = newAddress();
  const account = await newAccount();
  // Unknown emails, one attempt each: no account limit is near.
  for (let i = 0; i < 20; i++) {
    expect((await call(first.app, 'auth.login', { email: `spray${i}.${Date.now()}@example.com`, password: 'guess guess' }, address)).status).toBe(401);
  }
  const refused = await call(first.app, 'auth.login', account, address);
  expect(refused.status).toBe(429);
  expect(refused.error?.data.retryAfterMs).toBeGreaterThan(0);
  expect(refused.error?.data.retryAfterMs).toBeLessThanOrEqual(60_000);
  expect((await call(first.app, 'auth.login', account, newAddress())).status).toBe(200);
});

test('5 signups an hour from one address: the 6th is refused with retryAfterMs; another address signs up', async () => {
  const address = newAddress();
  const account = (i: number) => ({ email: `s${i}.${Date.now()}@example.com`, password: 'correct horse', username: `s${i}_${Date.now().toString(36)}` });
  for (let i = 0; i < 5; i++) expect((await call(first.app, 'auth.signup', account(i), address)).status).toBe(200);
  const sixth = await call(first.app, 'auth.signup', account(5), address);
  expect(sixth).toMatchObject({ status: 429, error: { data: { code: 'TOO_MANY_REQUESTS' } } });
  expect(sixth.error?.data.retryAfterMs).toBeGreaterThan(59 * 60_000);
  expect((await call(first.app, 'auth.signup', account(6), newAddress())).status).toBe(200);
});

test('the limits hold across two app instances over the same tables', async () => {
  const account = await newAccount();
  const address = newAddress();
  for (let i = 0; i < 5; i++) {
    const app = i % 2 === 0 ? first.app : second.app;
    expect((await call(app, 'auth.login', { email: account.email, password: 'wrong wrong' }, address)).status).toBe(401);
  }
  expect((await call(second.app, 'auth.login', account, address)).status).toBe(429);
  expect((await call(first.app, 'auth.login', account, address)).status).toBe(429);

  const signupAddress = newAddress();
  const fresh = (i: number) => ({ email: `x${i}.${Date.now()}@example.com`, password: 'correct horse', username: `x${i}_${Date.now().toString(36)}` });
  for (let i = 0; i < 5; i++) expect((await call(i % 2 ? second.app : first.app, 'auth.signup', fresh(i), signupAddress)).status).toBe(200);
  expect((await call(second.app, 'auth.signup', fresh(5), signupAddress)).status).toBe(429);
});

test('concurrent wrong logins for one account on two instances: at most 5 reach bcrypt', async () => {
  const account = await newAccount();
  const before = counted.calls.verify;
  const answers = await Promise.all(
    Array.from({ length: 16 }, (_, i) => call(i % 2 ? second.app : first.app, 'auth.login', { email: account.email, password: `wrong ${i}` }, newAddress())),
  );
  expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(5);
  expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
  expect(counted.calls.verify - before).toBeLessThanOrEqual(5);
});

test('bcrypt is not called when throttled: neither verify for a login nor hash for a signup', async () => {
  const account = await newAccount();
  const address = newAddress();
  for (let i = 0; i < 5; i++) await call(first.app, 'auth.login', { email: account.email, password: 'wrong wrong' }, address);
  const verifies = counted.calls.verify;
  for (let i = 0; i < 3; i++) expect((await call(first.app, 'auth.login', account, address)).status).toBe(429);
  expect(counted.calls.verify).toBe(verifies);

  const signupAddress = newAddress();
  const fresh = (i: number) => ({ email: `h${i}.${Date.now()}@example.com`, password: 'correct horse', username: `h${i}_${Date.now().toString(36)}` });
  for (let i = 0; i < 5; i++) await call(first.app, 'auth.signup', fresh(i), signupAddress);
  const hashes = counted.calls.hash;
  expect((await call(first.app, 'auth.signup', fresh(5), signupAddress)).status).toBe(429);
  expect(counted.calls.hash).toBe(hashes);
});

test('login applies the 72-byte rule: a stored 72-byte password plus anything is a wrong login, not a match', async () => {
  const tag = `${Date.now().toString(36)}${++n}`;
  // 36 two-byte letters: 72 bytes, bcrypt's whole input.
  const password = 'é'.repeat(36);
  const account = { email: `b.${tag}@example.com`, password, username: `b_${tag}` };
  expect((await call(first.app, 'auth.signup', account, newAddress())).status).toBe(200);
  const longer = await call(first.app, 'auth.login', { email: account.email, password: `${password}x` }, newAddress());
  expect(longer).toMatchObject({ status: 401, error: { message: 'Email or password is incorrect', data: { code: 'UNAUTHORIZED' } } });
  expect((await call(first.app, 'auth.login', { email: account.email, password: `${password}${'y'.repeat(900)}` }, newAddress())).status).toBe(401);
  expect((await call(first.app, 'auth.login', account, newAddress())).status).toBe(200);
});

test('changePassword: 5 wrong current passwords, then TOO_MANY_REQUESTS with no bcrypt run, the right one refused too; logins are not locked', async () => {
  const account = await newAccount();
  const login = await first.app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TEST_ADDRESS_HEADER]: newAddress() },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const { token } = ((await login.json()) as { result: { data: { token: string } } }).result.data;
  const change = async (currentPassword: string) => {
    const res = await first.app.request('/trpc/auth.changePassword', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [TEST_ADDRESS_HEADER]: newAddress() },
      body: JSON.stringify({ currentPassword, newPassword: 'battery staple' }),
    });
    return { status: res.status, ...((await res.json()) as { error?: Answer['error'] }) };
  };
  for (let i = 0; i < 5; i++) expect((await change(`wrong ${i}`)).status).toBe(400);
  const verifies = counted.calls.verify;
  const sixth = await change('wrong 5');
  expect(sixth).toMatchObject({ status: 429, error: { data: { code: 'TOO_MANY_REQUESTS' } } });
  expect(sixth.error?.data.retryAfterMs).toBeGreaterThan(MINUTES_15 - 60_000);
  expect((await change(account.password)).status).toBe(429);
  expect(counted.calls.verify).toBe(verifies);
  // Counted apart from logins: the owner still logs in (and the session still works).
  expect((await call(first.app, 'auth.login', { email: account.email, password: account.password }, newAddress())).status).toBe(200);
});

test('addresses: IPv4 as given, IPv4-mapped IPv6 as IPv4, IPv6 by its /64, anything else as unknown', () => {
  expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
  expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:0DB8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
  expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(addressKey(null)).toBe('unknown');
  expect(addressKey('not an address')).toBe('unknown');
});
