import { recordActivity } from '../activity.ts';
import type { ActionRun } from './action.ts';
import { requireFocus } from './membership.ts';

/**
 * Recorded, not posted: the stream batch that carries it tells the room's other users' connections,
 * one typing frame each per batch whoever typed (never back to the typist).
 */
export const typing: ActionRun<'typing'> = async (ctx, { roomId }) => {
  if (!(await requireFocus(ctx, roomId))) return;
  await recordActivity(ctx.deps, ctx.connection, roomId, 'typing');
};
