import { isSubscribed, roomAccess } from '@chat/db';
import type { ActionContext } from './action.ts';

/**
 * Access to a room's content, from stored membership only: API Gateway runs one connection's
 * frames concurrently, so a sendMessage right behind joinRoom can run before it, and the
 * connection's focus is no proof of anything. A non-member gets FORBIDDEN for a public room and
 * NOT_FOUND for a private room or a DM (as for no room at all); with `write`, an archived room
 * is FORBIDDEN. Answers the refusal and returns false.
 */
export async function requireAccess(ctx: ActionContext, roomId: string, options: { write?: boolean } = {}): Promise<boolean> {
  const access = await roomAccess(ctx.deps.db, ctx.connection.userId, roomId, options);
  if (access.ok) return true;
  await ctx.fail(access.code, access.message);
  return false;
}

/**
 * Typing is per focus: true when the user is a member and this connection focuses the room
 * (joinRoom). A focused non-member (removed since) is refused like any non-member; a member who
 * has not focused the room gets FORBIDDEN.
 */
export async function requireFocus(ctx: ActionContext, roomId: string): Promise<boolean> {
  const [access, focused] = await Promise.all([
    roomAccess(ctx.deps.db, ctx.connection.userId, roomId),
    isSubscribed(ctx.deps.db, ctx.connection.connectionId, roomId),
  ]);
  if (!access.ok) {
    await ctx.fail(access.code, access.message);
    return false;
  }
  if (focused) return true;
  await ctx.fail('FORBIDDEN', `Join room "${roomId}" first`);
  return false;
}
