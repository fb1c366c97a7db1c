import { putMessage } from '@chat/db';
import type { RoomWrites } from '../room-writes.ts';
import type { ActionRun } from './action.ts';
import { requireAccess } from './membership.ts';

/**
 * Stores the message (once per clientMsgId; a reply with `replyTo`) and acks the sender.
 * Delivery to the room, the sender included, happens from the messages stream. A replyTo of
 * another room (BAD_REQUEST) or a clientMsgId used in another room (CONFLICT) is refused by
 * the store and answered by actionRoute. This container's writes to one room go in turn
 * (`roomWrites`), so that they do not collide on the room's counter.
 */
export function sendMessage(roomWrites: RoomWrites): ActionRun<'sendMessage'> {
  return async (ctx, { roomId, text, clientMsgId, replyTo }) => {
    if (!(await requireAccess(ctx, roomId, { write: true }))) return;
    const { deps, connection } = ctx;
    const { message } = await roomWrites.run(roomId, () =>
      putMessage(deps.db, {
        id: deps.newId(),
        roomId,
        userId: connection.userId,
        username: connection.username,
        text,
        createdAt: deps.now(),
        clientMsgId,
        ...(replyTo && { replyTo }),
      }),
    );
    await ctx.answer({ type: 'ack', clientMsgId, message });
  };
}
