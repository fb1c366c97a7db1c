import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { localCredentials, localDynamoClient, localRegion } from '../dynamodb-local.ts';
import { lambdaContext } from '../lambda-context.ts';
import { Checkpoint } from './checkpoint.ts';
import { deliverBatch } from './deliver.ts';
import { matchesFilter, validateFilterPattern } from './filter.ts';
import { sequenceNumberOf, toLambdaRecord } from './records.ts';
import type { StreamPoller, StreamPollerOptions } from './types.ts';
import { Wakeable } from './wakeable.ts';

/** Lambda's default function timeout. */
const FUNCTION_TIMEOUT_MS = 60_000;

interface ShardState {
  id: string;
  parentId: string | undefined;
  streamArn: string;
  /** waiting: for its parent to end; reading; ended: closed and read to the end. */
  phase: 'waiting' | 'reading' | 'ended';
  /** Start time of the last GetRecords that returned nothing, or -Infinity since records came. */
  emptySince: number;
  retired: boolean;
  run: Promise<void>;
}

/**
 * Plays Lambda's event source mapping for one table's stream against DynamoDB Local: one
 * sequential reader per shard (parents before children), filter, batch, invoke, retry,
 * checkpoint. Resolves once the stream is found and the checkpoint loaded; rejects only when
 * the table or its stream does not exist. Later errors are logged and retried.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  for (const pattern of options.mapping.filterPatterns) validateFilterPattern(pattern);
  const log = options.log ?? ((line: string) => console.log(`[stream-poller ${options.tableName}] ${line}`));
  const dynamo = localDynamoClient(options.endpoint);
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: localRegion, credentials: localCredentials });
  try {
    const streamArn = await latestStreamArn(dynamo, options.tableName);
    const checkpoint = await Checkpoint.load(options.checkpointFile, streamArn, log);
    const poller = new Poller(options, log, dynamo, streams, checkpoint);
    poller.start();
    return { stop: () => poller.stop(), drained: () => poller.drained() };
  } catch (err) {
    dynamo.destroy();
    streams.destroy();
    throw err;
  }
}

async function latestStreamArn(dynamo: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled) {
    throw new Error(`table ${tableName} has no stream enabled`);
  }
  return Table.LatestStreamArn;
}

class Poller {
  private readonly shards = new Map<string, ShardState>();
  private readonly pollIntervalMs: number;
  private readonly functionName: string;
  private readonly stopSignal = new Wakeable();
  private readonly discoverySignal = new Wakeable();
  private discoveryRequested = true;
  private lastDiscoveryStartedAt = -Infinity;
  private discoveryRun: Promise<void> = Promise.resolve();
  private waiters: { since: number; resolve: () => void }[] = [];
  private readonly retiredRuns: Promise<void>[] = [];
  private stopping = false;
  private stopped: Promise<void> | null = null;

  constructor(
    private readonly options: StreamPollerOptions,
    private readonly log: (line: string) => void,
    private readonly dynamo: DynamoDBClient,
    private readonly streams: DynamoDBStreamsClient,
    private readonly checkpoint: Checkpoint,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
    this.functionName = options.functionName ?? `local-${options.tableName}-stream`;
  }

  start(): void {
    this.discoveryRun = this.discoveryLoop();
  }

  drained(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ since: performance.now(), resolve });
      // New shards count too: look for them now rather than at the next periodic discovery.
      this.requestDiscovery();
    });
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.stopSignal.wake();
      this.discoverySignal.wake();
      await this.discoveryRun;
      await Promise.all([...this.shards.values()].map((shard) => shard.run).concat(this.retiredRuns));
      await this.checkpoint.save();
      this.dynamo.destroy();
      this.streams.destroy();
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
    })();
    return this.stopped;
  }

  private requestDiscovery(): void {
    this.discoveryRequested = true;
    this.discoverySignal.wake();
  }

  /** Finds the stream's shards: at start, when a shard closes (its children), when drained() asks, and now and then. */
  private async discoveryLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.discoveryRequested = false;
      const startedAt = performance.now();
      try {
        await this.discover();
        this.lastDiscoveryStartedAt = startedAt;
        failures = 0;
        this.checkWaiters();
      } catch (err) {
        failures++;
        this.log(`cannot list the stream's shards (retrying): ${errorText(err)}`);
        await this.discoverySignal.sleep(backoffMs(failures));
        continue;
      }
      if (this.discoveryRequested) continue;
      const reading = [...this.shards.values()].some((s) => !s.retired && s.phase !== 'ended');
      await this.discoverySignal.sleep(reading ? 5_000 : 4 * this.pollIntervalMs);
    }
  }

  private async discover(): Promise<void> {
    const streamArn = await latestStreamArn(this.dynamo, this.options.tableName);
    if (streamArn !== this.checkpoint.stream) {
      this.log(`table ${this.options.tableName} has a new stream ${streamArn}; following it from its beginning`);
      for (const shard of this.shards.values()) shard.retired = true;
      this.checkpoint.reset(streamArn);
    }
    const found: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      found.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    if (this.stopping || streamArn !== this.checkpoint.stream) return;

    // Register all before starting any, so a child finds its parent in the map.
    const added: ShardState[] = [];
    for (const { ShardId: id, ParentShardId: parentId } of found) {
      const known = this.shards.get(id ?? '');
      if (!id || (known && !known.retired)) continue;
      const shard: ShardState = {
        id,
        parentId,
        streamArn,
        phase: 'waiting',
        emptySince: -Infinity,
        retired: false,
        run: Promise.resolve(),
      };
      if (this.checkpoint.ended(id)) shard.phase = 'ended';
      else added.push(shard);
      // A shard of the old stream stops at its next check; stop() still waits for it.
      if (known) this.retiredRuns.push(known.run);
      this.shards.set(id, shard);
    }
    for (const shard of added) shard.run = this.runShard(shard);
  }

  /** One shard's reader. A bug or surprise never kills it: it logs and starts over from the checkpoint. */
  private async runShard(shard: ShardState): Promise<void> {
    while (!this.isDone(shard)) {
      try {
        await this.readShard(shard);
        return;
      } catch (err) {
        this.log(`shard ${shard.id}: unexpected error (restarting from its checkpoint): ${errorText(err)}`);
        await this.stopSignal.sleep(1_000);
      }
    }
  }

  private isDone(shard: ShardState): boolean {
    return this.stopping || shard.retired;
  }

  private async readShard(shard: ShardState): Promise<void> {
    // Children hold records written after their parent's: read the parent to its end first.
    const parent = shard.parentId === undefined ? undefined : this.shards.get(shard.parentId);
    while (parent && parent.phase !== 'ended' && !this.isDone(shard)) await this.stopSignal.sleep(this.pollIntervalMs);
    if (this.isDone(shard)) return;
    shard.phase = 'reading';

    let iterator = await this.shardIterator(shard);
    let failures = 0;
    while (iterator !== undefined && !this.isDone(shard)) {
      const startedAt = performance.now();
      let records: _Record[];
      let next: string | undefined;
      try {
        const response = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.mapping.batchSize }),
        );
        records = response.Records ?? [];
        next = response.NextShardIterator;
        failures = 0;
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          // Iterators live 15 minutes; get a fresh one from the checkpoint.
          iterator = await this.shardIterator(shard);
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          this.log(`shard ${shard.id} is gone: ${errorText(err)}`);
          this.requestDiscovery();
          return;
        }
        failures++;
        this.log(`shard ${shard.id}: GetRecords failed (retrying): ${errorText(err)}`);
        await this.stopSignal.sleep(backoffMs(failures));
        continue;
      }
      if (this.isDone(shard)) return; // read but not delivered: the checkpoint still points before them

      if (records.length > 0) {
        shard.emptySince = -Infinity;
        if (!(await this.processBatch(shard, records))) return;
      }
      if (!next) {
        // A null iterator means the shard is closed and read to its end; its children come next.
        this.checkpoint.markEnded(shard.streamArn, shard.id);
        await this.checkpoint.save();
        shard.phase = 'ended';
        this.requestDiscovery();
        this.checkWaiters();
        return;
      }
      iterator = next;
      if (records.length === 0) {
        shard.emptySince = startedAt;
        this.checkWaiters();
        await this.stopSignal.sleep(this.pollIntervalMs);
      }
    }
  }

  /**
   * Where to resume: after the checkpoint, or TRIM_HORIZON for a shard never read. The
   * mapping says LATEST, which is what AWS does on creation, but locally the first start
   * would then skip what was written before the poller ran; delivering too much (the
   * clients drop duplicates) beats losing messages, and the checkpoint prevents replays.
   */
  private async shardIterator(shard: ShardState): Promise<string | undefined> {
    let failures = 0;
    while (!this.isDone(shard)) {
      const after = this.checkpoint.sequenceNumber(shard.id);
      try {
        const { ShardIterator } = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: shard.streamArn,
            ShardId: shard.id,
            ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        return ShardIterator;
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'TrimmedDataAccessException' && after) {
          this.log(`shard ${shard.id}: records after ${after} were trimmed; reading from the oldest kept`);
          const { ShardIterator } = await this.streams.send(
            new GetShardIteratorCommand({ StreamArn: shard.streamArn, ShardId: shard.id, ShardIteratorType: 'TRIM_HORIZON' }),
          );
          return ShardIterator;
        }
        if (name === 'ResourceNotFoundException') {
          this.log(`shard ${shard.id} is gone: ${errorText(err)}`);
          this.requestDiscovery();
          return undefined;
        }
        failures++;
        this.log(`shard ${shard.id}: GetShardIterator failed (retrying): ${errorText(err)}`);
        await this.stopSignal.sleep(backoffMs(failures));
      }
    }
    return undefined;
  }

  /** Filters, delivers and checkpoints one GetRecords batch. False when stop() interrupted it. */
  private async processBatch(shard: ShardState, raw: _Record[]): Promise<boolean> {
    const records = raw.map((record) => toLambdaRecord(record, shard.streamArn, localRegion));
    const patterns = this.options.mapping.filterPatterns;
    // Like Lambda, filter before batching; filtered-out records count as processed.
    const passing = records
      .map((record, rawIndex) => ({ record, rawIndex }))
      .filter(({ record }) => patterns.length === 0 || patterns.some((pattern) => matchesFilter(pattern, record)));

    const settle = async (count: number) => {
      const rawEnd = passing[count]?.rawIndex ?? records.length;
      const last = records[rawEnd - 1];
      if (!last) return;
      this.checkpoint.advance(shard.streamArn, shard.id, sequenceNumberOf(last));
      await this.checkpoint.save();
    };
    if (passing.length === 0) {
      await settle(0);
      return true;
    }
    return deliverBatch(
      passing.map(({ record }) => record),
      {
        handler: this.options.handler,
        mapping: this.options.mapping,
        context: () => lambdaContext(this.functionName, FUNCTION_TIMEOUT_MS),
        settle,
        // A retry made while DynamoDB Local itself is down (killed, restarting: seconds to tens
        // of seconds) says nothing about the records, and ten of them used to run out before it
        // was back, dropping acked messages: wait until it answers before each retry.
        sleep: async (ms) => {
          await this.stopSignal.sleep(ms);
          await this.databaseAnswers(shard);
        },
        stopping: () => this.isDone(shard),
        log: (line) => this.log(`shard ${shard.id}: ${line}`),
      },
    );
  }

  /** Resolves once DynamoDB Local answers (at once when it is up), or the shard is done. */
  private async databaseAnswers(shard: ShardState): Promise<void> {
    for (let failures = 0; !this.isDone(shard); ) {
      try {
        await latestStreamArn(this.dynamo, this.options.tableName);
        return;
      } catch (err) {
        if (++failures === 1) this.log(`shard ${shard.id}: DynamoDB does not answer; the batch's next retry waits for it: ${errorText(err)}`);
        await this.stopSignal.sleep(backoffMs(failures));
      }
    }
  }

  /** Resolves drained() callers once, since their call, shards were listed and every open shard read empty. */
  private checkWaiters(): void {
    if (this.waiters.length === 0) return;
    const shards = [...this.shards.values()].filter((s) => !s.retired);
    const idleSince = (since: number) =>
      shards.every((s) => {
        if (s.phase === 'ended') return true;
        if (s.phase === 'waiting') return this.shards.get(s.parentId ?? '')?.phase !== 'ended';
        return s.emptySince > since;
      });
    this.waiters = this.waiters.filter((waiter) => {
      const done = this.lastDiscoveryStartedAt > waiter.since && idleSince(waiter.since);
      if (done) waiter.resolve();
      return !done;
    });
  }
}

function backoffMs(failures: number): number {
  return Math.min(2_000, 100 * 2 ** (failures - 1));
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
