import { connectionsInRoom, type RoomConnection } from '@chat/db';
import type { WsDeps } from './deps.ts';

/** A room's live connections. */
export type RoomConnectionsOf = (roomId: string) => Promise<RoomConnection[]>;

/**
 * Reads each room's connections once, however many fan-outs ask: a stream batch's messages and
 * its presence and typing events of the same room share one Query. One per batch, not longer:
 * the next batch must see who joined or left since.
 */
export function roomConnectionsOnce(deps: WsDeps): RoomConnectionsOf {
  const reads = new Map<string, Promise<RoomConnection[]>>();
  return (roomId) => {
    let read = reads.get(roomId);
    if (!read) {
      read = connectionsInRoom(deps.db, roomId, deps.now());
      reads.set(roomId, read);
    }
    return read;
  };
}
