import {
  type CreateTableCommandInput,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { Db } from './db.ts';
import { ensureGeneralRoom } from './rooms.ts';
import { tableDefinitions, tableKeys, type TableDefinition, type TableNames } from './definitions.ts';

/** The CreateTable request for a definition: what local creation sends and Terraform mirrors. */
export function createTableInput(name: string, def: TableDefinition): CreateTableCommandInput {
  const indexes = Object.entries(def.indexes);
  const keyAttributes = [
    def.partitionKey,
    def.sortKey,
    ...indexes.flatMap(([, i]) => (i.type === 'global' ? [i.partitionKey, i.sortKey] : [i.sortKey])),
  ];
  const attributeTypes = new Map<string, 'S' | 'N'>();
  for (const key of keyAttributes) if (key) attributeTypes.set(key.name, key.type === 'number' ? 'N' : 'S');
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  const globals = indexes.flatMap(([IndexName, i]) => (i.type === 'global' ? [{ IndexName, ...i }] : []));
  const locals = indexes.flatMap(([IndexName, i]) => (i.type === 'local' ? [{ IndexName, ...i }] : []));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributeTypes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(globals.length > 0 && {
      GlobalSecondaryIndexes: globals.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
    ...(locals.length > 0 && {
      LocalSecondaryIndexes: locals.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: keySchema(def.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
    ...(def.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } }),
  };
}

/** Creates whichever of the three tables is missing (idempotent) and turns TTL on. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const created: string[] = [];
  for (const key of tableKeys) {
    const def: TableDefinition = tableDefinitions[key];
    const name = names[key];
    if (await tableExists(client, name)) {
      await requireIndexes(client, name, def);
      // A users table made before the throttles had no TTL.
      await ensureTtl(client, name, def);
      continue;
    }
    try {
      await client.send(new CreateTableCommand(createTableInput(name, def)));
      created.push(name);
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: name });
    await ensureTtl(client, name, def);
  }
  return created;
}

/** Turns on the definition's TTL unless it is on already (DynamoDB refuses to enable it twice). */
async function ensureTtl(client: DynamoDBClient, name: string, def: TableDefinition): Promise<void> {
  if (!def.ttlAttribute) return;
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === def.ttlAttribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
    }),
  );
}

/**
 * Indexes cannot be added to a table later (local ones never): a table made by an older version
 * (a `.data/` folder kept from before protocol v2) is named rather than failing query by query.
 */
async function requireIndexes(client: DynamoDBClient, name: string, def: TableDefinition): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const present = new Set([...(Table?.GlobalSecondaryIndexes ?? []), ...(Table?.LocalSecondaryIndexes ?? [])].map((i) => i.IndexName));
  const missing = Object.keys(def.indexes).filter((index) => !present.has(index));
  if (missing.length > 0) {
    throw new Error(
      `Table ${name} has no index ${missing.join(', ')}: it was created by an older version. ` +
        'Locally, delete the .data folder (its data goes too) and start again.',
    );
  }
}

async function tableExists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === 'ResourceNotFoundException') return false;
    throw err;
  }
}

/** Tables plus the data that must always be there (the `general` room). */
export async function provision(db: Db, now = Date.now()): Promise<string[]> {
  const created = await ensureTables(db.client, db.names);
  await ensureGeneralRoom(db, now);
  return created;
}
