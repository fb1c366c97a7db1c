import { limits } from '@chat/contract';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { keys } from './entities.ts';

export interface UnreadCounts {
  /** Others' undeleted messages created after the read position: exact up to the cap, then the cap. */
  unread: number;
  /** Those of them that mention the user. */
  mentions: number;
}

/** A page evaluates at most this many items (DynamoDB also ends a page at 1 MB). */
const MAX_PAGE = 1000;

/**
 * Counts what `userId` has not read in a room since `readSeq`: messages created after it
 * (`createdSeq`, which edits, deletes and reactions leave alone, unlike `seq`), by someone
 * else, not deleted. One strongly consistent Query of the bySeq index for seq > readSeq (a
 * message created after readSeq was last changed after it too), newest first, filtered on the
 * server and projecting only `mentions`. It stops at `cap`, so a room far behind costs about
 * `cap` items read, not its whole backlog; the counted ones are then the newest `cap`, which
 * are those a client shows after its "new messages" divider. Messages stored before createdSeq
 * existed never count.
 */
export async function countUnread(
  db: Db,
  userId: string,
  roomId: string,
  readSeq: number,
  cap: number = limits.unread.max,
): Promise<UnreadCounts> {
  let unread = 0;
  let mentions = 0;
  // A page's Limit counts the items read before the filter: start with what the cap needs and
  // double while the filter drops most of them (a run of the user's own messages, say).
  let limit = cap;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.tables.messages
      .build(QueryCommand)
      .entities(db.entities.Message)
      .query({ partition: keys.room(roomId), index: 'bySeq', range: { gt: readSeq } })
      .options({
        consistent: true,
        reverse: true,
        limit,
        exclusiveStartKey,
        attributes: ['mentions'],
        filters: {
          Message: {
            and: [
              { attr: 'createdSeq', gt: readSeq },
              { attr: 'userId', ne: userId },
              { attr: 'deletedAt', exists: false },
            ],
          },
        },
      })
      .send();
    for (const message of page.Items ?? []) {
      if (unread >= cap) break;
      unread++;
      if (message.mentions.includes(userId)) mentions++;
    }
    exclusiveStartKey = page.LastEvaluatedKey;
    limit = Math.min(MAX_PAGE, limit * 2);
  } while (exclusiveStartKey && unread < cap);
  return { unread, mentions };
}
