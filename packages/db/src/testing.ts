// Test helper: a fresh set of tables with a random prefix in the run's DynamoDB Local,
// so test files never see each other's data.
import { localCredentials, localRegion } from '@chat/local-runtime';
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { createDb, type Db } from './db.ts';
import { tableNamesFor } from './definitions.ts';
import { provision } from './provision.ts';

export async function createTestDb(endpoint = testDynamoEndpoint()): Promise<Db> {
  const names = tableNamesFor(`t${crypto.randomUUID().slice(0, 8)}-`);
  const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  await provision(db);
  return db;
}
