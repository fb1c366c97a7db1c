import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createConnectionCache } from './connections.ts';
import type { WsDeps } from './deps.ts';
import type { RouteResult, WebSocketEvent } from './events.ts';
import { createRoutes, type RouteKey } from './routes/index.ts';
import { createStreamHandler } from './stream.ts';

export { twoWayRouteKeys } from './routes/index.ts';

export type WsHandler = {
  (event: WebSocketEvent, context: Context): Promise<RouteResult>;
  (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse>;
};

/** The ws Lambda: every WebSocket route key, and the messages stream, told apart by shape. */
export function createHandler(deps: WsDeps): WsHandler {
  const cache = createConnectionCache(deps.db);
  const routes = createRoutes(deps, cache);
  const handleStream = createStreamHandler(deps, cache);
  const log = deps.logger;
  return (async (event: WebSocketEvent | DynamoDBStreamEvent, context: Context) => {
    // This invocation's request id and keys on each of its lines; a sampled share logs at DEBUG.
    log.refreshSampleRateCalculation();
    log.addContext(context);
    try {
      if ('Records' in event) {
        const result = await handleStream(event);
        log.debug('stream batch delivered', { records: event.Records.length, failed: result.batchItemFailures.length });
        return result;
      }
      const { routeKey, connectionId } = event.requestContext;
      log.appendKeys({ routeKey, connectionId });
      const route = routes[routeKey as RouteKey] ?? routes.$default;
      const result = await route(event);
      if (result.statusCode >= 400) log.info('route refused', { statusCode: result.statusCode });
      else log.debug('route answered', { statusCode: result.statusCode });
      return result;
    } catch (error) {
      // Lambda logs an uncaught error too, but without this invocation's keys.
      log.error('invocation failed', { error });
      throw error;
    } finally {
      // The keys are this invocation's only: the next one (the same container) starts without them.
      log.resetKeys();
    }
  }) as WsHandler;
}
