import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { $add, $delete, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import type { Db } from './db.ts';

/**
 * A user's open connections, one item per user (a string set of connection ids), so that a
 * connect writes one item whatever the number of the user's rooms, and a room's members turn
 * into their connections with BatchGetItem (100 users a call), not one Query per member.
 */

/** BatchGetItem takes at most 100 keys. */
export const BATCH_GET_MAX = 100;

/**
 * Adds a connection to its user's set (ADD: no read, creates the item when absent); answers the
 * set as it is after the add (the same write returns it), stale ids included.
 */
export async function addUserConnection(db: Db, userId: string, connectionId: string): Promise<string[]> {
  const { Attributes } = await db.entities.UserConnections.build(UpdateItemCommand)
    .item({ userId, connectionIds: $add(new Set([connectionId])) })
    .options({ returnValues: 'UPDATED_NEW' })
    .send();
  return [...(Attributes?.connectionIds ?? [connectionId])];
}

/** Removes connections from their user's set; idempotent (DELETE of an absent id changes nothing). */
export async function removeUserConnections(db: Db, userId: string, connectionIds: readonly string[]): Promise<void> {
  if (connectionIds.length === 0) return;
  await db.entities.UserConnections.build(UpdateItemCommand)
    .item({ userId, connectionIds: $delete(new Set(connectionIds)) })
    .send();
}

/** A user's open connection, as the message fan-out addresses it. */
export interface UserConnection {
  connectionId: string;
  userId: string;
}

/**
 * The open connections of `userIds`: one BatchGetItem per 100 users, unprocessed keys retried
 * (the toolbox re-sends them up to maxAttempts); keys still unprocessed after that throw, so the
 * caller's stream records are retried rather than silently delivered to fewer people. The set
 * may hold ids whose socket is gone: a post answers 410 and the caller removes them.
 */
export async function connectionsOfUsers(db: Db, userIds: readonly string[]): Promise<UserConnection[]> {
  const unique = [...new Set(userIds)];
  const found: UserConnection[] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
    const chunk = unique.slice(i, i + BATCH_GET_MAX);
    const {
      Responses: [items = []],
      UnprocessedKeys,
    } = await executeBatchGet(
      { maxAttempts: 5 },
      db.tables.connections
        .build(BatchGetCommand)
        .requests(...chunk.map((userId) => db.entities.UserConnections.build(BatchGetRequest).key({ userId }))),
    );
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0) {
      throw new Error('BatchGetItem left some users\' connections unread after retries');
    }
    for (const item of items) {
      if (!item) continue;
      for (const connectionId of item.connectionIds ?? []) found.push({ connectionId, userId: item.userId });
    }
  }
  return found;
}
