import { unsubscribe } from '@chat/db';
import { recordActivity } from '../activity.ts';
import type { ActionRun } from './action.ts';

/** A leave of a room this connection was not in changes nothing, so it records nothing. */
export const leaveRoom: ActionRun<'leaveRoom'> = async (ctx, { roomId }) => {
  if (await unsubscribe(ctx.deps.db, ctx.connection.connectionId, roomId)) {
    await recordActivity(ctx.deps, ctx.connection, roomId, 'left');
  }
};
