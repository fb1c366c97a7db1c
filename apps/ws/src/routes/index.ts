import type { ActionName } from '@chat/contract';
import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import type { RouteHandler } from '../events.ts';
import { createRateLimiter } from '../rate-limit.ts';
import { actionRoute } from './action.ts';
import { connectRoute } from './connect.ts';
import { defaultRoute } from './default.ts';
import { disconnectRoute } from './disconnect.ts';
import { getMessages } from './get-messages.ts';
import { joinRoom } from './join-room.ts';
import { leaveRoom } from './leave-room.ts';
import { pingRoute } from './ping.ts';
import { sendMessage } from './send-message.ts';
import { typing } from './typing.ts';

export type RouteKey = '$connect' | '$disconnect' | '$default' | ActionName;

/** One handler per API Gateway route key: the three built-ins and one per contract action. */
export function createRoutes(deps: WsDeps, cache: ConnectionCache): Record<RouteKey, RouteHandler> {
  // What a person can type, with room for pasting a few lines in a row.
  const sends = createRateLimiter({ perSecond: 5, burst: 20, now: deps.now });
  const typings = createRateLimiter({ perSecond: 2, burst: 4, now: deps.now });
  // A heartbeat every 20 s or so; a few more after reconnects or a busy tab are fine.
  const pings = createRateLimiter({ perSecond: 1, burst: 5, now: deps.now });
  return {
    $connect: connectRoute(deps, cache),
    $disconnect: disconnectRoute(deps, cache),
    $default: defaultRoute(deps),
    sendMessage: actionRoute('sendMessage', deps, cache, sendMessage, sends),
    getMessages: actionRoute('getMessages', deps, cache, getMessages),
    joinRoom: actionRoute('joinRoom', deps, cache, joinRoom),
    leaveRoom: actionRoute('leaveRoom', deps, cache, leaveRoom),
    typing: actionRoute('typing', deps, cache, typing, typings),
    ping: pingRoute(deps, pings, cache),
  };
}
