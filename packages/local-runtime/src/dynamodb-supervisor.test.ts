import { createServer, type Server } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { localDynamoClient } from './dynamodb-local.ts';
import { superviseDynamoDbLocal } from './dynamodb-supervisor.ts';

test('a DynamoDB Local killed with -9 is reported down, restarted on the same port, and up again', async () => {
  const lines: string[] = [];
  const restarted: string[] = [];
  const db = await superviseDynamoDbLocal({
    log: (line) => lines.push(line),
    onRestart: async (endpoint) => void restarted.push(endpoint),
    firstBackoffMs: 100,
  });
  try {
    expect(await db.healthy()).toBe(true);
    const first = db.pid()!;
    process.kill(first, 'SIGKILL');
    await expect.poll(() => db.healthy(), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => db.healthy(), { timeout: 120_000, interval: 200 }).toBe(true);
    expect(db.pid()).not.toBe(first);
    expect(restarted).toEqual([db.endpoint]);
    const client = localDynamoClient(db.endpoint);
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
    client.destroy();
    expect(lines.join('\n')).toMatch(new RegExp(`pid ${first}\\) exited unexpectedly \\(SIGKILL\\): restarting it on port ${db.port}`));
    expect(lines.join('\n')).toMatch(/DynamoDB Local restarted \(attempt 1 of 5, pid \d+\)/);
  } finally {
    await db.stop();
  }
  expect(db.pid()).toBeNull();
});

test('when every restart fails it gives up with a clear message', async () => {
  const lines: string[] = [];
  let gaveUp: Error | undefined;
  const db = await superviseDynamoDbLocal({
    log: (line) => lines.push(line),
    onGiveUp: (err) => (gaveUp = err),
    maxRestarts: 2,
    firstBackoffMs: 1000,
  });
  const holder: Server = createServer();
  try {
    process.kill(db.pid()!, 'SIGKILL');
    await expect.poll(() => db.pid(), { timeout: 30_000 }).toBeNull();
    // Another program takes the port before the first restart.
    await new Promise<void>((resolve) => holder.listen(db.port, '127.0.0.1', resolve));
    await expect.poll(() => gaveUp, { timeout: 60_000 }).toBeInstanceOf(Error);
    expect(gaveUp!.message).toBe(
      `DynamoDB Local died and 2 restarts failed; last: DynamoDB Local: port ${db.port} is already in use by another program`,
    );
    expect(lines.filter((l) => l.includes('failed: DynamoDB Local: port'))).toHaveLength(2);
    expect(await db.healthy()).toBe(false);
  } finally {
    await db.stop();
    await new Promise((resolve) => holder.close(resolve));
  }
});
