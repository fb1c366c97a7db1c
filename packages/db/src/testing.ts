// Test helper: a fresh set of tables with a random prefix in the run's DynamoDB Local,
// so test files never see each other's data.
import { localCredentials, localRegion } from '@chat/dynamodb-local';
import { testDynamoEndpoint } from '@chat/dynamodb-local/vitest';
import { createDb, type Db } from './db.ts';
import { tableNamesFor } from './definitions.ts';
import { provision } from './provision.ts';

export async function createTestDb(endpoint = testDynamoEndpoint()): Promise<Db> {
  const names = tableNamesFor(`t${crypto.randomUUID().slice(0, 8)}-`);
  const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  await provision(db);
  return db;
}
