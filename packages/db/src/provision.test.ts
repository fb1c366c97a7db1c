import { CreateTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { tableDefinitions, tableNamesFor } from './definitions.ts';
import { createTableInput, ensureTables } from './provision.ts';
import { createTestDb } from './testing.ts';

const { client } = await createTestDb();

test('a messages table made before the change feed (no local indexes) is named, with what to do, not used', async () => {
  const names = tableNamesFor(`old${crypto.randomUUID().slice(0, 8)}-`);
  const v1 = { ...tableDefinitions.messages, indexes: {} };
  await client.send(new CreateTableCommand(createTableInput(names.messages, v1)));
  await expect(ensureTables(client, names)).rejects.toThrow(
    new RegExp(`Table ${names.messages} has no index bySeq, byThread: .*delete the \\.data folder`),
  );
});

test('a users table made before the throttles (no TTL) gets its TTL turned on, and provisioning again changes nothing', async () => {
  const names = tableNamesFor(`ttl${crypto.randomUUID().slice(0, 8)}-`);
  const { ttlAttribute: _none, ...withoutTtl } = tableDefinitions.users;
  await client.send(new CreateTableCommand(createTableInput(names.users, withoutTtl)));
  const ttlOf = async () => (await client.send(new DescribeTimeToLiveCommand({ TableName: names.users }))).TimeToLiveDescription;
  expect((await ttlOf())?.TimeToLiveStatus).not.toBe('ENABLED');
  await ensureTables(client, names);
  expect(await ttlOf()).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  await ensureTables(client, names);
  expect(await ttlOf()).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
});
