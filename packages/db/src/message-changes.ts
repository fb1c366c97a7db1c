import { limits, type Message, type Principal, type Reaction } from '@chat/contract';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Db } from './db.ts';
import { resolveMentions } from './mentions.ts';
import { MessageChangeError } from './message-errors.ts';
import { getMessageItem, toMessage, toMessageItem } from './messages.ts';
import { commitChange, lastSeq, moveRoomSeq } from './room-seq.ts';

export interface MessageRef {
  roomId: string;
  messageId: string;
}

/**
 * What a change makes of a message's current state (seq aside), or `undefined` for no change
 * at all: then the message is answered as it is, without a new seq.
 */
type Change = (current: Message) => Omit<Message, 'seq'> | undefined;

/**
 * Applies a change as the room's next one: the message and the room's counter are read
 * (strongly consistent), and one transaction moves the counter on and puts the changed
 * message with the new seq (its createdSeq kept), each conditional on still holding what was
 * read. A lost race reads again and recomputes, so concurrent changes to one message never
 * overwrite each other.
 */
async function changeMessage(db: Db, ref: MessageRef, change: Change): Promise<Message> {
  const { roomId, messageId } = ref;
  return commitChange(
    db,
    roomId,
    async () => {
      const [stored, read] = await Promise.all([getMessageItem(db, roomId, messageId), lastSeq(db, roomId)]);
      if (!stored) throw new MessageChangeError('NOT_FOUND', `No message ${messageId} in room "${roomId}"`);
      const current = toMessage(stored);
      const next = change(current);
      if (!next) return current;
      const changed: Message = { ...next, seq: read + 1 };
      await execute(
        moveRoomSeq(db, roomId, read, read + 1),
        db.entities.Message.build(PutTransaction)
          // The whole item is put again: its createdSeq goes with it, unchanged.
          .item(toMessageItem(changed, stored.createdSeq))
          .options({ condition: { attr: 'seq', eq: current.seq } }),
      );
      return changed;
    },
    (reasons) => reasons.includes('ConditionalCheckFailed'),
  );
}

function requireOwn(message: Message, principal: Principal, what: string): void {
  if (message.userId !== principal.id) throw new MessageChangeError('FORBIDDEN', `Only its author can ${what} a message`);
}

/** New text (mentions recomputed, editedAt set). Own messages only; not a deleted one. */
export async function editMessage(db: Db, ref: MessageRef & { text: string }, principal: Principal, now: number): Promise<Message> {
  const mentions = await resolveMentions(db, ref.text);
  return changeMessage(db, ref, (current) => {
    requireOwn(current, principal, 'edit');
    if (current.deletedAt !== null) throw new MessageChangeError('BAD_REQUEST', 'A deleted message cannot be edited');
    return { ...current, text: ref.text, editedAt: now, mentions };
  });
}

/** Keeps the id, empties the rest (text '', reactions, mentions), sets deletedAt. Own messages only; again answers it unchanged. */
export function deleteMessage(db: Db, ref: MessageRef, principal: Principal, now: number): Promise<Message> {
  return changeMessage(db, ref, (current) => {
    requireOwn(current, principal, 'delete');
    if (current.deletedAt !== null) return undefined;
    return { ...current, text: '', reactions: [], mentions: [], deletedAt: now };
  });
}

/**
 * Turns the user's `emoji` reaction on or off. Idempotent: a reaction already so answers the
 * message unchanged. At most `limits.reactions.maxDistinct` emoji per message; not on a deleted one.
 */
export function reactToMessage(db: Db, ref: MessageRef & { emoji: string; on: boolean }, principal: Principal): Promise<Message> {
  return changeMessage(db, ref, (current) => {
    if (current.deletedAt !== null) throw new MessageChangeError('BAD_REQUEST', 'A deleted message cannot be reacted to');
    const reactions = toggledReaction(current.reactions, ref.emoji, principal.id, ref.on);
    return reactions && { ...current, reactions };
  });
}

/** The reactions with the user's `emoji` turned on or off; undefined when that is how they are. */
export function toggledReaction(reactions: readonly Reaction[], emoji: string, userId: string, on: boolean): Reaction[] | undefined {
  const existing = reactions.find((r) => r.emoji === emoji);
  if (on === (existing?.userIds.includes(userId) ?? false)) return undefined;
  if (on && !existing) {
    if (reactions.length >= limits.reactions.maxDistinct) {
      throw new MessageChangeError('BAD_REQUEST', `A message can have at most ${limits.reactions.maxDistinct} different reactions`);
    }
    return [...reactions, { emoji, userIds: [userId] }];
  }
  return reactions.flatMap((r) => {
    if (r.emoji !== emoji) return [r];
    const userIds = on ? [...r.userIds, userId] : r.userIds.filter((id) => id !== userId);
    // The last user's reaction gone, the emoji goes too.
    return userIds.length > 0 ? [{ emoji, userIds }] : [];
  });
}
