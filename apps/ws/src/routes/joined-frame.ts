import { type EventOf, limits } from '@chat/contract';
import { changesSince, connectionsInRoom, lastSeq, presentUsers } from '@chat/db';
import type { WsDeps } from '../deps.ts';
import { MAX_POST_BYTES } from './get-messages.ts';

export type JoinedFrame = Omit<EventOf<'joined'>, 'id'>;

/**
 * The answer to `joinRoom`: the room's changes after `since` (none without it) and who is
 * online. Read after the connection subscribed, so whatever commits from then on reaches it
 * by the stream: between the two, nothing falls through (a change may come both ways; clients
 * keep the higher seq).
 */
export async function joinedFrame(deps: WsDeps, roomId: string, since: number | undefined): Promise<JoinedFrame> {
  const [page, connections] = await Promise.all([
    since === undefined ? lastSeq(deps.db, roomId).then((seq) => ({ seq, changes: [], hasMore: false })) : changesSince(deps.db, roomId, since),
    connectionsInRoom(deps.db, roomId, deps.now()),
  ]);
  const users = presentUsers(connections);
  return fitJoined({ type: 'joined', roomId, ...page, users: users.slice(0, limits.joined.maxUsers), online: users.length });
}

/**
 * API Gateway refuses posts over 128 KB, and 100 long messages pass that: the newest changes
 * are left for the next `joinRoom` (`hasMore`), which starts after the last one kept.
 */
export function fitJoined(frame: JoinedFrame, maxBytes = MAX_POST_BYTES): JoinedFrame {
  let size = Buffer.byteLength(JSON.stringify(frame));
  if (size <= maxBytes) return frame;
  const kept = [...frame.changes];
  while (kept.length > 1 && size > maxBytes) size -= Buffer.byteLength(JSON.stringify(kept.pop())) + 1;
  return { ...frame, changes: kept, hasMore: true };
}
