import { type ConnectionCache, removeConnections } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler } from '../events.ts';

/** Best effort on AWS: 410 on post and the TTL clean up what never arrives here. */
export function disconnectRoute(deps: WsDeps, cache: ConnectionCache): RouteHandler {
  return async (event) => {
    await removeConnections(deps, cache, [{ connectionId: event.requestContext.connectionId }]);
    return OK;
  };
}
