import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { $add, $delete, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { batchGetAll } from './batch-get.ts';
import type { Db } from './db.ts';

/**
 * A user's open connections, one item per user (a string set of connection ids), so that a
 * connect writes one item whatever the number of the user's rooms, and a room's members turn
 * into their connections with BatchGetItem (100 users a call), not one Query per member.
 */

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
 * The open connections of `userIds`: one BatchGetItem per 100 users (batchGetAll: unprocessed
 * keys asked again, and throwing when they stay so, so that the caller's stream records are
 * retried rather than silently delivered to fewer people). The set
 * may hold ids whose socket is gone: a post answers 410 and the caller removes them.
 */
export async function connectionsOfUsers(db: Db, userIds: readonly string[]): Promise<UserConnection[]> {
  const requests = [...new Set(userIds)].map((userId) => db.entities.UserConnections.build(BatchGetRequest).key({ userId }));
  const items = await batchGetAll(db.tables.connections, requests, (chunk) =>
    executeBatchGet(db.tables.connections.build(BatchGetCommand).requests(...chunk)),
  );
  return items.flatMap((item) => [...(item.connectionIds ?? [])].map((connectionId) => ({ connectionId, userId: item.userId })));
}
