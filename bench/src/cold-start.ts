// 3. Cold start proxy: each Lambda bundle's size (raw and zipped) and its init time (median of
// fresh node processes, each importing the bundle and answering one event against DynamoDB
// Local), beside a naive bundle of the same handler: full zod instead of zod/mini, CommonJS
// builds first, no tree-shaking, nothing left out, not minified.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTokens } from '@chat/auth';
import { createDb, createUser, provision, tableNamesFor } from '@chat/db';
import { bundleLambda, NODE_TARGET } from '@chat/lambda-bundle';
import { localCredentials, localRegion } from '@chat/local-runtime';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { childEnv } from './child-env.ts';

export interface ColdStartResult {
  name: string;
  rawBytes: number;
  zipBytes: number;
  /** Median of import + first event, and its two parts (each its own median). */
  initMs: number;
  importMs: number;
  firstEventMs: number;
  naiveRawBytes: number;
  naiveZipBytes: number;
  naiveInitMs: number;
  naiveImportMs: number;
  naiveFirstEventMs: number;
}

interface Timing {
  ms: number;
  importMs: number;
}

const root = resolve(import.meta.dirname, '../..');
const SECRET = 'bench-cold-start-secret-bench-cold-start';
const run = promisify(execFile);

async function naiveBundle(entry: string, outDir: string) {
  const outfile = join(outDir, 'lambda.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    mainFields: ['main', 'module'],
    treeShaking: false,
    alias: { 'zod/mini': join(import.meta.dirname, 'naive-zod.ts') },
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  const js = readFileSync(outfile);
  return { file: outfile, rawBytes: js.length, zipBytes: zipSync({ 'lambda.mjs': js }, { level: 9 }).length };
}

/** One fresh process: import the bundle, answer one event, print the times since start of import. */
const probe = `
const t0 = performance.now();
const { handler } = await import(process.argv[1]);
const importMs = performance.now() - t0;
const result = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'bench', getRemainingTimeInMillis: () => 30000 });
const status = result?.statusCode ?? 0;
console.log(JSON.stringify({ ms: performance.now() - t0, importMs, status }));
`;

async function initTiming(file: string, event: object, env: Record<string, string>): Promise<Timing> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe, file, JSON.stringify(event)], {
    env: childEnv(env), // a standard Lambda's: no InvokeStore
  });
  const { ms, importMs, status } = JSON.parse(stdout.trim().split('\n').at(-1)!) as Timing & { status: number };
  if (status < 200 || status > 299) throw new Error(`${file} answered ${status}`);
  return { ms, importMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function coldStart(endpoint: string, runs: number): Promise<ColdStartResult[]> {
  const names = tableNamesFor(`c${crypto.randomUUID().slice(0, 6)}-`);
  const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  await provision(db);
  // A token is only good for a user that exists (at its token version).
  const user = { id: 'bench', username: 'bench' };
  await createUser(db, { ...user, email: 'bench@example.com', passwordHash: 'h', createdAt: Date.now() });
  db.client.destroy();
  const token = await createTokens({ secret: SECRET, ttlSeconds: 3600 }).issue(user);
  const env = {
    USERS_TABLE: names.users,
    MESSAGES_TABLE: names.messages,
    CONNECTIONS_TABLE: names.connections,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    JWT_SECRET: SECRET,
    WS_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:9',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_SDK_JS_SUPPRESS_DEPRECATION_WARNING: '1',
  };
  const apiEvent = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/trpc/rooms.list',
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, host: 'localhost' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path: '/trpc/rooms.list', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
  const wsEvent = {
    queryStringParameters: { token },
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      connectionId: 'benchConnId=',
      connectedAt: Date.now(),
      domainName: 'localhost',
      stage: 'local',
      requestId: 'bench',
      apiId: 'bench',
      messageDirection: 'IN',
      requestTimeEpoch: Date.now(),
      extendedRequestId: 'bench',
      requestTime: '',
      identity: { sourceIp: '127.0.0.1' },
    },
    isBase64Encoded: false,
  };
  const results: ColdStartResult[] = [];
  for (const [name, event] of [
    ['api', apiEvent],
    ['ws', wsEvent],
  ] as const) {
    const entry = join(root, 'apps', name, 'src/lambda.ts');
    const dir = mkdtempSync(join(tmpdir(), `cold-${name}-`));
    const ours = await bundleLambda({ entry, outDir: join(dir, 'ours') });
    const naive = await naiveBundle(entry, join(dir, 'naive'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    // Alternate, so that drift in the machine's load hits both alike.
    const oursRuns: Timing[] = [];
    const naiveRuns: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      oursRuns.push(await initTiming(ours.files.js, event, env));
      naiveRuns.push(await initTiming(naive.file, event, env));
    }
    results.push({
      name,
      rawBytes: ours.rawBytes,
      zipBytes: ours.zipBytes,
      initMs: median(oursRuns.map((t) => t.ms)),
      importMs: median(oursRuns.map((t) => t.importMs)),
      firstEventMs: median(oursRuns.map((t) => t.ms - t.importMs)),
      naiveRawBytes: naive.rawBytes,
      naiveZipBytes: naive.zipBytes,
      naiveInitMs: median(naiveRuns.map((t) => t.ms)),
      naiveImportMs: median(naiveRuns.map((t) => t.importMs)),
      naiveFirstEventMs: median(naiveRuns.map((t) => t.ms - t.importMs)),
    });
  }
  return results;
}
