import { roomExists, subscribe } from '@chat/db';
import { recordActivity } from '../activity.ts';
import type { ActionRun } from './action.ts';

/**
 * Idempotent. The room's members, the joiner among them, get the new presence from the stream
 * (a repeated join collapses with the first in its batch, or tells the room nothing new).
 */
export const joinRoom: ActionRun<'joinRoom'> = async (ctx, { roomId }) => {
  if (!(await roomExists(ctx.deps.db, roomId))) {
    await ctx.fail('NOT_FOUND', `No room "${roomId}"`);
    return;
  }
  await subscribe(ctx.deps.db, ctx.connection, roomId);
  await recordActivity(ctx.deps, ctx.connection, roomId, 'joined');
};
