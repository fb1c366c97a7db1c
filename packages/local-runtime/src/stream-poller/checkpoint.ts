import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compareSequenceNumbers } from './records.ts';

interface ShardEntry {
  /** The last record of the shard that is settled (delivered, filtered out or dropped). */
  sequenceNumber?: string;
  /** The shard is closed and read to its end: never read it again. */
  ended?: boolean;
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, ShardEntry>;
}

/**
 * Where each shard of one stream was read up to, optionally kept in a JSON file so a
 * restart neither replays nor skips. Entries of another stream ARN (the table was
 * recreated) are ignored and dropped on the next write.
 */
export class Checkpoint {
  private shards = new Map<string, ShardEntry>();
  private writing: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;

  private constructor(
    private streamArn: string,
    private readonly file: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  static async load(file: string | undefined, streamArn: string, log: (line: string) => void): Promise<Checkpoint> {
    const checkpoint = new Checkpoint(streamArn, file, log);
    if (!file) return checkpoint;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`cannot read checkpoint ${file}: ${String(err)}`);
      return checkpoint;
    }
    try {
      const saved = JSON.parse(text) as Partial<CheckpointFile>;
      if (saved.streamArn === streamArn && saved.shards) {
        checkpoint.shards = new Map(Object.entries(saved.shards));
      } else if (saved.streamArn) {
        log(`checkpoint ${file} is for another stream (${saved.streamArn}); starting from the beginning of ${streamArn}`);
      }
    } catch (err) {
      log(`ignoring unreadable checkpoint ${file}: ${String(err)}`);
    }
    return checkpoint;
  }

  get stream(): string {
    return this.streamArn;
  }

  /** Switches to a new stream (the table was recreated while running). */
  reset(streamArn: string): void {
    this.streamArn = streamArn;
    this.shards.clear();
  }

  sequenceNumber(shardId: string): string | undefined {
    return this.shards.get(shardId)?.sequenceNumber;
  }

  ended(shardId: string): boolean {
    return this.shards.get(shardId)?.ended === true;
  }

  /** Moves a shard's checkpoint forward; stale calls (older number, old stream) change nothing. */
  advance(streamArn: string, shardId: string, sequenceNumber: string): void {
    if (streamArn !== this.streamArn) return;
    const entry = this.shards.get(shardId) ?? {};
    if (entry.sequenceNumber === undefined || compareSequenceNumbers(sequenceNumber, entry.sequenceNumber) > 0) {
      this.shards.set(shardId, { ...entry, sequenceNumber });
    }
  }

  markEnded(streamArn: string, shardId: string): void {
    if (streamArn !== this.streamArn) return;
    this.shards.set(shardId, { ...this.shards.get(shardId), ended: true });
  }

  /**
   * Writes the file (temp file + rename, so a crash never leaves half a file). Writes run one
   * at a time; calls made while one waits share it, and it writes the state as of its start.
   */
  save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    if (this.queued) return this.queued;
    const next = this.writing.then(async () => {
      this.queued = null;
      const data: CheckpointFile = { streamArn: this.streamArn, shards: Object.fromEntries(this.shards) };
      const temp = `${file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
        await rename(temp, file);
      } catch (err) {
        this.log(`cannot write checkpoint ${file}: ${String(err)}`);
      }
    });
    this.queued = next;
    this.writing = next;
    return next;
  }
}
