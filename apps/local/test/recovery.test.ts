// DynamoDB Local killed under a running stack (kill -9 of its Java process): both /health
// endpoints answer 503 until it is back, then the API works again on the same data. And the
// data folder is the user's alone.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../src/stack.ts';

const dataDir = join(mkdtempSync(join(tmpdir(), 'chat-recovery-')), '.data');
const lines: string[] = [];
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack(
    { dataDir, ports: { dynamodb: 0, api: 0, ws: 0, web: 0 }, webDir: null },
    { log: (line) => lines.push(line), onFatal: (err) => lines.push(`FATAL ${err.message}`) },
  );
});
afterAll(async () => {
  await stack?.stop();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

const apiBase = () => stack.urls.api.replace(/\/trpc$/, '');
const wsHealth = () => `${stack.urls.ws.replace(/^ws:/, 'http:')}/health`;
const status = async (url: string) => (await fetch(url)).status;

async function trpc(path: string, body: unknown) {
  const res = await fetch(`${stack.urls.api}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { result?: { data: { user: { username: string } } } } };
}

test('kill -9 of DynamoDB Local: /health says 503 on both sides, it is restarted, the data is still there', async () => {
  const user = { email: 'crash@example.com', password: 'correct horse', username: 'crashtest' };
  expect((await trpc('auth.signup', user)).status).toBe(200);
  expect(await status(`${apiBase()}/health`)).toBe(200);
  expect(await status(wsHealth())).toBe(200);

  const pid = stack.dynamoDbPid()!;
  process.kill(pid, 'SIGKILL');
  // Restarting takes seconds (a JVM starts): both checks see it down meanwhile.
  await expect.poll(() => status(`${apiBase()}/health`), { timeout: 30_000, interval: 20 }).toBe(503);
  await expect.poll(() => status(wsHealth()), { timeout: 30_000, interval: 20 }).toBe(503);

  await expect.poll(() => status(`${apiBase()}/health`), { timeout: 120_000, interval: 200 }).toBe(200);
  expect(await status(wsHealth())).toBe(200);
  expect(stack.dynamoDbPid()).not.toBe(pid);
  const login = await trpc('auth.login', { email: user.email, password: user.password });
  expect(login.status).toBe(200);
  expect(login.json.result?.data.user.username).toBe('crashtest');
  expect(lines.join('\n')).toContain(`DynamoDB Local (pid ${pid}) exited unexpectedly (SIGKILL)`);
  expect(lines.join('\n')).toMatch(/DynamoDB Local restarted \(attempt 1 of 5/);
  expect(lines.join('\n')).not.toContain('FATAL');
});

test('the data folder is 0700 and its files 0600: the database, the JWT secret', () => {
  const dirs = [dataDir, join(dataDir, 'dynamodb')];
  for (const dir of dirs) expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
  const files = [...readdirSync(dataDir).filter((f) => f !== 'dynamodb'), ...readdirSync(join(dataDir, 'dynamodb')).map((f) => join('dynamodb', f))];
  expect(files).toContain('jwt-secret');
  expect(files.some((f) => f.endsWith('.db'))).toBe(true);
  for (const file of files) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
});
