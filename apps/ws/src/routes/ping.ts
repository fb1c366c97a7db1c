import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { recordHeartbeat } from '../heartbeat.ts';
import { OK, type RouteHandler } from '../events.ts';
import type { UserLimits } from '../user-limits.ts';
import { parseBody, requestIdOf } from './action.ts';

/**
 * The client's heartbeat: its focuses are marked seen (recordHeartbeat: presence drops a client
 * that stops pinging), then it is answered with `pong` (echoing its `id`). The budget needs no
 * DynamoDB call: the user is the one this container cached at $connect or an action (else the
 * budget is the connection's own), and ping's budget is held per container. Only connected
 * sockets reach a route (API Gateway); pings beyond the budget go unanswered and unrecorded
 * rather than cost a post and writes each.
 */
export function pingRoute(deps: WsDeps, cache: ConnectionCache, userLimits: UserLimits): RouteHandler {
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    const key = cache.peek(connectionId)?.userId ?? connectionId;
    if ((await userLimits.take(key, 'ping')) === 0) {
      await recordHeartbeat(deps, connectionId);
      await deps.poster.post(connectionId, { type: 'pong', ...requestIdOf(parseBody(event)) });
    }
    return OK;
  };
}
