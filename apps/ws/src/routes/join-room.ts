import { roomExists, subscribe } from '@chat/db';
import { broadcastPresence } from '../presence.ts';
import type { ActionRun } from './action.ts';

/** Idempotent; the joiner and the room's members all get the new presence. */
export const joinRoom: ActionRun<'joinRoom'> = async (ctx, { roomId }) => {
  if (!(await roomExists(ctx.deps.db, roomId))) {
    await ctx.fail('NOT_FOUND', `No room "${roomId}"`);
    return;
  }
  await subscribe(ctx.deps.db, ctx.connection, roomId);
  await broadcastPresence(ctx.deps, roomId);
};
