// Keeps DynamoDB Local running: a Java process that dies (kill -9, out of memory) is restarted on
// the same port with the same data folder, a bounded number of times with backoff, and the
// stack's health checks report it down meanwhile. Without this a dead DynamoDB Local went
// unnoticed: every API call answered 500 while /health said ok.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, localDynamoClient, type StartOptions, startDynamoDbLocal } from './dynamodb-local.ts';
import { Wakeable } from './stream-poller/wakeable.ts';

export interface SuperviseOptions extends StartOptions {
  log?: (line: string) => void;
  /** Runs after each restart, before the database counts as up again (an in-memory one needs its tables back). */
  onRestart?: (endpoint: string) => Promise<void>;
  /** Every restart of one outage failed: DynamoDB Local stays down. */
  onGiveUp?: (err: Error) => void;
  /** Restart attempts per outage; default 5. */
  maxRestarts?: number;
  /** The wait before the first attempt, doubled for each next one (at most 10 s); default 500 ms. */
  firstBackoffMs?: number;
}

export interface SupervisedDynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process running now (another one after a restart). */
  pid(): number | null;
  /** True while DynamoDB Local runs and answers ListTables. */
  healthy(): Promise<boolean>;
  /**
   * From now on an exit is expected and not restarted: for a stack that is stopping its other
   * parts first (Ctrl-C in a terminal signals Java too).
   */
  release(): void;
  stop(): Promise<void>;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0] : String(err));

export async function superviseDynamoDbLocal(options: SuperviseOptions = {}): Promise<SupervisedDynamoDbLocal> {
  const log = options.log ?? (() => {});
  const maxRestarts = options.maxRestarts ?? 5;
  const firstBackoffMs = options.firstBackoffMs ?? 500;
  const first = await startDynamoDbLocal(options);
  const { endpoint, port } = first;
  const probe = localDynamoClient(endpoint);
  const stopSignal = new Wakeable();
  let current: DynamoDbLocal | null = first;
  let stopped = false;
  let restarting: Promise<void> = Promise.resolve();

  function watch(instance: DynamoDbLocal): void {
    void instance.exited.then(({ code, signal }) => {
      if (stopped || current !== instance) return;
      current = null;
      log(`DynamoDB Local (pid ${instance.pid}) exited unexpectedly (${signal ?? `code ${code}`}): restarting it on port ${port}`);
      restarting = restart();
    });
  }

  async function restart(): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxRestarts; attempt++) {
      await stopSignal.sleep(Math.min(10_000, firstBackoffMs * 2 ** (attempt - 1)));
      if (stopped) return;
      let next: DynamoDbLocal | null = null;
      try {
        next = await startDynamoDbLocal({ ...options, port });
        await options.onRestart?.(next.endpoint);
        if (stopped) return void (await next.stop());
        current = next;
        watch(next);
        log(`DynamoDB Local restarted (attempt ${attempt} of ${maxRestarts}, pid ${next.pid})`);
        return;
      } catch (err) {
        lastError = err;
        await next?.stop();
        log(`DynamoDB Local restart ${attempt} of ${maxRestarts} failed: ${messageOf(err)}`);
      }
    }
    const err = new Error(`DynamoDB Local died and ${maxRestarts} restarts failed; last: ${messageOf(lastError)}`);
    log(err.message);
    options.onGiveUp?.(err);
  }

  watch(first);
  return {
    endpoint,
    port,
    pid: () => current?.pid ?? null,
    async healthy() {
      if (!current) return false;
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(5_000) });
        return current !== null;
      } catch {
        return false;
      }
    },
    release() {
      stopped = true;
      stopSignal.wake();
    },
    async stop() {
      stopped = true;
      stopSignal.wake();
      await restarting;
      await current?.stop();
      current = null;
      probe.destroy();
    },
  };
}
