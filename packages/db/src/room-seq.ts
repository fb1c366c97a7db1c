import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import type { Db } from './db.ts';
import { cancellationReasons } from './transactions.ts';

/** A room's highest seq: the seq of its latest change, 0 before the first. One strongly consistent GetItem. */
export async function lastSeq(db: Db, roomId: string): Promise<number> {
  const { Item } = await db.entities.RoomSeq.build(GetItemCommand).key({ roomId }).options({ consistent: true }).send();
  return Item?.lastSeq ?? 0;
}

/**
 * The transaction item that moves a room's counter from `read` to `next`, on the condition that
 * it still holds `read` (absent when `read` is 0). Written in the same transaction as the
 * change, it makes every change of a room commit in seq order: a change committed later
 * always carries the larger seq (DESIGN's invariant), which a counter taken first and a
 * separate write after it does not give.
 */
export function moveRoomSeq(db: Db, roomId: string, read: number, next: number) {
  return db.entities.RoomSeq.build(PutTransaction)
    .item({ roomId, lastSeq: next })
    .options({ condition: read === 0 ? { attr: 'lastSeq', exists: false } : { attr: 'lastSeq', eq: read } });
}

/** Another change committed between the read and the write: read again and recompute. */
export class StaleRead extends Error {
  constructor() {
    super('the room changed since it was read');
    this.name = 'StaleRead';
  }
}

export const MAX_CHANGE_ATTEMPTS = 40;

/**
 * Runs `attempt` (read, compute, one conditional transaction) until it commits, in this
 * process's turn for the room (db.roomWrites: its changes to one room do not collide with each
 * other, only with other processes' ones). A transaction
 * cancelled because a condition on read state failed (the counter or the message moved on) or
 * because it met another one (TransactionConflict) is not an error: the room is busy, so wait a
 * jittered, growing moment and start from a fresh read. `isStale` names the cancellations that
 * mean a stale read; any other failure is the caller's to handle.
 */
export function commitChange<T>(
  db: Db,
  roomId: string,
  attempt: () => Promise<T>,
  isStale: (reasons: string[]) => boolean,
  maxAttempts = MAX_CHANGE_ATTEMPTS,
): Promise<T> {
  return db.roomWrites.run(roomId, () => retryStale(attempt, isStale, maxAttempts));
}

async function retryStale<T>(attempt: () => Promise<T>, isStale: (reasons: string[]) => boolean, maxAttempts: number): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const reasons = cancellationReasons(err);
      const retry = err instanceof StaleRead || (reasons !== null && (reasons.includes('TransactionConflict') || isStale(reasons)));
      if (!retry || n >= maxAttempts) throw err;
      // Full jitter: writers that collided do not collide again in step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 4 * 2 ** Math.min(n, 8))));
    }
  }
}
