import { type ActivityKind, newActivity, putActivity, type RoomConnection } from '@chat/db';
import type { WsDeps } from './deps.ts';

/**
 * Records a join, leave or typing event of a connection. Nothing is posted here: the messages
 * stream brings the room's events to the ws Lambda in batches, and each batch posts at most one
 * presence and one typing frame per connection of the room (activity-fan-out.ts).
 */
export function recordActivity(deps: WsDeps, connection: RoomConnection, roomId: string, kind: ActivityKind): Promise<void> {
  const { connectionId, userId, username } = connection;
  return putActivity(deps.db, newActivity({ roomId, id: deps.newId(), kind, userId, username, connectionId }, deps.now()));
}
