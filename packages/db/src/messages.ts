import { limits, type HistoryQuery, type Message, type MessagePage } from '@chat/contract';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { keys } from './entities.ts';

type Range = { lt: string } | { gt: string } | { between: [string, string] } | undefined;

/**
 * One page of a room's history, newest first. `before` (the previous page's cursor) and
 * `after` (a message id) are exclusive bounds on the ULID sort key; one Query, no Scan.
 */
export async function listMessages(db: Db, query: HistoryQuery): Promise<MessagePage> {
  const limit = query.limit ?? limits.history.defaultLimit;
  const before = query.before ?? undefined;
  const after = query.after;
  const range: Range =
    before && after ? { between: [after, before] } : before ? { lt: before } : after ? { gt: after } : undefined;
  // `between` is inclusive: ask for the two bounds more and drop them below.
  const extra = range && 'between' in range ? 2 : 0;
  const { Items = [] } = await db.tables.messages
    .build(QueryCommand)
    .entities(db.entities.Message)
    .query({ partition: keys.room(query.roomId), ...(range && { range }) })
    .options({ reverse: true, limit: limit + 1 + extra })
    .send();
  const inRange = Items.filter((m) => m.id !== before && m.id !== after);
  const messages: Message[] = inRange.slice(0, limit).map(toMessage);
  const hasOlder = inRange.length > limit;
  return { messages, nextCursor: hasOlder ? (messages.at(-1)?.id ?? null) : null };
}

export function toMessage(item: Message): Message {
  return {
    id: item.id,
    roomId: item.roomId,
    userId: item.userId,
    username: item.username,
    text: item.text,
    createdAt: item.createdAt,
    clientMsgId: item.clientMsgId,
  };
}
