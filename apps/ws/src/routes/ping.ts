import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler } from '../events.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { SESSION_ENDED, tokenExpired } from '../session.ts';
import { parseBody, requestIdOf, sendError } from './action.ts';

/**
 * The client's heartbeat: answered with `pong` (echoing its `id`) and nothing else. No DynamoDB
 * call, so a ping costs one post. Only connected sockets reach a route (API Gateway); pings
 * beyond the limiter's burst go unanswered rather than cost a post each. A connection this
 * container knows whose token has expired gets UNAUTHORIZED instead (from memory): an idle client
 * then reconnects within a heartbeat rather than go on receiving with an expired token.
 */
export function pingRoute(deps: WsDeps, limiter: RateLimiter, cache: ConnectionCache): RouteHandler {
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    if (!limiter.take(connectionId)) return OK;
    const requestId = requestIdOf(parseBody(event));
    const known = cache.peek(connectionId);
    if (known && tokenExpired(deps, known)) {
      await sendError(deps, connectionId, { ...requestId, code: 'UNAUTHORIZED', message: SESSION_ENDED, action: 'ping' });
    } else {
      await deps.poster.post(connectionId, { type: 'pong', ...requestId });
    }
    return OK;
  };
}
