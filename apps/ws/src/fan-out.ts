import type { Message, ServerEvent } from '@chat/contract';
import { connectionsInRoom } from '@chat/db';
import { type ConnectionCache, removeConnections } from './connections.ts';
import type { WsDeps } from './deps.ts';
import { mapWithConcurrency } from './pool.ts';

/** Rooms fanned out at once; each room's posts are bounded by the poster's own pool. */
const ROOM_CONCURRENCY = 4;

/**
 * Delivers one stream batch's new messages: grouped by room, one Query per room for its
 * connections, one frame per connection (`messageBatch` when a room got several), posted
 * concurrently. Connections that answer 410 are deleted. Answers the ids of messages whose
 * delivery failed for some connection, so only their stream records are retried.
 */
export async function fanOutMessages(deps: WsDeps, cache: ConnectionCache, messages: readonly Message[]): Promise<Set<string>> {
  const byRoom = new Map<string, Message[]>();
  for (const m of messages) {
    const list = byRoom.get(m.roomId);
    if (list) list.push(m);
    else byRoom.set(m.roomId, [m]);
  }
  const failed = new Set<string>();
  const gone: string[] = [];
  await mapWithConcurrency([...byRoom], ROOM_CONCURRENCY, async ([roomId, roomMessages]) => {
    try {
      const connections = await connectionsInRoom(deps.db, roomId, deps.now());
      const frame: ServerEvent =
        roomMessages.length === 1
          ? { type: 'message', message: roomMessages[0] as Message }
          : { type: 'messageBatch', roomId, messages: roomMessages };
      const outcomes = await deps.poster.postToMany(
        connections.map((c) => c.connectionId),
        frame,
      );
      for (const [connectionId, outcome] of outcomes) {
        if (outcome === 'gone') gone.push(connectionId);
        if (outcome === 'failed') for (const m of roomMessages) failed.add(m.id);
      }
    } catch (error) {
      deps.logger.error('fan-out failed', { roomId, error });
      for (const m of roomMessages) failed.add(m.id);
    }
  });
  if (gone.length > 0) {
    await removeConnections(deps, cache, gone).catch((error) => deps.logger.warn('cleanup failed', { error }));
  }
  return failed;
}
