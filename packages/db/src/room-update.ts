import { GENERAL_ROOM_ID, roomNameKey, type Room } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Db } from './db.ts';
import { roomAccess } from './membership.ts';
import { RoomChangeError } from './room-errors.ts';
import { nameClaimWrites, nameReleaseWrite, nameTakenError } from './room-names.ts';
import { toRoom } from './rooms.ts';
import { cancellationReasons, retryOnTransactionConflict } from './transactions.ts';

export interface RoomChange {
  name?: string;
  topic?: string;
  archived?: boolean;
}

/**
 * rooms.update: a new name, topic or archived flag, by the room's creator (FORBIDDEN for anyone
 * else; NOT_FOUND for a non-member of a private room, as for any content of it); not for
 * `general` or a DM (BAD_REQUEST). A rename moves the name's claim in the same transaction as
 * the room (old claim deleted, new one conditional: CONFLICT if taken), on the condition that
 * the room still has the name key read, so two renames at once never leave a stray claim.
 */
export async function updateRoom(db: Db, userId: string, roomId: string, change: RoomChange): Promise<Room> {
  const access = await roomAccess(db, userId, roomId);
  if (!access.ok) throw new RoomChangeError(access.code, access.message);
  if (roomId === GENERAL_ROOM_ID) throw new RoomChangeError('BAD_REQUEST', 'The general room cannot be changed');
  if (access.room.kind === 'dm') throw new RoomChangeError('BAD_REQUEST', 'A direct message has no name, topic or archive');
  if (access.room.createdBy !== userId) throw new RoomChangeError('FORBIDDEN', 'Only the room’s creator can change it');
  const kind = access.room.kind;
  if (change.name === undefined && change.topic === undefined && change.archived === undefined) return access.room;

  const { Item: stored } = await db.entities.Room.build(GetItemCommand).key({ id: roomId }).options({ consistent: true }).send();
  if (!stored) throw new RoomChangeError('NOT_FOUND', `No room "${roomId}"`);
  const newKey = change.name === undefined ? undefined : roomNameKey(change.name);
  const moves = newKey !== undefined && newKey !== stored.nameKey;
  const next = {
    ...stored,
    ...(change.name !== undefined && { name: change.name, nameKey: newKey }),
    ...(change.topic !== undefined && { topic: change.topic }),
    ...(change.archived !== undefined && { archived: change.archived }),
  };

  const roomWrite = db.entities.Room.build(UpdateTransaction)
    .item({
      id: roomId,
      ...(change.name !== undefined && { name: change.name, nameKey: newKey }),
      ...(change.topic !== undefined && { topic: change.topic }),
      ...(change.archived !== undefined && { archived: change.archived }),
    })
    .options({
      condition: stored.nameKey === undefined ? { attr: 'nameKey', exists: false } : { attr: 'nameKey', eq: stored.nameKey },
    });
  try {
    const claimMoves = moves
      ? [...nameClaimWrites(db, kind, newKey, roomId), ...(stored.nameKey === undefined ? [] : [nameReleaseWrite(db, kind, stored.nameKey)])]
      : [];
    await retryOnTransactionConflict(() => execute(roomWrite, ...claimMoves));
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons?.[1] === 'ConditionalCheckFailed' || reasons?.[2] === 'ConditionalCheckFailed') throw nameTakenError(change.name ?? '');
    if (reasons?.[0] === 'ConditionalCheckFailed') throw new RoomChangeError('CONFLICT', 'The room was renamed meanwhile: try again');
    throw err;
  }
  return toRoom(next);
}
