import { createHash } from 'node:crypto';
import { limits, type PublicUser, type Room } from '@chat/contract';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Db } from './db.ts';
import { memberWrites } from './membership.ts';
import { RoomChangeError } from './room-errors.ts';
import { DM_ID_PREFIX, getRoom, toRoom } from './rooms.ts';
import { cancellationReasons, retryOnTransactionConflict } from './transactions.ts';

/** 160 bits of the hash: `dm-` and 40 hex digits, within limits.roomId. */
const DM_HASH_HEX_DIGITS = 40;

/**
 * A DM's id, the same for the same set of people whatever the order: `dm-` and the start of a
 * sha256 of the sorted, deduplicated user ids. So opening a DM needs no lookup, and two people
 * opening it at once race for the same key.
 */
export function dmRoomId(userIds: readonly string[]): string {
  const sorted = [...new Set(userIds)].sort();
  const digest = createHash('sha256').update(sorted.join('\n')).digest('hex');
  return `${DM_ID_PREFIX}${digest.slice(0, DM_HASH_HEX_DIGITS)}`;
}

/**
 * The DM of exactly these people (2-9, the opener among them), created if it does not exist:
 * the room and every participant's membership in one transaction conditional on the room not
 * existing. Whoever loses a race reads the winner's room, so both sides get one room.
 */
export async function openDm(db: Db, opener: PublicUser, participants: readonly PublicUser[], now: number): Promise<Room> {
  const byId = new Map([opener, ...participants].map((u) => [u.id, { id: u.id, username: u.username }]));
  const members = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { minMembers, maxMembers } = limits.dm;
  if (members.length < minMembers || members.length > maxMembers) {
    throw new RoomChangeError('BAD_REQUEST', `A direct message has ${minMembers} to ${maxMembers} people`);
  }
  const id = dmRoomId(members.map((m) => m.id));
  const existing = await getRoom(db, id);
  if (existing) return existingDm(existing);

  const item = { id, name: '', createdAt: now, createdBy: opener.id, kind: 'dm' as const, topic: '', archived: false, members };
  try {
    await retryOnTransactionConflict(() =>
      execute(
        db.entities.Room.build(PutTransaction).item(item).options({ condition: { attr: 'id', exists: false } }),
        ...members.flatMap((m) => memberWrites(db, id, m, now)),
      ),
    );
    return toRoom(item);
  } catch (err) {
    if (cancellationReasons(err)?.[0] !== 'ConditionalCheckFailed') throw err;
    const winner = await getRoom(db, id);
    if (!winner) throw err;
    return existingDm(winner);
  }
}

/** Only DMs have ids with the DM prefix (slugify keeps other rooms off it): anything else is a bug, not a DM. */
function existingDm(room: Room): Room {
  if (room.kind !== 'dm') throw new Error(`room ${room.id} has a DM id but is ${room.kind}`);
  return room;
}
