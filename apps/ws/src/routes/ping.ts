import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { recordHeartbeat } from '../heartbeat.ts';
import { OK, type RouteHandler } from '../events.ts';
import { SESSION_ENDED, tokenExpired } from '../session.ts';
import type { UserLimits } from '../user-limits.ts';
import { parseBody, requestIdOf, sendError } from './action.ts';

/**
 * The client's heartbeat: its focuses are marked seen (recordHeartbeat: presence drops a client
 * that stops pinging), then it is answered with `pong` (echoing its `id`). The budget needs no
 * DynamoDB call: the user is the one this container cached at $connect or an action (else the
 * budget is the connection's own), and ping's budget is held per container. Only connected
 * sockets reach a route (API Gateway); pings beyond the budget go unanswered and unrecorded
 * rather than cost a post and writes each. A connection this container knows whose token has
 * expired gets UNAUTHORIZED instead (from memory): an idle client then reconnects within a
 * heartbeat rather than go on receiving with an expired token.
 */
export function pingRoute(deps: WsDeps, cache: ConnectionCache, userLimits: UserLimits): RouteHandler {
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    const known = cache.peek(connectionId);
    if ((await userLimits.take(known?.userId ?? connectionId, 'ping')) !== 0) return OK;
    const requestId = requestIdOf(parseBody(event));
    if (known && tokenExpired(deps, known)) {
      await sendError(deps, connectionId, { ...requestId, code: 'UNAUTHORIZED', message: SESSION_ENDED, action: 'ping' });
    } else {
      await recordHeartbeat(deps, connectionId);
      await deps.poster.post(connectionId, { type: 'pong', ...requestId });
    }
    return OK;
  };
}
