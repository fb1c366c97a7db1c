import { type Db, deleteConnection, getConnection, newActivity, putActivities, type StoredConnection } from '@chat/db';
import { LRUCache } from 'lru-cache';
import type { WsDeps } from './deps.ts';
import { mapWithConcurrency } from './pool.ts';

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

/**
 * Removes connections that answered 410 (or disconnected) and records a `left` event for each
 * room each was in (one BatchWriteItem per 25). Nothing is posted here: the stream's next batch
 * tells each room once, and only of users with no connection left in it.
 */
export async function removeConnections(deps: WsDeps, cache: ConnectionCache, connectionIds: readonly string[]): Promise<void> {
  for (const id of connectionIds) cache.forget(id);
  const removed = await mapWithConcurrency(connectionIds, DELETE_CONCURRENCY, async (connectionId) =>
    (await deleteConnection(deps.db, connectionId)).map(({ roomId, userId, username }) =>
      newActivity({ roomId, id: deps.newId(), kind: 'left', userId, username, connectionId }, deps.now()),
    ),
  );
  await putActivities(deps.db, removed.flat());
}
