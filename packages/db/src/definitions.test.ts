import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { tableDefinitions, tableKeys } from './definitions.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();

test.each(tableKeys)('the toolbox Table for %s uses the keys and indexes of the definition', (key) => {
  const def = tableDefinitions[key];
  const table = db.tables[key];
  expect(table.partitionKey).toEqual(def.partitionKey);
  expect(table.sortKey).toEqual('sortKey' in def ? def.sortKey : undefined);
  expect(table.indexes).toEqual(def.indexes);
  expect(table.entityAttributeSavedAs).toBe(def.entityAttribute);
});

test.each(tableKeys)('the %s table created in DynamoDB Local matches the definition', async (key) => {
  const def = tableDefinitions[key];
  const { Table } = await db.client.send(new DescribeTableCommand({ TableName: db.names[key] }));
  const keySchema = Object.fromEntries((Table?.KeySchema ?? []).map((k) => [k.KeyType, k.AttributeName]));
  expect(keySchema).toEqual({ HASH: def.partitionKey.name, ...('sortKey' in def && { RANGE: def.sortKey.name }) });
  const indexes = Object.fromEntries(
    [...(Table?.GlobalSecondaryIndexes ?? []), ...(Table?.LocalSecondaryIndexes ?? [])].map((i) => [
      i.IndexName,
      Object.fromEntries((i.KeySchema ?? []).map((k) => [k.KeyType, k.AttributeName])),
    ]),
  );
  expect(indexes).toEqual(
    Object.fromEntries(
      Object.entries(def.indexes).map(([name, i]) => [
        name,
        { HASH: i.type === 'global' ? i.partitionKey.name : def.partitionKey.name, RANGE: i.sortKey.name },
      ]),
    ),
  );
  const types = Object.fromEntries((Table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  for (const i of Object.values(def.indexes)) expect(types[i.sortKey.name]).toBe(i.sortKey.type === 'number' ? 'N' : 'S');
  const stream = Table?.StreamSpecification;
  expect(stream?.StreamEnabled ? stream.StreamViewType : undefined).toBe('stream' in def ? def.stream : undefined);
  const ttl = await db.client.send(new DescribeTimeToLiveCommand({ TableName: db.names[key] }));
  const ttlAttribute =
    ttl.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' ? ttl.TimeToLiveDescription.AttributeName : undefined;
  expect(ttlAttribute).toBe('ttlAttribute' in def ? def.ttlAttribute : undefined);
});
