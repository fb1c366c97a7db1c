import { putMessage } from '@chat/db';
import type { ActionRun } from './action.ts';
import { requireMember } from './membership.ts';

/**
 * Stores the message (once per clientMsgId) and acks the sender. Delivery to the room,
 * the sender included, happens from the messages stream.
 */
export const sendMessage: ActionRun<'sendMessage'> = async (ctx, { roomId, text, clientMsgId }) => {
  if (!(await requireMember(ctx, roomId))) return;
  const { deps, connection } = ctx;
  const { message } = await putMessage(deps.db, {
    id: deps.newId(),
    roomId,
    userId: connection.userId,
    username: connection.username,
    text,
    createdAt: deps.now(),
    clientMsgId,
  });
  await deps.poster.post(connection.connectionId, { type: 'ack', clientMsgId, message });
};
