import { limits, type Message } from '@chat/contract';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { keys } from './entities.ts';
import { toMessage } from './messages.ts';
import { lastSeq } from './room-seq.ts';

export interface ChangePage {
  /** The room's lastSeq when read: resume from it when `hasMore` is false. */
  seq: number;
  /** Each message changed after `since` once, in its current state, in seq order. */
  changes: Message[];
  /** More changes than fit: resume from the last change's seq. */
  hasMore: boolean;
}

/**
 * A room's changes after `since`. lastSeq is read first: every change up to it has committed
 * (the counter moves in the change's own transaction), so a strongly consistent Query of the
 * bySeq local index for (since, lastSeq] misses none. A message changed again after the read
 * has left that range, and its new state lies after lastSeq: the next resume gets it.
 */
export async function changesSince(db: Db, roomId: string, since: number, limit: number = limits.joined.maxChanges): Promise<ChangePage> {
  const seq = await lastSeq(db, roomId);
  if (since >= seq) return { seq, changes: [], hasMore: false };
  const { Items = [], LastEvaluatedKey } = await db.tables.messages
    .build(QueryCommand)
    .entities(db.entities.Message)
    .query({ partition: keys.room(roomId), index: 'bySeq', range: { between: [since + 1, seq] } })
    .options({ consistent: true, limit: limit + 1 })
    .send();
  // A page also ends at 1 MB (100 long messages can pass it): then LastEvaluatedKey says there is more.
  return { seq, changes: Items.slice(0, limit).map(toMessage), hasMore: Items.length > limit || LastEvaluatedKey !== undefined };
}
