import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createConnectionCache } from './connections.ts';
import type { WsDeps } from './deps.ts';
import type { RouteResult, WebSocketEvent } from './events.ts';
import { createRoutes, type RouteKey } from './routes/index.ts';
import { createStreamHandler } from './stream.ts';

export type WsHandler = {
  (event: WebSocketEvent, context: Context): Promise<RouteResult>;
  (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse>;
};

/** The ws Lambda: every WebSocket route key, and the messages stream, told apart by shape. */
export function createHandler(deps: WsDeps): WsHandler {
  const cache = createConnectionCache(deps.db);
  const routes = createRoutes(deps, cache);
  const handleStream = createStreamHandler(deps, cache);
  return (async (event: WebSocketEvent | DynamoDBStreamEvent) => {
    if ('Records' in event) return handleStream(event);
    const route = routes[event.requestContext.routeKey as RouteKey] ?? routes.$default;
    return route(event);
  }) as WsHandler;
}
