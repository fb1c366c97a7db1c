import { listMessages } from '@chat/db';
import type { ActionRun } from './action.ts';
import { requireMember } from './membership.ts';

export const getMessages: ActionRun<'getMessages'> = async (ctx, { action: _action, ...query }) => {
  if (!(await requireMember(ctx, query.roomId))) return;
  const page = await listMessages(ctx.deps.db, query);
  await ctx.deps.poster.post(ctx.connection.connectionId, { type: 'messages', roomId: query.roomId, ...page });
};
