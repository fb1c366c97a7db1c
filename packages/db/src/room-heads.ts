import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { BatchGetCommand, execute } from 'dynamodb-toolbox/table/actions/batchGet';
import { batchGetAll } from './batch-get.ts';
import { mapWithConcurrency } from './concurrency.ts';
import type { Db } from './db.ts';
import type { Entities } from './entities.ts';

/** A stored Room item, with what `toRoom` leaves out (a DM's `members`). */
export type RoomItem = FormattedItem<Entities['Room']>;

/** A room and its counter, as rooms.list needs them. */
export interface RoomHead {
  room: RoomItem;
  /** The room's highest seq, 0 before its first change. */
  lastSeq: number;
}

/** BatchGetItem's limit: 100 keys a call, two a room (its Room and its RoomSeq item). */
const ROOMS_PER_CALL = 50;

/**
 * The Room and RoomSeq items of many rooms: BatchGetItem, 100 keys a call, at most
 * `concurrency` calls in flight, read strongly consistent (a room created or changed a moment
 * ago is listed as it is now), unprocessed keys asked again (batchGetAll). Rooms without a Room
 * item are absent from the answer.
 */
export async function roomHeads(db: Db, roomIds: readonly string[], concurrency: number): Promise<Map<string, RoomHead>> {
  const chunks: string[][] = [];
  for (let i = 0; i < roomIds.length; i += ROOMS_PER_CALL) chunks.push(roomIds.slice(i, i + ROOMS_PER_CALL));
  const heads = new Map<string, RoomHead>();
  const seqs = new Map<string, number>();
  await mapWithConcurrency(chunks, concurrency, async (chunk) => {
    for (const item of await batchGetHeads(db, chunk)) {
      if ('lastSeq' in item) seqs.set(item.roomId, item.lastSeq);
      else heads.set(item.id, { room: item, lastSeq: 0 });
    }
  });
  for (const [roomId, head] of heads) head.lastSeq = seqs.get(roomId) ?? 0;
  return heads;
}

type HeadItem = RoomItem | FormattedItem<Entities['RoomSeq']>;

function requestsFor(db: Db, roomIds: readonly string[]) {
  return roomIds.flatMap((id) => [
    db.entities.Room.build(BatchGetRequest).key({ id }),
    db.entities.RoomSeq.build(BatchGetRequest).key({ roomId: id }),
  ]);
}

/** One chunk's items, read strongly consistent. */
function batchGetHeads(db: Db, roomIds: readonly string[]): Promise<HeadItem[]> {
  return batchGetAll(db.tables.messages, requestsFor(db, roomIds), (chunk) =>
    execute(db.tables.messages.build(BatchGetCommand).requests(...chunk).options({ consistent: true })),
  );
}
