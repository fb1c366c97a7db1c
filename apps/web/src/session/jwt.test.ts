import { expect, test } from 'vitest';
import { isTokenExpired, tokenExpiresAt } from './jwt.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.signature`;

test('reads the expiry of a JWT in epoch ms', () => {
  expect(tokenExpiresAt(jwt({ sub: 'u1', username: 'ann', exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
});

test('non-ASCII claims and base64url padding are handled', () => {
  expect(tokenExpiresAt(jwt({ username: 'Ørjan 🎉', exp: 1_700_000_001 }))).toBe(1_700_000_001_000);
});

test.each([
  ['not a JWT', 'abc'],
  ['bad base64', 'a.%%%.c'],
  ['no exp', jwt({ sub: 'u1' })],
  ['exp not a number', jwt({ exp: '1800000000' })],
  ['a payload that is not an object', jwt(42)],
])('%s has no expiry', (_case, token) => {
  expect(tokenExpiresAt(token)).toBeNull();
  expect(isTokenExpired(token, 0)).toBe(true);
});

test('a token counts as expired a little before its exp', () => {
  const token = jwt({ exp: 1000 });
  expect(isTokenExpired(token, 990_000)).toBe(false);
  expect(isTokenExpired(token, 996_000)).toBe(true);
  expect(isTokenExpired(token, 1_000_000)).toBe(true);
});
