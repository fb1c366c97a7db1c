import { addMember, roomAccess } from '@chat/db';
import { recordActivity } from '../activity.ts';
import type { ActionRun } from './action.ts';
import { focus } from './focus.ts';
import { joinedFrame } from './joined-frame.ts';

/**
 * Focuses the room for this connection; idempotent. A public room the user is not a member of
 * is joined first (the stream then announces it with a `room` frame); a private room or a DM
 * they are not in answers NOT_FOUND. Answered by `joined` (the changes after `since`, who is
 * online), read after the membership and the focus are stored, so that no change falls between
 * the two (a change may come both ways; clients keep the higher seq).
 */
export const joinRoom: ActionRun<'joinRoom'> = async (ctx, { roomId, since }) => {
  const { deps, connection } = ctx;
  const access = await roomAccess(deps.db, connection.userId, roomId);
  // Without `write`, FORBIDDEN means exactly "a public room, not a member": joining it is this action's job.
  if (!access.ok && access.code !== 'FORBIDDEN') {
    await ctx.fail(access.code, access.message);
    return;
  }
  // `general` is open to everyone without a stored membership (users from before v2 part 2): store it, so its messages reach them.
  if (!access.ok || !access.membership) {
    await addMember(deps.db, roomId, { id: connection.userId, username: connection.username }, deps.now());
  }
  await focus(ctx, roomId);
  await ctx.answer(await joinedFrame(deps, roomId, since));
  // Presence: the room's focused connections learn of the join from the stream.
  await recordActivity(deps, connection, roomId, 'joined');
};
