import { hasLoneSurrogate, limits, type HistoryQuery, type Message, type MessagePage, unchangedMessageFields } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { type Entities, keys } from './entities.ts';
import { resolveMentions } from './mentions.ts';
import { MessageChangeError } from './message-errors.ts';
import { commitChange, lastSeq, moveRoomSeq } from './room-seq.ts';
import { cancellationReasons } from './transactions.ts';

type Range = { lt: string } | { gt: string } | { between: [string, string] } | undefined;

/** Above every character of a ULID: the upper end of a thread's byThread prefix. */
const AFTER_ULIDS = '~';

/**
 * One page of a room's history (or, with `replyTo`, of a thread's replies), newest first.
 * `before` (the previous page's cursor) and `after` (a message id) are exclusive bounds on
 * the ULID sort key (the byThread index's `<parentId>#<replyId>` for a thread); one Query, no Scan.
 */
export async function listMessages(db: Db, query: HistoryQuery): Promise<MessagePage> {
  const limit = query.limit ?? limits.history.defaultLimit;
  // An empty cursor is no cursor (it would make a thread's range end before it starts).
  const before = query.before || undefined;
  const after = query.after;
  // DynamoDB orders keys by their UTF-8 bytes, which a lone surrogate does not have (DynamoDB
  // Local sends it as '?'): a range with one could end before it starts. No message id has one.
  if (before && hasLoneSurrogate(before)) throw new MessageChangeError('BAD_REQUEST', 'The `before` cursor is not a message id');
  // `after` is a message id (ASCII), so this order of UTF-16 units is the keys' byte order too.
  if (before && after && after >= before) {
    throw new MessageChangeError('BAD_REQUEST', '`after` must be older than the `before` cursor');
  }
  let range: Range;
  if (query.replyTo) {
    // Always bounded to the thread's prefix: a bare `gt` would run into the next thread.
    const prefix = keys.thread(query.replyTo, '');
    range = { between: [prefix + (after ?? ''), prefix + (before ?? AFTER_ULIDS)] };
  } else {
    range = before && after ? { between: [after, before] } : before ? { lt: before } : after ? { gt: after } : undefined;
  }
  // `between` is inclusive: ask for the two bounds more and drop them below.
  const extra = range && 'between' in range ? 2 : 0;
  const partition = keys.room(query.roomId);
  const options = { reverse: true, limit: limit + 1 + extra };
  const { Items = [] } = await (query.replyTo
    ? db.tables.messages.build(QueryCommand).entities(db.entities.Message).query({ partition, index: 'byThread', ...(range && { range }) }).options(options).send()
    : db.tables.messages.build(QueryCommand).entities(db.entities.Message).query({ partition, ...(range && { range }) }).options(options).send());
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

/**
 * The contract's Message as a stored item (nulls become absent attributes). `createdSeq` is
 * not part of the contract's Message: a change passes the stored item's on, or unread counts
 * lose the message.
 */
export function toMessageItem(message: Message, createdSeq?: number): MessageItem {
  const { editedAt, deletedAt, replyTo, ...rest } = message;
  return {
    ...rest,
    ...(createdSeq !== undefined && { createdSeq }),
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

/** The order of putMessage's transaction items: cancellation reasons come in this order. */
const SEQ = 0;
const CLAIM = 1;
const PARENT = 3;

/**
 * Stores a message once per (userId, clientMsgId), as the room's next change: in one
 * transaction the room's counter moves on (conditional on the value read), the claim is put
 * (conditional on not existing: a retried send stores nothing new) and the message is put
 * with the new seq, which is also its `createdSeq` (what unread counts compare). A reply
 * (`replyTo`) joins its thread's first message's thread; that message's replyCount and seq
 * change in the same transaction (reply L+1, parent L+2; the parent's createdSeq stays).
 * Throws MessageChangeError: BAD_REQUEST for a replyTo that is not a message of the room,
 * CONFLICT for a clientMsgId this user already used in another room.
 */
export async function putMessage(db: Db, draft: NewMessage): Promise<StoredMessage> {
  const { Message: MessageEntity, ClientMsgClaim } = db.entities;
  const mentions = await resolveMentions(db, draft.text);
  try {
    return await commitChange(
      db,
      draft.roomId,
      async () => {
        const [read, parent] = await Promise.all([
          lastSeq(db, draft.roomId),
          draft.replyTo ? threadRoot(db, draft.roomId, draft.replyTo) : undefined,
        ]);
        const message: Message = {
          ...draft,
          seq: read + 1,
          ...unchangedMessageFields(),
          replyTo: parent?.id ?? null,
          mentions,
        };
        const items = [
          moveRoomSeq(db, draft.roomId, read, parent ? read + 2 : read + 1),
          ClientMsgClaim.build(PutTransaction)
            .item({ userId: message.userId, clientMsgId: message.clientMsgId, roomId: message.roomId, messageId: message.id })
            .options({ condition: { attr: 'clientMsgId', exists: false } }),
          MessageEntity.build(PutTransaction).item(toMessageItem(message, message.seq)),
        ];
        if (parent) {
          items.push(
            MessageEntity.build(PutTransaction)
              .item(toMessageItem({ ...toMessage(parent), replyCount: parent.replyCount + 1, seq: read + 2 }, parent.createdSeq))
              .options({ condition: { attr: 'seq', eq: parent.seq } }),
          );
        }
        await execute(...items);
        return { message, duplicate: false };
      },
      // The counter or the parent moved on (and the claim is still free): read again.
      (reasons) =>
        reasons[CLAIM] !== 'ConditionalCheckFailed' &&
        (reasons[SEQ] === 'ConditionalCheckFailed' || reasons[PARENT] === 'ConditionalCheckFailed'),
    );
  } catch (err) {
    if (cancellationReasons(err)?.[CLAIM] !== 'ConditionalCheckFailed') throw err;
    const first = await claimedMessage(db, draft.userId, draft.clientMsgId);
    if (!first) throw err;
    if (first.roomId !== draft.roomId) {
      throw new MessageChangeError('CONFLICT', `clientMsgId "${draft.clientMsgId}" was already used in another room`);
    }
    return { message: first, duplicate: true };
  }
}

/** A message of the room, read strongly consistent. */
export async function getMessage(db: Db, roomId: string, id: string): Promise<Message | undefined> {
  const item = await getMessageItem(db, roomId, id);
  return item && toMessage(item);
}

/** A message of the room as stored (with `createdSeq`, which a change keeps), read strongly consistent. */
export async function getMessageItem(db: Db, roomId: string, id: string): Promise<MessageItem | undefined> {
  const { Item } = await db.entities.Message.build(GetItemCommand).key({ roomId, id }).options({ consistent: true }).send();
  return Item;
}

/** The first message of the thread `replyTo` belongs to (a reply to a reply answers in the same thread). */
async function threadRoot(db: Db, roomId: string, replyTo: string): Promise<MessageItem> {
  const target = await getMessageItem(db, roomId, replyTo);
  const root = target?.replyTo ? await getMessageItem(db, roomId, target.replyTo) : target;
  if (!root) throw new MessageChangeError('BAD_REQUEST', `replyTo: no message ${replyTo} in room "${roomId}"`);
  return root;
}

async function claimedMessage(db: Db, userId: string, clientMsgId: string): Promise<Message | undefined> {
  const { Item: claim } = await db.entities.ClientMsgClaim.build(GetItemCommand)
    .key({ userId, clientMsgId })
    .options({ consistent: true })
    .send();
  return claim && getMessage(db, claim.roomId, claim.messageId);
}
