import { subscribe } from '@chat/db';
import { recordActivity } from '../activity.ts';
import type { ActionRun } from './action.ts';
import { joinedFrame } from './joined-frame.ts';
import { requireRoom } from './membership.ts';

/**
 * Focuses the room for this connection; idempotent. Answered by `joined` (the changes after
 * `since`, who is online), read after subscribing so that no change falls between the two.
 */
export const joinRoom: ActionRun<'joinRoom'> = async (ctx, { roomId, since }) => {
  if (!(await requireRoom(ctx, roomId))) return;
  await subscribe(ctx.deps.db, ctx.connection, roomId);
  await ctx.answer(await joinedFrame(ctx.deps, roomId, since));
  // Presence: the room's members learn of the join from the stream.
  await recordActivity(ctx.deps, ctx.connection, roomId, 'joined');
};
