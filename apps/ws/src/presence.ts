import { connectionsInRoom, deleteConnection, presentUsers } from '@chat/db';
import type { WsDeps } from './deps.ts';

/** Sends `presence` (who is online in the room) to every connection in the room. */
export async function broadcastPresence(deps: WsDeps, roomId: string): Promise<void> {
  const connections = await connectionsInRoom(deps.db, roomId, deps.now());
  const frame = { type: 'presence', roomId, users: presentUsers(connections) } as const;
  const outcomes = await deps.poster.postToMany(
    connections.map((c) => c.connectionId),
    frame,
  );
  const gone = [...outcomes].filter(([, outcome]) => outcome === 'gone').map(([id]) => id);
  await Promise.all(gone.map((id) => deleteConnection(deps.db, id)));
}
