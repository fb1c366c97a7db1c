import { limits, type Principal } from '@chat/contract';
import { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $remove, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { BatchWriteCommand, execute as executeBatchWrite } from 'dynamodb-toolbox/table/actions/batchWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { batchGetAll } from './batch-get.ts';
import type { Db } from './db.ts';
import { keys } from './entities.ts';
import { addUserConnection, removeUserConnections } from './user-connections.ts';
import { isConditionFailed } from './write-conditions.ts';

export interface StoredConnection {
  connectionId: string;
  userId: string;
  username: string;
  connectedAt: number;
  /** Epoch seconds: the TTL attribute. */
  expiresAt: number;
  /** The connecting token's `exp` (epoch ms) and version; absent on connections from before issue 13. */
  tokenExpiresAt?: number;
  tokenVersion?: number;
}

export interface RoomConnection {
  connectionId: string;
  userId: string;
  username: string;
}

export async function putConnection(db: Db, connection: StoredConnection): Promise<void> {
  await db.entities.Connection.build(PutItemCommand).item(connection).send();
}

/**
 * Registers a connection: its item, then its id in the user's UserConnections set, which is what
 * the message fan-out reads. Two writes whatever the number of the user's rooms. In that order,
 * so that an id a fan-out finds always has its item, whose `connectedAt` tells a connection
 * whose $connect is still running (posts to it answer 410 until then) from one that is gone.
 * Answers the user's connection ids after it (the set's update returns them: no read).
 */
export async function registerConnection(db: Db, connection: StoredConnection): Promise<string[]> {
  await putConnection(db, connection);
  return addUserConnection(db, connection.userId, connection.connectionId);
}

/** The stored items of `connectionIds` (absent ones left out): one BatchGetItem per 100 ids. */
export async function getConnections(db: Db, connectionIds: readonly string[]): Promise<StoredConnection[]> {
  const requests = [...new Set(connectionIds)].map((connectionId) => db.entities.Connection.build(BatchGetRequest).key({ connectionId }));
  return batchGetAll(db.tables.connections, requests, (chunk) => executeBatchGet(db.tables.connections.build(BatchGetCommand).requests(...chunk)));
}

export async function getConnection(db: Db, connectionId: string): Promise<StoredConnection | undefined> {
  const { Item } = await db.entities.Connection.build(GetItemCommand).key({ connectionId }).send();
  return Item;
}

/**
 * Focuses a room (a Subscription item); idempotent: focusing twice leaves one, `focusedAt`
 * moved to `now` (the focus cap unfocuses the least recently focused room first).
 */
export async function subscribe(db: Db, connection: StoredConnection, roomId: string, now?: number): Promise<void> {
  const { connectionId, userId, username, expiresAt } = connection;
  await db.entities.Subscription.build(PutItemCommand)
    .item({ connectionId, roomId, userId, username, expiresAt, ...(now !== undefined && { focusedAt: now, seenAt: now }) })
    .send();
}

/**
 * A heartbeat: moves `seenAt` of each of the connection's focuses to `now` (one Query, one
 * UpdateItem a focus). A focus ended meanwhile stays ended (the update never creates one).
 * Answers the focuses it refreshed, and among them those the room had been told were gone
 * (`goneAt`, cleared here): the caller tells the room they are back.
 */
export async function markFocusesSeen(db: Db, connectionId: string, now: number): Promise<{ rooms: string[]; back: RoomFocus[] }> {
  const focuses = await focusesOf(db, connectionId);
  const rooms: string[] = [];
  const back: RoomFocus[] = [];
  await Promise.all(
    focuses.map(async ({ roomId }) => {
      try {
        const { Attributes } = await db.entities.Subscription.build(UpdateItemCommand)
          .item({ connectionId, roomId, seenAt: now, goneAt: $remove() })
          .options({ condition: { attr: 'userId', exists: true }, returnValues: 'ALL_OLD' })
          .send();
        rooms.push(roomId);
        if (Attributes?.goneAt !== undefined) back.push({ roomId, connectionId, userId: Attributes.userId, username: Attributes.username });
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    }),
  );
  return { rooms, back };
}

/** A connection's focus of one room, with whose connection it is. */
export interface RoomFocus extends RoomConnection {
  roomId: string;
}

/**
 * The room's focuses that have missed their heartbeats (`limits.focus.staleAfterMs`) and that
 * the room has not yet been told are gone; unexpired ones only (the rest are ending anyway).
 */
export async function quietFocuses(db: Db, roomId: string, nowMs: number): Promise<RoomFocus[]> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const quiet: RoomFocus[] = [];
  for await (const s of roomSubscriptions(db, roomId)) {
    if (s.expiresAt > nowSeconds && s.seenAt !== undefined && s.seenAt <= nowMs - limits.focus.staleAfterMs && s.goneAt === undefined) {
      quiet.push({ roomId, connectionId: s.connectionId, userId: s.userId, username: s.username });
    }
  }
  return quiet;
}

/**
 * Marks a quiet focus as announced gone: true for the one caller that got there first (the
 * condition re-checks that no ping came since), so the room hears of it once.
 */
export async function markFocusGone(db: Db, focus: Pick<RoomFocus, 'connectionId' | 'roomId'>, nowMs: number): Promise<boolean> {
  try {
    await db.entities.Subscription.build(UpdateItemCommand)
      .item({ ...focus, goneAt: nowMs })
      .options({
        condition: {
          and: [
            { attr: 'goneAt', exists: false },
            { attr: 'seenAt', lte: nowMs - limits.focus.staleAfterMs },
          ],
        },
      })
      .send();
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** Ends a focus; answers the subscription that was removed, or undefined when there was none. */
export async function endFocus(db: Db, connectionId: string, roomId: string): Promise<RoomConnection | undefined> {
  const { Attributes } = await db.entities.Subscription.build(DeleteItemCommand)
    .key({ connectionId, roomId })
    .options({ returnValues: 'ALL_OLD' })
    .send();
  return Attributes && { connectionId, userId: Attributes.userId, username: Attributes.username };
}

/** True when the connection was in the room (a leave of a room never joined changes nothing). */
export async function unsubscribe(db: Db, connectionId: string, roomId: string): Promise<boolean> {
  return (await endFocus(db, connectionId, roomId)) !== undefined;
}

/** A connection's focus of one room. */
export interface Focus {
  roomId: string;
  /** Absent on focuses stored before v2 part 2: they count as the oldest. */
  focusedAt: number;
}

/** The rooms a connection focuses: one Query of its partition's subscriptions. */
export async function focusesOf(db: Db, connectionId: string): Promise<Focus[]> {
  const { Items = [] } = await db.tables.connections
    .build(QueryCommand)
    .entities(db.entities.Subscription)
    .query({ partition: keys.connection(connectionId), range: { beginsWith: keys.subscription('') } })
    .options({ consistent: true })
    .send();
  return Items.map((s) => ({ roomId: s.roomId, focusedAt: s.focusedAt ?? 0 }));
}

export async function isSubscribed(db: Db, connectionId: string, roomId: string): Promise<boolean> {
  const { Item } = await db.entities.Subscription.build(GetItemCommand).key({ connectionId, roomId }).send();
  return Item !== undefined;
}

/**
 * A room's live connections: one Query of the byRoom index (never a Scan). TTL deletion is
 * only eventual on AWS, so expired subscriptions are filtered out here as well, and so are
 * focuses whose client has missed its heartbeats (`limits.focus.staleAfterMs`): a frozen
 * client's TCP connection can stay open until API Gateway's 10-minute idle timeout.
 */
export async function connectionsInRoom(db: Db, roomId: string, nowMs: number): Promise<RoomConnection[]> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const found: RoomConnection[] = [];
  for await (const s of roomSubscriptions(db, roomId)) {
    // Focuses from before heartbeats (no seenAt) count from their focusedAt; without either, as fresh.
    const seenAt = s.seenAt ?? s.focusedAt ?? nowMs;
    if (s.expiresAt > nowSeconds && seenAt > nowMs - limits.focus.staleAfterMs) {
      found.push({ connectionId: s.connectionId, userId: s.userId, username: s.username });
    }
  }
  return found;
}

/** Every subscription of a room, page by page of the byRoom index (never a Scan). */
async function* roomSubscriptions(db: Db, roomId: string) {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.tables.connections
      .build(QueryCommand)
      .entities(db.entities.Subscription)
      .query({ index: 'byRoom', partition: roomId })
      .options({ exclusiveStartKey })
      .send();
    yield* page.Items ?? [];
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
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

/**
 * Deletes a connection, all its subscriptions and its id in the user's UserConnections set;
 * answers the rooms it focused. `userId` names the set when the connection item is already
 * gone (its TTL ran out, or a $disconnect came first) but a fan-out still found the id. With
 * `keepIfConnectedAfter` (epoch ms), a connection registered after it and focusing nothing is
 * left as it is (answers []): a 410 then may only mean that its $connect has not returned yet.
 */
export async function deleteConnection(
  db: Db,
  connectionId: string,
  userId?: string,
  options: { keepIfConnectedAfter?: number } = {},
): Promise<RemovedSubscription[]> {
  const { Items = [] } = await db.tables.connections
    .build(QueryCommand)
    .entities(db.entities.Connection, db.entities.Subscription)
    .query({ partition: keys.connection(connectionId) })
    .options({ consistent: true })
    .send();
  const { keepIfConnectedAfter } = options;
  // A focus proves that $connect returned (joinRoom ran on the connection): only unfocused ones get the grace.
  const young = Items.some((item) => 'connectedAt' in item && item.connectedAt > (keepIfConnectedAfter ?? Infinity));
  if (young && !Items.some((item) => 'roomId' in item)) return [];
  const rooms: RemovedSubscription[] = [];
  let owner = userId;
  const requests = Items.map((item) => {
    owner ??= item.userId;
    if ('roomId' in item) {
      rooms.push({ roomId: item.roomId, userId: item.userId, username: item.username });
      return db.entities.Subscription.build(BatchDeleteRequest).key({ connectionId, roomId: item.roomId });
    }
    return db.entities.Connection.build(BatchDeleteRequest).key({ connectionId });
  });
  if (owner !== undefined) await removeUserConnections(db, owner, [connectionId]);
  // BatchWrite takes at most 25 requests.
  for (let i = 0; i < requests.length; i += 25) {
    await executeBatchWrite(db.tables.connections.build(BatchWriteCommand).requests(...requests.slice(i, i + 25)));
  }
  return rooms;
}
