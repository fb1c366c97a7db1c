import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from './definitions.ts';
import { createEntities } from './entities.ts';
import { createRoomWrites } from './room-writes.ts';
import { createTables } from './tables.ts';

/** Everything data access needs, created once per process (or Lambda container). */
export function createDb(options: { names: TableNames; client?: DynamoDBClient; clientConfig?: DynamoDBClientConfig }) {
  const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const tables = createTables(documentClient, options.names);
  // roomWrites: this process's changes to one room take its counter in turn (room-writes.ts).
  return { client, documentClient, names: options.names, tables, entities: createEntities(tables), roomWrites: createRoomWrites() };
}

export type Db = ReturnType<typeof createDb>;
