import { registerConnection, type StoredConnection } from '@chat/db';
import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler } from '../events.ts';
import { capUserConnections } from '../socket-cap.ts';
import { authenticateHandshake } from '../session.ts';

/**
 * Authenticates (`?ticket=`, used up here, or `?token=`) and registers the connection: its item
 * and its id in the user's connection set, two writes however many rooms the user is in (past
 * the socket cap, it also closes the user's oldest). From then on it receives the messages of
 * every room its user is a member of (the fan-out reads the members' connection sets); presence
 * and typing follow its focuses (joinRoom). A `room` query parameter is ignored (before v2 part 2
 * it subscribed). Nothing can be posted until this returns (API Gateway answers 410).
 */
export function connectRoute(deps: WsDeps, cache: ConnectionCache): RouteHandler {
  return async (event) => {
    const user = await authenticateHandshake(deps, event.queryStringParameters ?? {});
    if (!user) return { statusCode: 401, body: 'Unauthorized' };

    const now = deps.now();
    const connection: StoredConnection = {
      connectionId: event.requestContext.connectionId,
      userId: user.userId,
      username: user.username,
      connectedAt: now,
      expiresAt: Math.floor(now / 1000) + deps.connectionTtlSeconds,
      // Every action checks them: past the token's exp, or behind the user's version, it answers UNAUTHORIZED.
      tokenExpiresAt: user.tokenExpiresAt,
      tokenVersion: user.tokenVersion,
    };
    const userConnectionIds = await registerConnection(deps.db, connection);
    cache.set(connection);
    // The user's 21st socket closes the oldest (socket-cap.ts).
    await capUserConnections(deps, cache, connection, userConnectionIds);
    return OK;
  };
}
