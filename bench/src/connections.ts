// 5. Connections: new connections/s through $connect (JWT verify + DynamoDB writes) with no
// errors, and the emulator's memory with 10,000 idle connections. The clients live in a child
// process so that this process's memory is the emulator's (plus the handler's).
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchStack } from './stack.ts';

export interface ConnectionsResult {
  opened: number;
  errors: number;
  connectsPerSecond: number;
  rssBeforeMb: number;
  rssWithIdleMb: number;
}

export async function connections(endpoint: string, count: number): Promise<ConnectionsResult> {
  const stack = await startBenchStack(endpoint, 'ours');
  try {
    // 10 sockets per user: under the cap of 20 per user (socket-cap.ts), which would close the oldest.
    const users = Math.ceil(count / 10);
    const tokens: string[] = [];
    for (let i = 0; i < users; i += 100) {
      tokens.push(...(await Promise.all(Array.from({ length: Math.min(100, users - i) }, (_, k) => stack.token(`c${i + k}`)))));
    }
    const tokensFile = join(tmpdir(), `bench-tokens-${process.pid}.json`);
    writeFileSync(tokensFile, JSON.stringify(tokens));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const child = fork(join(import.meta.dirname, 'idle-clients.ts'), [stack.emulator.url, tokensFile, String(count)], {
      execArgv: ['--import', 'tsx'],
    });
    const report = await new Promise<{ opened: number; errors: number; perSecond: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as never));
      child.once('exit', (code) => reject(new Error(`idle clients exited ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 1000));
    global.gc?.();
    const rssWithIdle = process.memoryUsage().rss;
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    return {
      opened: report.opened,
      errors: report.errors,
      connectsPerSecond: report.perSecond,
      rssBeforeMb: rssBefore / 2 ** 20,
      rssWithIdleMb: rssWithIdle / 2 ** 20,
    };
  } finally {
    await stack.stop();
  }
}
