// 4. API overhead: requests/s of auth.me and rooms.list (autocannon, 50 connections) beside a
// bare Hono route served the same way.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Services } from '@chat/contract';
import { appRouter } from '@chat/contract/router';
import { createDb, provision, tableNamesFor } from '@chat/db';
import { localCredentials, localRegion } from '@chat/local-runtime';
import autocannon from 'autocannon';

export interface ApiResult {
  bare: number;
  me: number;
  roomsList: number;
  /** µs per call of auth.me's tRPC procedure in this process, no HTTP, services in memory. */
  procedureMicros: number;
  /** µs per call of the same two service calls without tRPC. */
  servicesMicros: number;
}

const SECRET = 'bench-api-secret-bench-api-secret-bench';

function load(url: string, seconds: number, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: seconds, headers }, (err, result) => {
      if (err) return reject(err);
      if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      resolve(result.requests.average);
    });
  });
}

/**
 * What tRPC's procedure call alone costs for auth.me (its auth middleware, output validation and
 * resolver), with services that answer from memory: the floor under auth.me's HTTP rate.
 */
async function procedureCost(calls = 50_000): Promise<{ procedureMicros: number; servicesMicros: number }> {
  const user = { id: '00000000-0000-4000-8000-000000000000', email: 'bench@example.com', username: 'bench' };
  const auth = { authenticate: async () => ({ id: user.id, username: user.username }), me: async (_principal: unknown) => user };
  const ctx = { services: { auth } as unknown as Services, token: 'token' };
  type Procedure = (opts: { path: string; getRawInput: () => Promise<unknown>; ctx: unknown; type: 'query'; signal: undefined; batchIndex: number }) => Promise<unknown>;
  const procedure = (appRouter._def.procedures as unknown as Record<string, Procedure>)['auth.me']!;
  const callOnce = () => procedure({ path: 'auth.me', getRawInput: async () => undefined, ctx, type: 'query', signal: undefined, batchIndex: 0 });
  const timeIt = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < calls / 10; i++) await fn(); // warm-up: let the JIT settle
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    return ((performance.now() - t0) * 1000) / calls;
  };
  return {
    procedureMicros: await timeIt(callOnce),
    servicesMicros: await timeIt(async () => auth.me(await auth.authenticate())),
  };
}

export async function apiOverhead(endpoint: string, seconds: number): Promise<ApiResult> {
  process.env.AWS_ACCESS_KEY_ID ??= localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= localCredentials.secretAccessKey;
  const names = tableNamesFor(`a${crypto.randomUUID().slice(0, 6)}-`);
  const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  await provision(db);
  db.client.destroy();
  const child = fork(join(import.meta.dirname, 'api-server.ts'), [endpoint, names.users, names.messages, names.connections, SECRET], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-api'] : [])],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  try {
    const ports = await new Promise<{ api: number; bare: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
    const base = `http://127.0.0.1:${ports.api}/trpc`;
    const signup = await fetch(`${base}/auth.signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse', username: 'bench' }),
    });
    const token = ((await signup.json()) as { result: { data: { token: string } } }).result.data.token;
    const auth = { authorization: `Bearer ${token}` };
    await load(`http://127.0.0.1:${ports.bare}/bare`, 2); // warm-up
    await load(`${base}/auth.me`, 2, auth);
    return {
      bare: await load(`http://127.0.0.1:${ports.bare}/bare`, seconds),
      me: await load(`${base}/auth.me`, seconds, auth),
      roomsList: await load(`${base}/rooms.list`, seconds, auth),
      ...(await procedureCost()),
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.send('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    child.kill();
  }
}
