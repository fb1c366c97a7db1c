import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { createTokens } from './tokens.ts';

const secret = 'x'.repeat(40);
const tokens = createTokens({ secret, ttlSeconds: 3600 });
const ann = { id: 'u-1', username: 'ann' };
const key = new TextEncoder().encode(secret);

describe('tokens', () => {
  test('an issued token verifies to its principal', async () => {
    expect(await tokens.verify(await tokens.issue(ann))).toEqual(ann);
  });

  test('a token verified before is trusted until its expiry, never past it', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const short = createTokens({ secret, ttlSeconds: 60, now: () => clock });
    const token = await short.issue(ann);
    expect(await short.verify(token)).toEqual(ann); // now cached
    clock += 59_999;
    expect(await short.verify(token)).toEqual(ann);
    clock += 1;
    expect(await short.verify(token)).toBeNull();
  });

  test('a secret shorter than 32 bytes is refused at start-up', () => {
    expect(() => createTokens({ secret: 'short', ttlSeconds: 60 })).toThrow(/32 bytes/);
  });

  test.each([
    ['empty', async () => ''],
    ['malformed', async () => 'not.a.jwt'],
    ['expired', async () => new SignJWT({ username: 'ann' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(key)],
    ['without exp', async () => new SignJWT({ username: 'ann' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').sign(key)],
    ['signed with another key', async () => createTokens({ secret: 'y'.repeat(40), ttlSeconds: 60 }).issue(ann)],
    ['alg none', async () => new UnsecuredJWT({ username: 'ann' }).setSubject('u-1').setExpirationTime('1h').encode()],
    ['HS512 with the same key', async () => new SignJWT({ username: 'ann' }).setProtectedHeader({ alg: 'HS512' }).setSubject('u-1').setExpirationTime('1h').sign(key)],
  ])('a %s token verifies to null', async (_name, make) => {
    expect(await tokens.verify(await make())).toBeNull();
  });
});

describe('token versions', () => {
  test('a token carries the version it was issued under, and its expiry', async () => {
    const clock = Date.UTC(2026, 0, 1);
    const fixed = createTokens({ secret, ttlSeconds: 60, now: () => clock });
    expect(await fixed.inspect(await fixed.issue(ann, 3))).toEqual({ principal: ann, version: 3, expiresAt: clock + 60_000 });
  });

  test('a token without a version is version 0; a malformed version is refused', async () => {
    const old = await new SignJWT({ username: 'ann' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setExpirationTime('1h').sign(key);
    expect((await tokens.inspect(old))?.version).toBe(0);
    const bad = await new SignJWT({ username: 'ann', ver: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setExpirationTime('1h').sign(key);
    expect(await tokens.inspect(bad)).toBeNull();
  });
});
