import { putMessage } from '@chat/db';
import type { ActionRun } from './action.ts';
import { requireAccess } from './membership.ts';

/**
 * Stores the message (once per clientMsgId; a reply with `replyTo`) and acks the sender.
 * Delivery to the room, the sender included, happens from the messages stream. A replyTo of
 * another room (BAD_REQUEST) or a clientMsgId used in another room (CONFLICT) is refused by
 * the store and answered by actionRoute. (This container's changes to one room take the room's
 * counter in turn: db's room-writes.ts.)
 */
export const sendMessage: ActionRun<'sendMessage'> = async (ctx, { roomId, text, clientMsgId, replyTo }) => {
  if (!(await requireAccess(ctx, roomId, { write: true }))) return;
  const { deps, connection } = ctx;
  const { message } = await putMessage(deps.db, {
    id: deps.newId(),
    roomId,
    userId: connection.userId,
    username: connection.username,
    text,
    createdAt: deps.now(),
    clientMsgId,
    ...(replyTo && { replyTo }),
  });
  await ctx.answer({ type: 'ack', clientMsgId, message });
};
