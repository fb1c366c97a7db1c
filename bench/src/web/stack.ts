// The local stack `npm start` runs (DynamoDB Local in memory, the api, the WebSocket emulator with
// the ws handler, the Streams poller, and apps/local's web server), serving one build at a time:
// the web server's folder is a link switched between the builds. Both builds then load from the
// same origin, the one the API lets through CORS, and talk to the same API and WebSocket.
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthResult } from '@chat/contract';
import { createDb, type Db } from '@chat/db';
import { localCredentials, localRegion } from '@chat/local-runtime';
import { authThrottlePolicies, startLocalStack } from '@chat/local';
import type { WebBuild } from './builds.ts';

export async function startWebBenchStack() {
  const linkDir = mkdtempSync(join(tmpdir(), 'chat-bench-served-'));
  const served = join(linkDir, 'build');
  // Every account comes from 127.0.0.1: the signup limit per address would stop the bench at 5.
  const throttlePolicies = { ...authThrottlePolicies, signupAddress: { max: 10_000, windowMs: 3_600_000 } };
  const stack = await startLocalStack({ dataDir: null, ports: { dynamodb: 0, api: 0, ws: 0, web: 0 }, webDir: served, throttlePolicies });
  const db: Db = createDb({
    names: stack.tableNames,
    clientConfig: { endpoint: stack.urls.dynamodb, region: localRegion, credentials: localCredentials },
  });
  let current: WebBuild | null = null;
  return {
    stack,
    db,
    web: stack.urls.web!,
    /** From now on the web server serves `build` (index.html is revalidated on every load, assets are fingerprinted). */
    serve(build: WebBuild): void {
      if (current === build) return;
      if (current) unlinkSync(served);
      symlinkSync(build.dir, served);
      current = build;
    },
    /** A new account through the API, as the sign-up form creates one. */
    async signUp(username: string): Promise<AuthResult> {
      const response = await fetch(`${stack.urls.api}/auth.signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${username}@example.com`, username, password: 'bench password, long enough' }),
      });
      if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { result: { data: AuthResult } }).result.data;
    },
    async stop() {
      db.client.destroy();
      await stack.stop();
      rmSync(linkDir, { recursive: true, force: true });
    },
  };
}

export type WebBenchStack = Awaited<ReturnType<typeof startWebBenchStack>>;
