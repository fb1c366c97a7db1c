import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { freePort, localDynamoClient, PortInUseError, startDynamoDbLocal } from './dynamodb-local.ts';
import { testDynamoEndpoint } from './vitest.ts';

const probeTable = (TableName: string) =>
  new CreateTableCommand({
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });

test('the DynamoDB Local of the test run answers and keeps tables', async () => {
  const client = localDynamoClient(testDynamoEndpoint());
  await client.send(probeTable('probe-table'));
  const { TableNames } = await client.send(new ListTablesCommand({}));
  expect(TableNames).toContain('probe-table');
  client.destroy();
});

test('a port another program holds stops the start with a message naming it', async () => {
  const port = await freePort();
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  try {
    const err = await startDynamoDbLocal({ port }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toBe(`DynamoDB Local: port ${port} is already in use by another program`);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});

test('the port of a DynamoDB Local already running is refused, not silently shared', async () => {
  const port = Number(new URL(testDynamoEndpoint()).port);
  await expect(startDynamoDbLocal({ port })).rejects.toThrow(`port ${port} is already in use`);
});

test('its data folder is 0700 and every file in it 0600, older files included', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'chat-ddb-perm-')), 'dynamodb');
  const db = await startDynamoDbLocal({ dataDir });
  const client = localDynamoClient(db.endpoint);
  try {
    await client.send(probeTable('perm-table'));
    const files = readdirSync(dataDir);
    expect(files.length).toBeGreaterThan(0); // the database file
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of files) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
  } finally {
    client.destroy();
    await db.stop();
  }
  // A file left world-readable by an older version is tightened at the next start.
  writeFileSync(join(dataDir, 'old-file'), 'x', { mode: 0o644 });
  const again = await startDynamoDbLocal({ dataDir });
  try {
    expect(statSync(join(dataDir, 'old-file')).mode & 0o777).toBe(0o600);
  } finally {
    await again.stop();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
});
