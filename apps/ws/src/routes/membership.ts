import { isSubscribed } from '@chat/db';
import type { ActionContext } from './action.ts';

/** True when the connection is in the room; otherwise answers FORBIDDEN and returns false. */
export async function requireMember(ctx: ActionContext, roomId: string): Promise<boolean> {
  if (await isSubscribed(ctx.deps.db, ctx.connection.connectionId, roomId)) return true;
  await ctx.fail('FORBIDDEN', `Join room "${roomId}" first`);
  return false;
}
