import { isSubscribed, roomExists } from '@chat/db';
import type { ActionContext } from './action.ts';

/**
 * Access to a room's content, from stored state only: API Gateway runs one connection's frames
 * concurrently, so a sendMessage right behind joinRoom can run before it, and the connection's
 * subscription is no proof of anything. Part 1 has no membership yet: a room that exists is
 * open to every user. Otherwise answers NOT_FOUND and returns false.
 */
export async function requireRoom(ctx: ActionContext, roomId: string): Promise<boolean> {
  if (await roomExists(ctx.deps.db, roomId)) return true;
  await ctx.fail('NOT_FOUND', `No room "${roomId}"`);
  return false;
}

/** True when the connection has focused the room (joinRoom); otherwise answers FORBIDDEN and returns false. */
export async function requireMember(ctx: ActionContext, roomId: string): Promise<boolean> {
  if (await isSubscribed(ctx.deps.db, ctx.connection.connectionId, roomId)) return true;
  await ctx.fail('FORBIDDEN', `Join room "${roomId}" first`);
  return false;
}
