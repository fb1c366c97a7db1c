import type { ServerEvent } from '@chat/contract';
import { mapWithConcurrency, type RoomActivity } from '@chat/db';
import { presenceDelta, typingFrames, type Addressed } from './activity-frames.ts';
import { type ConnectionCache, removeConnections } from './connections.ts';
import type { WsDeps } from './deps.ts';
import type { RoomConnectionsOf } from './room-connections.ts';

/** Rooms handled at once, as the message fan-out does; each frame's posts have the poster's pool. */
const ROOM_CONCURRENCY = 4;

/**
 * Delivers one stream batch's joins, leaves and typing: per room, the room's connections (one
 * Query, shared with the message fan-out), then at most one presence frame (deltas) and one
 * typing frame per connection. Connections that answer 410 are deleted; their `left` events
 * reach the next batch like any other. Answers the ids of joins and leaves whose delivery
 * failed, so that their records are retried; typing is never retried (stale by then).
 */
export async function fanOutActivity(
  deps: WsDeps,
  cache: ConnectionCache,
  activities: readonly RoomActivity[],
  connectionsOf: RoomConnectionsOf,
): Promise<Set<string>> {
  const byRoom = new Map<string, RoomActivity[]>();
  for (const a of activities) {
    const list = byRoom.get(a.roomId);
    if (list) list.push(a);
    else byRoom.set(a.roomId, [a]);
  }
  const failed = new Set<string>();
  const gone = new Map<string, string | undefined>();
  await mapWithConcurrency([...byRoom], ROOM_CONCURRENCY, async ([roomId, events]) => {
    const presenceIds = events.filter((e) => e.kind !== 'typing').map((e) => e.id);
    try {
      const connections = await connectionsOf(roomId);
      const ownerOf = new Map(connections.map((c) => [c.connectionId, c.userId]));
      const presence = presenceDelta(roomId, events, connections);
      const frames: Addressed<ServerEvent>[] = [...(presence ? [presence] : []), ...typingFrames(roomId, events, connections)];
      await Promise.all(
        frames.map(async ({ frame, connectionIds }) => {
          for (const [connectionId, outcome] of await deps.poster.postToMany(connectionIds, frame)) {
            if (outcome === 'gone') gone.set(connectionId, ownerOf.get(connectionId));
            if (outcome === 'failed' && frame.type === 'presence') for (const id of presenceIds) failed.add(id);
          }
        }),
      );
    } catch (error) {
      deps.logger.error('activity fan-out failed', { roomId, error });
      for (const id of presenceIds) failed.add(id);
    }
  });
  if (gone.size > 0) {
    const removals = [...gone].map(([connectionId, userId]) => ({ connectionId, ...(userId && { userId }) }));
    await removeConnections(deps, cache, removals).catch((error) => deps.logger.warn('cleanup failed', { error }));
  }
  return failed;
}
