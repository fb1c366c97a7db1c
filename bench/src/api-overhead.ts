// 4. API overhead: requests/s of auth.me and rooms.list (autocannon, 50 connections) beside a
// bare Hono route served the same way. A figure to watch, not a goal: on AWS each request also
// crosses API Gateway, whose milliseconds dwarf these microseconds.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createDb, provision, tableNamesFor } from '@chat/db';
import { localCredentials, localRegion } from '@chat/local-runtime';
import autocannon from 'autocannon';
import { childEnv } from './child-env.ts';

export interface ApiResult {
  bare: number;
  me: number;
  roomsList: number;
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

export async function apiOverhead(endpoint: string, seconds: number): Promise<ApiResult> {
  process.env.AWS_ACCESS_KEY_ID ??= localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= localCredentials.secretAccessKey;
  const names = tableNamesFor(`a${crypto.randomUUID().slice(0, 6)}-`);
  const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  await provision(db);
  db.client.destroy();
  const child = fork(join(import.meta.dirname, 'api-server.ts'), [endpoint, names.users, names.messages, names.connections, SECRET], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-api'] : [])],
    env: childEnv({ POWERTOOLS_LOG_LEVEL: 'ERROR' }),
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
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.send('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    child.kill();
  }
}
