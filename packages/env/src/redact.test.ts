import { describe, expect, test } from 'vitest';
import { REDACTED, redactSecrets, redactText } from './redact.ts';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSIsInYiOjF9.Yw3k2_1vQm8h0x0gkV3Xl9uD2cQ-0aYp8k8uPq9HkJk';
const bcrypt = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
const ticket = 'q3Zk8VbN2mLp0XcR7tYw1AsD4fGh6JkL9PoIuYtRe5W';

const logged = (item: unknown) => JSON.stringify(item, redactSecrets);

describe('redactSecrets', () => {
  test('a secret key hides its value, whatever it looks like, at any depth', () => {
    const line = logged({ input: { email: 'ann@example.com', password: 'correct horse', newPassword: 'battery staple' }, passwordHash: 'x', ticket: 'abc' });
    expect(line).not.toMatch(/correct horse|battery staple|ann@example\.com/);
    expect(JSON.parse(line)).toEqual({ input: { email: '[email]', password: REDACTED, newPassword: REDACTED }, passwordHash: REDACTED, ticket: REDACTED });
  });

  test('numbers, booleans and null under such keys stay: they are versions and expiries, not secrets', () => {
    expect(JSON.parse(logged({ tokenVersion: 3, tokenExpiresAt: 1700000000000, hasToken: true, token: null }))).toEqual({
      tokenVersion: 3,
      tokenExpiresAt: 1700000000000,
      hasToken: true,
      token: null,
    });
  });

  test('tokens, bcrypt hashes, tickets and emails are recognised by their shape inside any string', () => {
    const line = logged({
      message: `login of bob@chat.example failed with ${bcrypt}`,
      url: `wss://x.example/?ticket=${ticket}&room=general`,
      header: `Bearer ${jwt}`,
      note: `a token ${jwt} and a bare ticket ${ticket}.`,
    });
    for (const secret of [jwt, bcrypt, ticket, 'bob@chat.example']) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toEqual({
      message: 'login of [email] failed with [bcrypt hash]',
      url: 'wss://x.example/?ticket=[redacted]&room=general',
      header: 'Bearer [redacted]',
      note: 'a token [jwt] and a bare ticket [ticket].',
    });
  });

  test('an error logged whole: its message and its own fields are redacted too', () => {
    const error = Object.assign(new Error(`duplicate user ann@example.com (${bcrypt})`), { input: { password: 'whatever1' } });
    const line = logged({ error: { name: error.name, message: error.message, stack: error.stack, input: error.input } });
    expect(line).not.toMatch(/ann@example\.com|whatever1|\$2b\$/);
    expect(line).toContain('duplicate user [email] ([bcrypt hash])');
  });

  test('what is not a secret is left alone: ids, ULIDs, UUIDs, hex hashes of tickets, paths, package names', () => {
    const text = [
      'connection Yf3kPcXbIAMCKpw= route sendMessage',
      'message 01JDKZ6T6D5M4J0N9Q2Y3X1W0V',
      'request 0f8fad5b-d9cb-469f-a165-70867728950e',
      'at file:///app/node_modules/@aws-sdk/client-dynamodb/dist/index.js:12:3',
      'room general-2 seq 42 limit 50',
    ].join('\n');
    expect(redactText(text)).toBe(text);
  });
});
