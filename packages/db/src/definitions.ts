/**
 * The one source of truth for the three tables: keys, indexes, TTL and stream. The
 * dynamodb-toolbox Tables, the local table creation and the Terraform files are all derived
 * from this object (tests fail if any of them drifts). Plain data: no SDK import.
 */
export interface KeyDefinition {
  name: string;
  type: 'string' | 'number';
}

export type IndexDefinition =
  | { type: 'global'; partitionKey: KeyDefinition; sortKey?: KeyDefinition }
  /** Same partition as the table, another sort key; unlike a global index it can be read strongly consistent. */
  | { type: 'local'; sortKey: KeyDefinition };

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
  /**
   * Users, plus one claim item per email and per username that keeps them unique, and the
   * login and signup throttles' counters (short-lived: only they carry the TTL attribute).
   */
  users: {
    partitionKey: { name: 'pk', type: 'string' },
    indexes: {
      /** users.search: usernames by prefix, partitioned by their first character (only User items carry the keys). */
      byUsername: {
        type: 'global',
        partitionKey: { name: 'directory', type: 'string' },
        sortKey: { name: 'usernameLower', type: 'string' },
      },
    },
    ttlAttribute: 'expiresAt',
    entityAttribute,
  },
  /**
   * Messages by room (newest first by ULID sort key), rooms, their name claims, memberships
   * (both sides), each room's change counter, clientMsgId claims, and short-lived room activity
   * (joins, leaves, typing) that reaches the ws Lambda through the stream, so that it is
   * coalesced like messages.
   */
  messages: {
    partitionKey: { name: 'pk', type: 'string' },
    sortKey: { name: 'sk', type: 'string' },
    indexes: {
      /**
       * A room's messages by the seq of their latest change: the change feed (`joinRoom {since}`).
       * Local, because a resume must read strongly consistent: a global index lags, and a
       * reader could see seq 7 before 6 and resume past 6. Its price: 10 GB per room.
       */
      bySeq: { type: 'local', sortKey: { name: 'seq', type: 'number' } },
      /** A thread's replies (`<parentId>#<replyId>`; only replies carry it). */
      byThread: { type: 'local', sortKey: { name: 'threadKey', type: 'string' } },
    },
    /** Only activity items carry it; messages never expire. */
    ttlAttribute: 'expiresAt',
    stream: 'NEW_IMAGE',
    entityAttribute,
  },
  /**
   * A connection, one subscription item per room it focuses (byRoom finds a room's focused
   * connections), and one item per user listing the user's open connections.
   */
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
 * The filter uses Lambda's event-filtering pattern syntax: new and changed Message items
 * (edits, deletes, reactions and reply counts are MODIFY records), new Activity items, new and
 * changed Membership items (`room`, `readUpdated`), removed ones (`roomLeft`: a REMOVE record
 * has only its keys), and changed Room items (renamed, new topic, archived).
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
  filterPatterns: [
    { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { [entityAttribute]: { S: ['Message'] } } } },
    { eventName: ['INSERT'], dynamodb: { NewImage: { [entityAttribute]: { S: ['Activity'] } } } },
    { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { [entityAttribute]: { S: ['Membership'] } } } },
    { eventName: ['REMOVE'], dynamodb: { Keys: { pk: { S: [{ prefix: 'MEMBERSHIPS#' }] } } } },
    { eventName: ['MODIFY'], dynamodb: { NewImage: { [entityAttribute]: { S: ['Room'] } } } },
  ],
} as const;
