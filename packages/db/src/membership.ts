import { GENERAL_ROOM_ID, type PublicUser, type Room } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { keys } from './entities.ts';
import { getRoom } from './rooms.ts';
import { lastSeq } from './room-seq.ts';
import { cancellationReasons, retryOnTransactionConflict } from './transactions.ts';

/**
 * Membership is stored twice, in one transaction: a RoomMember item in the room's members
 * partition (a room's members are one Query: fan-out, rooms.members) and a Membership item in
 * the user's partition (a user's rooms are one Query, with the read position).
 */
export interface StoredMembership {
  userId: string;
  roomId: string;
  readSeq: number;
  joinedAt: number;
}

/**
 * The two transaction items that make `user` a member of `roomId`, each conditional on not
 * existing: in a transaction of their own (addMember) or with the room's creation (a DM, a new
 * room), so that membership and room appear together. `readSeq` is where reading starts: the
 * room's lastSeq for a room with history (a newcomer's backlog is history, not 100 unread).
 */
export function memberWrites(db: Db, roomId: string, user: PublicUser, now: number, readSeq = 0) {
  return [
    db.entities.Membership.build(PutTransaction)
      .item({ userId: user.id, roomId, readSeq, joinedAt: now })
      .options({ condition: { attr: 'roomId', exists: false } }),
    db.entities.RoomMember.build(PutTransaction)
      .item({ roomId, userId: user.id, username: user.username, joinedAt: now })
      .options({ condition: { attr: 'userId', exists: false } }),
  ] as const;
}

/**
 * Makes the user a member, reading from the room's present lastSeq on; idempotent (answers
 * false when the user already was one).
 */
export async function addMember(db: Db, roomId: string, user: PublicUser, now: number): Promise<boolean> {
  const readSeq = await lastSeq(db, roomId);
  try {
    await retryOnTransactionConflict(() => execute(...memberWrites(db, roomId, user, now, readSeq)));
    return true;
  } catch (err) {
    if (cancellationReasons(err)?.includes('ConditionalCheckFailed')) return false;
    throw err;
  }
}

/** Ends a membership, both sides at once; idempotent. */
export async function removeMember(db: Db, roomId: string, userId: string): Promise<void> {
  await retryOnTransactionConflict(() =>
    execute(
      db.entities.Membership.build(DeleteTransaction).key({ userId, roomId }),
      db.entities.RoomMember.build(DeleteTransaction).key({ roomId, userId }),
    ),
  );
}

/** The user's membership of a room, read strongly consistent (access checks follow a join at once). */
export async function getMembership(db: Db, userId: string, roomId: string): Promise<StoredMembership | undefined> {
  const { Item } = await db.entities.Membership.build(GetItemCommand).key({ userId, roomId }).options({ consistent: true }).send();
  return Item;
}

/** Every membership of a user: one Query of the user's partition (paged past 1 MB). */
export async function membershipsOf(db: Db, userId: string): Promise<StoredMembership[]> {
  const found: StoredMembership[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.tables.messages
      .build(QueryCommand)
      .entities(db.entities.Membership)
      .query({ partition: keys.memberships(userId) })
      .options({ consistent: true, exclusiveStartKey })
      .send();
    found.push(...(page.Items ?? []));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return found;
}

/** A room's members: one Query of its members partition (paged past 1 MB), read strongly consistent. */
export async function roomMembers(db: Db, roomId: string): Promise<PublicUser[]> {
  const found: PublicUser[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.tables.messages
      .build(QueryCommand)
      .entities(db.entities.RoomMember)
      .query({ partition: keys.members(roomId) })
      .options({ consistent: true, exclusiveStartKey })
      .send();
    for (const m of page.Items ?? []) found.push({ id: m.userId, username: m.username });
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return found;
}

export type RoomAccess =
  | { ok: true; room: Room; membership: StoredMembership | undefined }
  | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND'; message: string };

/**
 * May `userId` read (or, with `write`, change) the room's content? A member may, but nobody
 * writes to an archived room. A non-member gets FORBIDDEN for a public room and NOT_FOUND for
 * a private room or a DM, exactly as for a room that does not exist, so that its existence is
 * not revealed. Every user is a member of `general`.
 */
export async function roomAccess(
  db: Db,
  userId: string,
  roomId: string,
  options: { write?: boolean } = {},
): Promise<RoomAccess> {
  const [room, membership] = await Promise.all([getRoom(db, roomId), getMembership(db, userId, roomId)]);
  const notFound = { ok: false, code: 'NOT_FOUND', message: `No room "${roomId}"` } as const;
  if (!room) return notFound;
  if (!membership && room.id !== GENERAL_ROOM_ID) {
    return room.kind === 'public' ? { ok: false, code: 'FORBIDDEN', message: `Join room "${roomId}" first` } : notFound;
  }
  if (options.write && room.archived) return { ok: false, code: 'FORBIDDEN', message: `Room "${roomId}" is archived` };
  return { ok: true, room, membership };
}
