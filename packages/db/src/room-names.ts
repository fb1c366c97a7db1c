import { limits, roomNameKey, type Room } from '@chat/contract';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { BatchGetCommand, execute } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { batchGetAll } from './batch-get.ts';
import type { Db } from './db.ts';
import { keys } from './entities.ts';
import { RoomChangeError } from './room-errors.ts';
import { toRoom } from './rooms.ts';

export type NamedRoomKind = 'public' | 'private';

const otherKind = (kind: NamedRoomKind): NamedRoomKind => (kind === 'public' ? 'private' : 'public');

/**
 * The two transaction items that claim a room name: the claim in the kind's partition,
 * conditional on not existing, and a check that the other kind's partition does not hold the key
 * either (names are unique across public and private rooms). Either failing means the name is taken.
 */
export function nameClaimWrites(db: Db, kind: NamedRoomKind, nameKey: string, roomId: string) {
  const { RoomNameClaim } = db.entities;
  return [
    RoomNameClaim.build(PutTransaction)
      .item({ kind, nameKey, roomId })
      .options({ condition: { attr: 'nameKey', exists: false } }),
    RoomNameClaim.build(ConditionCheck)
      .key({ kind: otherKind(kind), nameKey })
      .condition({ attr: 'nameKey', exists: false }),
  ] as const;
}

/** The transaction item that gives a name back (a rename). */
export function nameReleaseWrite(db: Db, kind: NamedRoomKind, nameKey: string) {
  return db.entities.RoomNameClaim.build(DeleteTransaction).key({ kind, nameKey });
}

/** CONFLICT: the name (under its key) belongs to another room. Callers can point at the name field. */
export class RoomNameTakenError extends RoomChangeError {
  constructor(name: string) {
    super('CONFLICT', `A room named "${name}" already exists`);
    this.name = 'RoomNameTakenError';
  }
}

export function nameTakenError(name: string): RoomNameTakenError {
  return new RoomNameTakenError(name);
}

/**
 * rooms.browse's cursor: the last name key of a page, base64url. Opaque to clients; anything
 * that is not one we could have made is refused.
 */
export function encodeBrowseCursor(nameKey: string): string {
  return Buffer.from(nameKey, 'utf8').toString('base64url');
}

export function decodeBrowseCursor(cursor: string): string {
  const nameKey = Buffer.from(cursor, 'base64url').toString('utf8');
  const valid = nameKey !== '' && encodeBrowseCursor(nameKey) === cursor && roomNameKey(nameKey) === nameKey;
  if (!valid) throw new RoomChangeError('BAD_REQUEST', 'Invalid cursor');
  return nameKey;
}

/**
 * Public rooms in name order, `limits.browse.pageSize` a page: one Query of the public claims
 * partition (one item more than a page, so the last page says so), then one BatchGetItem of the
 * rooms.
 */
export async function browsePublicRooms(db: Db, cursor: string | null | undefined): Promise<{ rooms: Room[]; nextCursor: string | null }> {
  const pageSize = limits.browse.pageSize;
  const after = cursor ? decodeBrowseCursor(cursor) : undefined;
  const partition = keys.roomNames('public');
  const { Items = [] } = await db.tables.messages
    .build(QueryCommand)
    .entities(db.entities.RoomNameClaim)
    .query({ partition })
    .options({ limit: pageSize + 1, ...(after !== undefined && { exclusiveStartKey: { pk: partition, sk: after } }) })
    .send();
  const claims = Items.slice(0, pageSize);
  const last = claims.at(-1);
  const nextCursor = Items.length > pageSize && last ? encodeBrowseCursor(last.nameKey) : null;
  if (claims.length === 0) return { rooms: [], nextCursor };

  const { Room } = db.entities;
  const found = await batchGetAll(
    db.tables.messages,
    claims.map((c) => Room.build(BatchGetRequest).key({ id: c.roomId })),
    (chunk) => execute(db.tables.messages.build(BatchGetCommand).requests(...chunk)),
  );
  const byId = new Map(found.map((r) => [r.id, toRoom(r)] as const));
  return { rooms: claims.flatMap((c) => byId.get(c.roomId) ?? []), nextCursor };
}
