// Today's (v1) presence and typing, as the ws routes did them before Activity items: every
// joinRoom and leaveRoom Queries the room and posts the full `users` list to every connection
// of it; every typing posts straight to every other user's connection. Swapped in for our
// joinRoom, leaveRoom and typing routes; messages keep our stream fan-out.
import type { ServerEvent } from '@chat/contract';
import { connectionsInRoom, getConnection, isSubscribed, presentUsers, subscribe, unsubscribe } from '@chat/db';
import type { WsDeps } from '@chat/ws/deps';
import type { WsHandler } from '@chat/ws/handler';
import type { APIGatewayProxyWebsocketEventV2, Context, DynamoDBStreamEvent } from 'aws-lambda';

async function broadcastPresence(deps: WsDeps, roomId: string) {
  const connections = await connectionsInRoom(deps.db, roomId, deps.now());
  const users = presentUsers(connections);
  const frame: ServerEvent = { type: 'presence', roomId, users };
  await deps.poster.postToMany(
    connections.map((c) => c.connectionId),
    frame,
  );
  return users;
}

/**
 * joinRoom is a two-way route (apps/ws twoWayRouteKeys): API Gateway sends what the function
 * returns, an empty frame when it returns no body, so today's join answers `joined` too.
 */
const joined = (roomId: string, users: ReturnType<typeof presentUsers>) => {
  const frame: ServerEvent = { type: 'joined', roomId, seq: 0, changes: [], hasMore: false, users, online: users.length };
  return { statusCode: 200, body: JSON.stringify(frame) };
};

/** Our handler, but joinRoom, leaveRoom and typing as today's design runs them. */
export function withTodaysPresence(handler: WsHandler, deps: WsDeps): WsHandler {
  return (async (event: APIGatewayProxyWebsocketEventV2 | DynamoDBStreamEvent, context: Context) => {
    if ('Records' in event) return handler(event, context);
    const { routeKey, connectionId } = event.requestContext;
    if (routeKey !== 'joinRoom' && routeKey !== 'leaveRoom' && routeKey !== 'typing') return handler(event as never, context);
    const { roomId } = JSON.parse(event.body ?? '{}') as { roomId: string };
    const connection = await getConnection(deps.db, connectionId);
    if (!connection) return routeKey === 'joinRoom' ? joined(roomId, []) : { statusCode: 200 };
    if (routeKey === 'joinRoom') {
      await subscribe(deps.db, connection, roomId);
      return joined(roomId, await broadcastPresence(deps, roomId));
    } else if (routeKey === 'leaveRoom') {
      await unsubscribe(deps.db, connectionId, roomId);
      await broadcastPresence(deps, roomId);
    } else if (await isSubscribed(deps.db, connectionId, roomId)) {
      const others = (await connectionsInRoom(deps.db, roomId, deps.now())).filter((c) => c.userId !== connection.userId);
      await deps.poster.postToMany(
        others.map((c) => c.connectionId),
        { type: 'typing', roomId, user: { id: connection.userId, username: connection.username } },
      );
    }
    return { statusCode: 200 };
  }) as unknown as WsHandler;
}
