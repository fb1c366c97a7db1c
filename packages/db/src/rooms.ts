import { GENERAL_ROOM_ID, type PublicUser, type Room, roomNameKey } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Db } from './db.ts';
import { memberWrites } from './membership.ts';
import { nameClaimWrites, nameTakenError, type NamedRoomKind } from './room-names.ts';
import { cancellationReasons, retryOnTransactionConflict } from './transactions.ts';
import { isConditionFailed } from './write-conditions.ts';

/** With a suffix (`-49`, or `-` and 6 random characters) an id stays within limits.roomId.max. */
const SLUG_MAX = 40;
/** Every DM's id starts with it (dmRoomId), and no other room's: a name cannot squat a DM's id. */
export const DM_ID_PREFIX = 'dm-';

/** A short URL-safe id made from a room name: "Café Talk!" -> "cafe-talk". `dm-` starts only DM ids. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
  if (!slug) return 'room';
  return slug.startsWith(DM_ID_PREFIX) ? `room-${slug}`.slice(0, SLUG_MAX).replace(/-+$/, '') : slug;
}

/** A stored room as clients see it; rooms stored before v2 part 2 read as public, no topic, not archived. */
export function toRoom(item: {
  id: string;
  name: string;
  createdAt: number;
  createdBy: string;
  kind?: Room['kind'];
  topic?: string;
  archived?: boolean;
}): Room {
  return {
    id: item.id,
    name: item.name,
    kind: item.kind ?? 'public',
    topic: item.topic ?? '',
    createdAt: item.createdAt,
    createdBy: item.createdBy,
    archived: item.archived ?? false,
  };
}

/** Read strongly consistent: a room is used at once after it is created or changed. */
export async function getRoom(db: Db, id: string): Promise<Room | undefined> {
  const { Item } = await db.entities.Room.build(GetItemCommand).key({ id }).options({ consistent: true }).send();
  return Item && toRoom(Item);
}

export interface NewRoom {
  name: string;
  /** The creator's id, or the creator as a user: then the creator becomes the room's first member. */
  createdBy: string | PublicUser;
  now: number;
  kind?: NamedRoomKind;
  topic?: string;
}

/**
 * Stores a room under the first free slug of its name (`name`, `name-2`, `name-3`, ...) in one
 * transaction with the claim of its name and, given a creator user, the creator's membership.
 * A name already claimed (under `roomNameKey`, by a public or a private room) is
 * RoomChangeError CONFLICT; a taken slug only moves on to the next one.
 */
export async function createRoom(db: Db, input: NewRoom): Promise<Room> {
  const kind = input.kind ?? 'public';
  const creator = typeof input.createdBy === 'string' ? undefined : input.createdBy;
  const createdBy = typeof input.createdBy === 'string' ? input.createdBy : input.createdBy.id;
  const nameKey = roomNameKey(input.name);
  const base = slugify(input.name);
  for (let n = 1; n <= 50; n++) {
    const id = n === 1 ? base : n < 50 ? `${base}-${n}` : `${base}-${crypto.randomUUID().slice(0, 6)}`;
    const item = { id, name: input.name, createdAt: input.now, createdBy, kind, topic: input.topic ?? '', archived: false, nameKey };
    try {
      await retryOnTransactionConflict(() =>
        execute(
          db.entities.Room.build(PutTransaction).item(item).options({ condition: { attr: 'id', exists: false } }),
          ...nameClaimWrites(db, kind, nameKey, id),
          ...(creator ? memberWrites(db, id, creator, input.now) : []),
        ),
      );
      return toRoom(item);
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons?.[1] === 'ConditionalCheckFailed' || reasons?.[2] === 'ConditionalCheckFailed') throw nameTakenError(input.name);
      if (reasons?.[0] !== 'ConditionalCheckFailed') throw err;
    }
  }
  throw new Error(`no free id for room "${base}"`);
}

/**
 * `general` always exists: created with the tables, and again here if it was ever lost, with
 * the claim of its name (so no other room is called "General"). Two puts, each a no-op if done.
 */
export async function ensureGeneralRoom(db: Db, now: number): Promise<void> {
  const puts = [
    db.entities.Room.build(PutItemCommand)
      .item({ id: GENERAL_ROOM_ID, name: 'general', createdAt: now, createdBy: 'system' })
      .options({ condition: { attr: 'id', exists: false } }),
    db.entities.RoomNameClaim.build(PutItemCommand)
      .item({ kind: 'public', nameKey: roomNameKey('general'), roomId: GENERAL_ROOM_ID })
      .options({ condition: { attr: 'nameKey', exists: false } }),
  ];
  for (const put of puts) {
    try {
      await put.send();
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
}
