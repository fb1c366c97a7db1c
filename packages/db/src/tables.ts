import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Table } from 'dynamodb-toolbox/table';
import { tableDefinitions, type TableNames } from './definitions.ts';

const { users, messages, connections } = tableDefinitions;

/** The three dynamodb-toolbox Tables, bound to one client and one set of names. */
export function createTables(documentClient: DynamoDBDocumentClient, names: TableNames) {
  return {
    users: new Table({
      documentClient,
      name: names.users,
      partitionKey: users.partitionKey,
      indexes: users.indexes,
      entityAttributeSavedAs: users.entityAttribute,
    }),
    messages: new Table({
      documentClient,
      name: names.messages,
      partitionKey: messages.partitionKey,
      sortKey: messages.sortKey,
      indexes: messages.indexes,
      entityAttributeSavedAs: messages.entityAttribute,
    }),
    connections: new Table({
      documentClient,
      name: names.connections,
      partitionKey: connections.partitionKey,
      sortKey: connections.sortKey,
      indexes: { byRoom: connections.indexes.byRoom },
      entityAttributeSavedAs: connections.entityAttribute,
    }),
  };
}

export type Tables = ReturnType<typeof createTables>;
