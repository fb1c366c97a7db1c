// `npm start` as a user runs it: a real child process, real ports, SIGTERM at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@chat/local-runtime';
import { afterAll, expect, test } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'chat-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(ports: { dynamodb: number; api: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, CHAT_DATA_DIR: dataDir, DYNAMODB_PORT: String(ports.dynamodb), API_PORT: String(ports.api) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => output.includes('ready.') && (clearInterval(timer), resolve()), 100);
    child.once('exit', (code) => (clearInterval(timer), reject(new Error(`exited ${code}\n${output}`))));
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function trpc(api: number, path: string, body?: unknown, token?: string) {
  const res = await fetch(`http://localhost:${api}/trpc/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

test('start serves signup and login, stops with nothing left behind, and keeps data and tokens across a restart', async () => {
  const ports = { dynamodb: await freePort(), api: await freePort() };
  const first = await start(ports);
  expect(first.output()).toContain(`http://localhost:${ports.api}/trpc`);
  const signup = await trpc(ports.api, 'auth.signup', { email: 'a@b.co', password: 'correct horse', username: 'ann' });
  expect(signup.status).toBe(200);
  const token = signup.json.result.data.token as string;
  await stop(first.child);
  expect(first.output()).toContain('SIGTERM: stopping');
  expect(await portOpen(ports.dynamodb)).toBe(false); // the Java process is gone
  expect(await portOpen(ports.api)).toBe(false);

  const second = await start(ports);
  try {
    const login = await trpc(ports.api, 'auth.login', { email: 'A@B.co', password: 'correct horse' });
    expect(login.status).toBe(200);
    const me = await trpc(ports.api, 'auth.me', undefined, token); // token from before the restart
    expect(me.json.result.data.username).toBe('ann');
  } finally {
    await stop(second.child);
  }
});
