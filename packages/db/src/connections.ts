import type { Principal } from '@chat/contract';
import { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { BatchWriteCommand, execute as executeBatchWrite } from 'dynamodb-toolbox/table/actions/batchWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { keys } from './entities.ts';

export interface StoredConnection {
  connectionId: string;
  userId: string;
  username: string;
  connectedAt: number;
  /** Epoch seconds: the TTL attribute. */
  expiresAt: number;
}

export interface RoomConnection {
  connectionId: string;
  userId: string;
  username: string;
}

export async function putConnection(db: Db, connection: StoredConnection): Promise<void> {
  await db.entities.Connection.build(PutItemCommand).item(connection).send();
}

/** Registers a connection subscribed to its first room: both items in one BatchWriteItem. */
export async function putConnectionInRoom(db: Db, connection: StoredConnection, roomId: string): Promise<void> {
  const { connectionId, userId, username, expiresAt } = connection;
  await executeBatchWrite(
    { maxAttempts: 5 },
    db.tables.connections
      .build(BatchWriteCommand)
      .requests(
        db.entities.Connection.build(BatchPutRequest).item(connection),
        db.entities.Subscription.build(BatchPutRequest).item({ connectionId, roomId, userId, username, expiresAt }),
      ),
  );
}

export async function getConnection(db: Db, connectionId: string): Promise<StoredConnection | undefined> {
  const { Item } = await db.entities.Connection.build(GetItemCommand).key({ connectionId }).send();
  return Item;
}

/** Idempotent: joining twice leaves one subscription. */
export async function subscribe(db: Db, connection: StoredConnection, roomId: string): Promise<void> {
  const { connectionId, userId, username, expiresAt } = connection;
  await db.entities.Subscription.build(PutItemCommand).item({ connectionId, roomId, userId, username, expiresAt }).send();
}

/** True when the connection was in the room (a leave of a room never joined changes nothing). */
export async function unsubscribe(db: Db, connectionId: string, roomId: string): Promise<boolean> {
  const { Attributes } = await db.entities.Subscription.build(DeleteItemCommand)
    .key({ connectionId, roomId })
    .options({ returnValues: 'ALL_OLD' })
    .send();
  return Attributes !== undefined;
}

export async function isSubscribed(db: Db, connectionId: string, roomId: string): Promise<boolean> {
  const { Item } = await db.entities.Subscription.build(GetItemCommand).key({ connectionId, roomId }).send();
  return Item !== undefined;
}

/**
 * A room's live connections: one Query of the byRoom index (never a Scan). TTL deletion is
 * only eventual on AWS, so expired subscriptions are filtered out here as well.
 */
export async function connectionsInRoom(db: Db, roomId: string, nowMs: number): Promise<RoomConnection[]> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const found: RoomConnection[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.tables.connections
      .build(QueryCommand)
      .entities(db.entities.Subscription)
      .query({ index: 'byRoom', partition: roomId })
      .options({ exclusiveStartKey })
      .send();
    for (const s of page.Items ?? []) {
      if (s.expiresAt > nowSeconds) found.push({ connectionId: s.connectionId, userId: s.userId, username: s.username });
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return found;
}

/** Who is online in a room: each user once, however many connections they hold. */
export function presentUsers(connections: readonly RoomConnection[]): Principal[] {
  const users = new Map<string, Principal>();
  for (const c of connections) users.set(c.userId, { id: c.userId, username: c.username });
  return [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** A room a deleted connection was in, with whose connection it was. */
export interface RemovedSubscription {
  roomId: string;
  userId: string;
  username: string;
}

/** Deletes a connection and all its subscriptions; answers the rooms it was in. */
export async function deleteConnection(db: Db, connectionId: string): Promise<RemovedSubscription[]> {
  const { Items = [] } = await db.tables.connections
    .build(QueryCommand)
    .entities(db.entities.Connection, db.entities.Subscription)
    .query({ partition: keys.connection(connectionId) })
    .send();
  const rooms: RemovedSubscription[] = [];
  const requests = Items.map((item) => {
    if ('roomId' in item) {
      rooms.push({ roomId: item.roomId, userId: item.userId, username: item.username });
      return db.entities.Subscription.build(BatchDeleteRequest).key({ connectionId, roomId: item.roomId });
    }
    return db.entities.Connection.build(BatchDeleteRequest).key({ connectionId });
  });
  // BatchWrite takes at most 25 requests.
  for (let i = 0; i < requests.length; i += 25) {
    await executeBatchWrite(db.tables.connections.build(BatchWriteCommand).requests(...requests.slice(i, i + 25)));
  }
  return rooms;
}
