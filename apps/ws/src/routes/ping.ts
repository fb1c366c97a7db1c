import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { createHeartbeat } from '../heartbeat.ts';
import { OK, type RouteHandler } from '../events.ts';
import { SESSION_ENDED, sessionValid } from '../session.ts';
import type { UserLimits } from '../user-limits.ts';
import { parseBody, requestIdOf, sendError } from './action.ts';

/**
 * The client's heartbeat: its focuses are marked seen (heartbeat.ts: presence drops a client
 * that stops pinging), it is answered with `pong` (echoing its `id`), then its rooms are swept
 * for members that stopped (they are announced `left`). The budget needs no
 * DynamoDB call: the user is the one this container cached at $connect or an action (else the
 * budget is the connection's own), and ping's budget is held per container. Only connected
 * sockets reach a route (API Gateway); pings beyond the budget go unanswered and unrecorded
 * rather than cost a post and writes each. Then the session is checked as an action checks it
 * (sessionValid: the token's expiry, and its version, cached per container for
 * TOKEN_VERSION_CACHE_MS): a socket whose token expired or was revoked (log out everywhere, a
 * password change) gets UNAUTHORIZED within a heartbeat or two of the cache window, so an idle
 * client reconnects rather than go on receiving broadcasts.
 */
export function pingRoute(deps: WsDeps, cache: ConnectionCache, userLimits: UserLimits): RouteHandler {
  const heartbeat = createHeartbeat(deps);
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    const known = cache.peek(connectionId);
    if ((await userLimits.take(known?.userId ?? connectionId, 'ping')) !== 0) return OK;
    const requestId = requestIdOf(parseBody(event));
    // A container that has not seen this connection reads it once (then it is cached).
    const connection = known ?? (await cache.get(connectionId));
    if (connection && !(await sessionValid(deps, connection))) {
      await sendError(deps, connectionId, { ...requestId, code: 'UNAUTHORIZED', message: SESSION_ENDED, action: 'ping' });
    } else {
      const rooms = await heartbeat.seen(connectionId);
      await deps.poster.post(connectionId, { type: 'pong', ...requestId });
      await heartbeat.sweep(rooms);
    }
    return OK;
  };
}
