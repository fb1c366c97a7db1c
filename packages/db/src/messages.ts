import { limits, type HistoryQuery, type Message, type MessagePage } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { type Entities, keys } from './entities.ts';
import { cancellationReasons, retryOnTransactionConflict } from './transactions.ts';

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

/** A stored Message item as the contract's Message: absent optional attributes are nulls. */
export type MessageItem = FormattedItem<Entities['Message']>;

export function toMessage(item: MessageItem): Message {
  return {
    id: item.id,
    roomId: item.roomId,
    userId: item.userId,
    username: item.username,
    text: item.text,
    createdAt: item.createdAt,
    clientMsgId: item.clientMsgId,
    seq: item.seq,
    editedAt: item.editedAt ?? null,
    deletedAt: item.deletedAt ?? null,
    replyTo: item.replyTo ?? null,
    replyCount: item.replyCount,
    reactions: item.reactions,
    mentions: item.mentions,
  };
}

/** The contract's Message as a stored item (nulls become absent attributes). */
export function toMessageItem(message: Message): MessageItem {
  const { editedAt, deletedAt, replyTo, ...rest } = message;
  return {
    ...rest,
    ...(editedAt !== null && { editedAt }),
    ...(deletedAt !== null && { deletedAt }),
    ...(replyTo !== null && { replyTo, threadKey: keys.thread(replyTo, message.id) }),
  };
}

/** What a sender provides; the store fills in seq, mentions and the rest. */
export type NewMessage = Pick<Message, 'id' | 'roomId' | 'userId' | 'username' | 'text' | 'createdAt' | 'clientMsgId'> & {
  replyTo?: string | null;
};

export interface StoredMessage {
  message: Message;
  /** True when this (userId, clientMsgId) was stored before: the first message is returned. */
  duplicate: boolean;
}

/**
 * Stores a message once per (userId, clientMsgId): the message and its claim are written in
 * one transaction conditional on the claim not existing, so a retried send stores nothing new.
 */
export async function putMessage(db: Db, draft: NewMessage): Promise<StoredMessage> {
  const { Message: MessageEntity, ClientMsgClaim } = db.entities;
  // v2 base: the seq transaction, replies and mentions are being built (issue 11).
  const message: Message = {
    ...draft,
    seq: 0,
    editedAt: null,
    deletedAt: null,
    replyTo: draft.replyTo ?? null,
    replyCount: 0,
    reactions: [],
    mentions: [],
  };
  try {
    // Two sends of the same clientMsgId can race: the loser retries and its condition decides.
    await retryOnTransactionConflict(() =>
      execute(
        ClientMsgClaim.build(PutTransaction)
          .item({ userId: message.userId, clientMsgId: message.clientMsgId, roomId: message.roomId, messageId: message.id })
          .options({ condition: { attr: 'clientMsgId', exists: false } }),
        MessageEntity.build(PutTransaction).item(toMessageItem(message)),
      ),
    );
    return { message, duplicate: false };
  } catch (err) {
    if (cancellationReasons(err)?.[0] !== 'ConditionalCheckFailed') throw err;
    const first = await claimedMessage(db, message.userId, message.clientMsgId);
    if (!first) throw err;
    return { message: first, duplicate: true };
  }
}

async function claimedMessage(db: Db, userId: string, clientMsgId: string): Promise<Message | undefined> {
  const { Item: claim } = await db.entities.ClientMsgClaim.build(GetItemCommand)
    .key({ userId, clientMsgId })
    .options({ consistent: true })
    .send();
  if (!claim) return undefined;
  const { Item } = await db.entities.Message.build(GetItemCommand)
    .key({ roomId: claim.roomId, id: claim.messageId })
    .options({ consistent: true })
    .send();
  return Item && toMessage(Item);
}
