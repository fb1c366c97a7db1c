// `npm start` as a user runs it: a real child process, real ports, SIGTERM at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@chat/local-runtime';
import { recordLogLines } from '@chat/local-runtime/log-scan/lines';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';

const dataDir = mkdtempSync(join(tmpdir(), 'chat-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Ports = { dynamodb: number; api: number; ws: number; web: number };

async function start(ports: Ports) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      CHAT_DATA_DIR: dataDir,
      DYNAMODB_PORT: String(ports.dynamodb),
      API_PORT: String(ports.api),
      WS_PORT: String(ports.ws),
      WEB_PORT: String(ports.web),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  // What npm start printed is scanned for secrets with this file's own lines.
  child.once('exit', () => recordLogLines(output));
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

const freePorts = async (): Promise<Ports> => ({ dynamodb: await freePort(), api: await freePort(), ws: await freePort(), web: await freePort() });

test('start serves the web app, signup and login, stops with nothing left behind, and keeps data and tokens across a restart', async () => {
  const ports = await freePorts();
  const first = await start(ports);
  expect(first.output()).toContain(`http://localhost:${ports.api}/trpc`);
  const page = await fetch(`http://localhost:${ports.web}/rooms/general`);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await page.text()).toContain('<div id="root">');
  expect(await (await fetch(`http://localhost:${ports.web}/config.json`)).json()).toEqual({
    apiUrl: `http://localhost:${ports.api}/trpc`,
    wsUrl: `ws://localhost:${ports.ws}`,
  });
  const signup = await trpc(ports.api, 'auth.signup', { email: 'a@b.co', password: 'correct horse', username: 'ann' });
  expect(signup.status).toBe(200);
  const token = signup.json.result.data.token as string;
  await stop(first.child);
  expect(first.output()).toContain('SIGTERM: stopping');
  expect(await portOpen(ports.dynamodb)).toBe(false); // the Java process is gone
  expect(await portOpen(ports.api)).toBe(false);
  expect(await portOpen(ports.ws)).toBe(false);
  expect(await portOpen(ports.web)).toBe(false);

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

test('a second npm start on the same ports stops at once, naming the taken port and its variable', async () => {
  const ports = await freePorts();
  const first = await start(ports);
  try {
    const second = await start(ports).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(second).toContain(
      `could not start: DynamoDB Local: port ${ports.dynamodb} is already in use by another program (set DYNAMODB_PORT to use another port)`,
    );
    expect(second).toMatch(/^exited 1/);
    // The first stack is untouched.
    expect((await trpc(ports.api, 'auth.signup', { email: 'c@d.co', password: 'correct horse', username: 'cid' })).status).toBe(200);
  } finally {
    await stop(first.child);
  }
});

test('a signal while the stack is still starting stops what started, Java included', async () => {
  const ports = await freePorts();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      CHAT_DATA_DIR: dataDir,
      DYNAMODB_PORT: String(ports.dynamodb),
      API_PORT: String(ports.api),
      WS_PORT: String(ports.ws),
      WEB_PORT: String(ports.web),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.once('exit', () => recordLogLines(output));
  // DynamoDB Local answers: Java runs, the rest of the stack is not up yet.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => output.includes('DynamoDB Local') && (clearInterval(timer), resolve()), 20);
  });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('SIGTERM: stopping');
  expect(output).not.toContain('ready.');
  expect(await portOpen(ports.dynamodb)).toBe(false);
});

/** A socket that collects parsed frames. */
async function chatSocket(url: string) {
  const ws = new WebSocket(url);
  const frames: any[] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (d) => {
    frames.push(JSON.parse(String(d)));
    for (const l of listeners) l();
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = (match: (f: any) => boolean) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such frame within 30 s')), 30_000);
      const check = () => {
        const i = frames.findIndex(match);
        if (i < 0) return;
        const [found] = frames.splice(i, 1);
        clearTimeout(timer);
        listeners.delete(check);
        resolve(found);
      };
      listeners.add(check);
      check();
    });
  return { ws, next, send: (frame: object) => ws.send(JSON.stringify(frame)) };
}

test('two users with tokens from login chat in real time through npm start: each message arrives, in order, from its sender (latency printed)', async () => {
  const ports = await freePorts();
  const stack = await start(ports);
  try {
    const tokens: string[] = [];
    for (const name of ['ann', 'bob']) {
      await trpc(ports.api, 'auth.signup', { email: `${name}@rt.co`, password: 'correct horse', username: `rt_${name}` });
      const login = await trpc(ports.api, 'auth.login', { email: `${name}@rt.co`, password: 'correct horse' });
      tokens.push(login.json.result.data.token);
    }
    const [ann, bob] = await Promise.all(tokens.map((t) => chatSocket(`ws://localhost:${ports.ws}?token=${t}`)));
    for (const s of [ann!, bob!]) {
      s.send({ action: 'joinRoom', roomId: 'general' });
      await s.next((f) => f.type === 'joined');
    }
    // 15 messages, taking turns, each sent once the last one arrived at the other: within each user's send burst.
    const latencies: number[] = [];
    const received: { text: string; username: string; id: string }[] = [];
    for (let i = 0; i < 15; i++) {
      const [from, to] = i % 2 === 0 ? [ann!, bob!] : [bob!, ann!];
      const started = performance.now();
      from.send({ action: 'sendMessage', roomId: 'general', text: `ping ${i}`, clientMsgId: `lat-${i}` });
      const got = await to.next((f) => f.type === 'message' && f.message.clientMsgId === `lat-${i}`);
      latencies.push(performance.now() - started);
      received.push({ text: got.message.text, username: got.message.username, id: got.message.id });
    }
    expect(received.map((m) => m.text)).toEqual(Array.from({ length: 15 }, (_, i) => `ping ${i}`));
    expect(received.map((m) => m.username)).toEqual(Array.from({ length: 15 }, (_, i) => (i % 2 === 0 ? 'rt_ann' : 'rt_bob')));
    expect(new Set(received.map((m) => m.id)).size).toBe(15);
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    console.log(`send -> receive latency through npm start: median ${median.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (n=15)`);
    ann!.ws.close();
    bob!.ws.close();
  } finally {
    await stop(stack.child);
  }
});
