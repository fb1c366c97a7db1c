import type { WsDeps } from '../deps.ts';
import { recordHeartbeat } from '../heartbeat.ts';
import { OK, type RouteHandler } from '../events.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { parseBody, requestIdOf } from './action.ts';

/**
 * The client's heartbeat: its focuses are marked seen (recordHeartbeat), then it is answered with
 * `pong` (echoing its `id`). Only connected sockets reach a route (API Gateway); pings beyond the
 * limiter's burst go unanswered and unrecorded rather than cost a post and writes each.
 */
export function pingRoute(deps: WsDeps, limiter: RateLimiter): RouteHandler {
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    if (!limiter.take(connectionId)) return OK;
    await recordHeartbeat(deps, connectionId);
    await deps.poster.post(connectionId, { type: 'pong', ...requestIdOf(parseBody(event)) });
    return OK;
  };
}
