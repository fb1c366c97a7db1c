/**
 * The one source of truth for the three tables: keys, indexes, TTL and stream. The
 * dynamodb-toolbox Tables, the local table creation and the Terraform files are all derived
 * from this object (tests fail if any of them drifts). Plain data: no SDK import.
 */
export interface KeyDefinition {
  name: string;
  type: 'string';
}

export interface IndexDefinition {
  type: 'global';
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
}

export interface TableDefinition {
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
  indexes: Record<string, IndexDefinition>;
  /** Epoch seconds after which DynamoDB may delete the item. */
  ttlAttribute?: string;
  stream?: 'NEW_IMAGE';
  /** The attribute naming each item's entity (dynamodb-toolbox's `entityAttributeSavedAs`). */
  entityAttribute: string;
}

/** One value for every table: the stream filter below matches on it. */
const entityAttribute = '_et';

export const tableDefinitions = {
  /** Users, plus one claim item per email and per username that keeps them unique. */
  users: {
    partitionKey: { name: 'pk', type: 'string' },
    indexes: {},
    entityAttribute,
  },
  /** Messages by room (newest first by ULID sort key), rooms, and clientMsgId claims. */
  messages: {
    partitionKey: { name: 'pk', type: 'string' },
    sortKey: { name: 'sk', type: 'string' },
    indexes: {},
    stream: 'NEW_IMAGE',
    entityAttribute,
  },
  /** A connection and one subscription item per room it is in; byRoom finds a room's connections. */
  connections: {
    partitionKey: { name: 'pk', type: 'string' },
    sortKey: { name: 'sk', type: 'string' },
    indexes: {
      byRoom: {
        type: 'global',
        partitionKey: { name: 'roomId', type: 'string' },
        sortKey: { name: 'connectionId', type: 'string' },
      },
    },
    ttlAttribute: 'expiresAt',
    entityAttribute,
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof tableDefinitions;
export type TableNames = Record<TableKey, string>;

export const tableKeys = Object.keys(tableDefinitions) as TableKey[];

/** Table names for a deployment: `<prefix>users`, `<prefix>messages`, `<prefix>connections`. */
export function tableNamesFor(prefix: string): TableNames {
  return { users: `${prefix}users`, messages: `${prefix}messages`, connections: `${prefix}connections` };
}

/**
 * The messages stream -> ws Lambda event source mapping. Terraform declares exactly these
 * settings and the local Streams poller plays them; a test holds the two together.
 * The filter uses Lambda's event-filtering pattern syntax: only new Message items.
 */
export const messageStreamMapping = {
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  startingPosition: 'LATEST',
  maximumRetryAttempts: 10,
  maximumRecordAgeInSeconds: 3600,
  bisectBatchOnFunctionError: true,
  parallelizationFactor: 1,
  functionResponseTypes: ['ReportBatchItemFailures'],
  filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { [entityAttribute]: { S: ['Message'] } } } }],
} as const;
