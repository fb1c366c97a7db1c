import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler } from '../events.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { parseBody, requestIdOf } from './action.ts';

/**
 * The client's heartbeat: answered with `pong` (echoing its `id`) and nothing else. No DynamoDB
 * call, so a ping costs one post. Only connected sockets reach a route (API Gateway); pings
 * beyond the limiter's burst go unanswered rather than cost a post each.
 */
export function pingRoute(deps: WsDeps, limiter: RateLimiter): RouteHandler {
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    if (limiter.take(connectionId)) await deps.poster.post(connectionId, { type: 'pong', ...requestIdOf(parseBody(event)) });
    return OK;
  };
}
