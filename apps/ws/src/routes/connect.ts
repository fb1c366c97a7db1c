import { GENERAL_ROOM_ID, roomIdSchema } from '@chat/contract';
import { putConnectionInRoom, roomExists, type StoredConnection } from '@chat/db';
import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler } from '../events.ts';

/**
 * Authenticates and registers the connection, subscribed to `room` if it exists, else to
 * `general`. Nothing can be posted to the connection until this returns (API Gateway answers
 * 410), so presence and history are what the client asks for next, with joinRoom.
 */
export function connectRoute(deps: WsDeps, cache: ConnectionCache): RouteHandler {
  return async (event) => {
    const query = event.queryStringParameters ?? {};
    const principal = query.token ? await deps.tokens.verify(query.token) : null;
    if (!principal) return { statusCode: 401, body: 'Unauthorized' };

    const wanted = roomIdSchema.safeParse(query.room);
    const roomId = wanted.success && (await roomExists(deps.db, wanted.data)) ? wanted.data : GENERAL_ROOM_ID;
    const now = deps.now();
    const connection: StoredConnection = {
      connectionId: event.requestContext.connectionId,
      userId: principal.id,
      username: principal.username,
      connectedAt: now,
      expiresAt: Math.floor(now / 1000) + deps.connectionTtlSeconds,
    };
    await putConnectionInRoom(deps.db, connection, roomId);
    cache.set(connection);
    return OK;
  };
}
