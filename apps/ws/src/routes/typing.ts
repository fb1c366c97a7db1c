import { connectionsInRoom } from '@chat/db';
import type { ActionRun } from './action.ts';
import { requireMember } from './membership.ts';

/** Not stored: straight to the room's other users' connections, never back to the sender. */
export const typing: ActionRun<'typing'> = async (ctx, { roomId }) => {
  if (!(await requireMember(ctx, roomId))) return;
  const { deps, connection } = ctx;
  const others = (await connectionsInRoom(deps.db, roomId, deps.now())).filter((c) => c.userId !== connection.userId);
  await deps.poster.postToMany(
    others.map((c) => c.connectionId),
    { type: 'typing', roomId, user: { id: connection.userId, username: connection.username } },
  );
};
