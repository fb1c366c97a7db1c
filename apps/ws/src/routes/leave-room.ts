import { unsubscribe } from '@chat/db';
import { broadcastPresence } from '../presence.ts';
import type { ActionRun } from './action.ts';

export const leaveRoom: ActionRun<'leaveRoom'> = async (ctx, { roomId }) => {
  await unsubscribe(ctx.deps.db, ctx.connection.connectionId, roomId);
  await broadcastPresence(ctx.deps, roomId);
};
