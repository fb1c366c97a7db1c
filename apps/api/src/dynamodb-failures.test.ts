// DynamoDB's own error text (a missing table, an unreachable endpoint) stays in the logs: the
// client gets a generic sentence. Real DynamoDB Local, real failures, no mocked SDK.
import { createTokens } from '@chat/auth';
import { createDb } from '@chat/db';
import { createTestDb } from '@chat/db/testing';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { localCredentials, localRegion } from '@chat/local-runtime';
import { describe, expect, test, vi } from 'vitest';
import { createApp } from './app.ts';
import { createPasswords } from './passwords.ts';
import { createServices } from './services/index.ts';
import { TEST_SECRET, testClientAddress } from './testing.ts';

const tokens = createTokens({ secret: TEST_SECRET, ttlSeconds: 3600 });
/** What DynamoDB and the SDK say about these failures: none of it may reach a client. */
const INTERNALS = /ResourceNotFound|non-existent table|ECONNREFUSED|DynamoDB|dynamodb|127\.0\.0\.1|Exception|table/i;

async function appOver(kind: 'missing table' | 'unreachable endpoint') {
  const healthy = await createTestDb();
  // A user that exists (where the users table is reachable): a token of a missing user is refused before any procedure runs.
  const userId = crypto.randomUUID();
  await healthy.entities.User.build(PutItemCommand)
    .item({ id: userId, email: `${userId}@example.com`, username: 'ann', passwordHash: '-', createdAt: Date.now() })
    .send();
  const db =
    kind === 'missing table'
      ? createDb({ names: { ...healthy.names, messages: `missing-${crypto.randomUUID()}` }, client: healthy.client })
      : // Port 1 on the loopback: nothing listens, every call is refused at once.
        createDb({ names: healthy.names, clientConfig: { endpoint: 'http://127.0.0.1:1', region: localRegion, credentials: localCredentials, maxAttempts: 1 } });
  return {
    userId,
    app: createApp({ services: createServices({ db, tokens, passwords: createPasswords(10), now: Date.now }), corsOrigins: [], clientAddress: testClientAddress }),
  };
}

describe.each(['missing table', 'unreachable endpoint'] as const)('DynamoDB failing (%s)', (kind) => {
  test('every procedure that reads or writes answers 500 "Internal server error"; the details are logged', async () => {
    const { app, userId } = await appOver(kind);
    const token = await tokens.issue({ id: userId, username: 'ann' });
    const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const calls: [string, RequestInit][] = [
      ['/trpc/rooms.list', { headers: json }],
      [`/trpc/messages.list?input=${encodeURIComponent(JSON.stringify({ roomId: 'general' }))}`, { headers: json }],
      ['/trpc/rooms.create', { method: 'POST', headers: json, body: JSON.stringify({ name: `r ${crypto.randomUUID()}` }) }],
      ['/trpc/rooms.markRead', { method: 'POST', headers: json, body: JSON.stringify({ roomId: 'general', seq: 1 }) }],
      ['/trpc/auth.login', { method: 'POST', headers: json, body: JSON.stringify({ email: 'a@b.co', password: 'whatever1' }) }],
    ];
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const answers: { status: number; text: string }[] = [];
    try {
      for (const [path, init] of calls) {
        const res = await app.request(path, init);
        answers.push({ status: res.status, text: await res.text() });
      }
    } finally {
      stderr.mockRestore();
    }
    // The users table is there with a missing messages table: login then fails nowhere (401).
    const failed = answers.filter((a) => a.status !== 401);
    expect(failed.length).toBeGreaterThanOrEqual(4);
    for (const { status, text } of failed) {
      expect(status).toBe(500);
      expect(JSON.parse(text).error).toMatchObject({ message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    for (const { text } of answers) expect(text).not.toMatch(INTERNALS);
    // The logs have what the client was not told.
    const logged = written.join('');
    expect(logged).toMatch(kind === 'missing table' ? /ResourceNotFoundException/ : /ECONNREFUSED/);
    expect(logged).not.toContain(token);
  });
});
