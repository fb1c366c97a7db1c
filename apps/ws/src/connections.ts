import { type Db, deleteConnection, getConnection, mapWithConcurrency, newActivity, putActivities, type StoredConnection } from '@chat/db';
import { LRUCache } from 'lru-cache';
import type { WsDeps } from './deps.ts';

/**
 * A connection's user never changes, and MESSAGE events carry no identity: keep what was read
 * per container so that a busy socket costs one GetItem, not one per frame.
 */
export function createConnectionCache(db: Db, maxEntries = 10_000) {
  const cache = new LRUCache<string, StoredConnection>({ max: maxEntries });
  return {
    async get(connectionId: string): Promise<StoredConnection | undefined> {
      const hit = cache.get(connectionId);
      if (hit) return hit;
      const found = await getConnection(db, connectionId);
      if (found) cache.set(connectionId, found);
      return found;
    },
    /** What the cache holds, without reading DynamoDB. */
    peek(connectionId: string): StoredConnection | undefined {
      return cache.peek(connectionId);
    },
    set(connection: StoredConnection) {
      cache.set(connection.connectionId, connection);
    },
    forget(connectionId: string) {
      cache.delete(connectionId);
    },
  };
}

export type ConnectionCache = ReturnType<typeof createConnectionCache>;

/** A batch can find hundreds of stale connections: not one DynamoDB round trip after another. */
const DELETE_CONCURRENCY = 16;

/** A connection to remove; `userId` when known, so that its id leaves the user's set even once its item is gone. */
export interface GoneConnection {
  connectionId: string;
  userId?: string;
}

/**
 * How long after its $connect began a connection that answers 410 is kept. The fan-out reads
 * ids from the users' connection sets, where $connect puts them before it returns, and API
 * Gateway answers 410 to posts until it has returned (its integration timeout is 29 s). Only
 * connections that focus nothing get it (a focus proves $connect returned); one really gone
 * that young is removed by a later fan-out, $disconnect or its TTL.
 */
export const CONNECT_GRACE_MS = 30_000;

/**
 * Removes connections that answered 410 (or disconnected): the connection, its focuses and its
 * id in the user's UserConnections set, and records a `left` event for each room it focused
 * (one BatchWriteItem per 25). Nothing is posted here: the stream's next batch tells each room
 * once, and only of users with no connection left in it. With `graceMs`, connections registered
 * within the last graceMs are kept (see CONNECT_GRACE_MS).
 */
export async function removeConnections(
  deps: WsDeps,
  cache: ConnectionCache,
  gone: readonly GoneConnection[],
  options: { graceMs?: number } = {},
): Promise<void> {
  const byId = new Map<string, string | undefined>();
  for (const { connectionId, userId } of gone) byId.set(connectionId, userId ?? byId.get(connectionId) ?? cache.peek(connectionId)?.userId);
  for (const id of byId.keys()) cache.forget(id);
  const keep = options.graceMs === undefined ? {} : { keepIfConnectedAfter: deps.now() - options.graceMs };
  const removed = await mapWithConcurrency([...byId], DELETE_CONCURRENCY, async ([connectionId, userId]) =>
    (await deleteConnection(deps.db, connectionId, userId, keep)).map(({ roomId, userId, username }) =>
      newActivity({ roomId, id: deps.newId(), kind: 'left', userId, username, connectionId }, deps.now()),
    ),
  );
  await putActivities(deps.db, removed.flat());
}
