// The soak's memory figures: this process's (the emulator, the handlers, the poller and the
// clients all live in it) and, when its pid is known, DynamoDB Local's (a JVM of its own).
import { readFileSync } from 'node:fs';

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  /** DynamoDB Local's resident set, where /proc tells it. */
  dynamoRssMb?: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;

/**
 * `collect`: a full garbage collection first (when node runs with --expose-gc), so that heapUsed
 * is what is live rather than what the collector has not reached yet.
 */
export function sampleMemory(options: { collect?: boolean; dynamoPid?: number } = {}): MemorySample {
  if (options.collect) global.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const dynamoRssMb = options.dynamoPid === undefined ? undefined : rssOfPid(options.dynamoPid);
  return { rssMb: mb(rss), heapUsedMb: mb(heapUsed), ...(dynamoRssMb === undefined ? {} : { dynamoRssMb }) };
}

function rssOfPid(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined; // not Linux, or the process is gone: the figure is left out
  }
}
