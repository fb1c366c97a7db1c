import type { ActionName } from '@chat/contract';
import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import type { RouteHandler } from '../events.ts';
import { createUserLimits } from '../user-limits.ts';
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

/**
 * The routes whose every frame gets exactly one answer (ack, joined, messages or error): they
 * answer with their route response (two-way, terraform/websocket.tf), not a post. leaveRoom,
 * typing and ping answer nothing when they succeed (or, for ping, when over budget), and a
 * two-way route would send an empty frame then.
 */
export const twoWayRouteKeys = ['$default', 'sendMessage', 'getMessages', 'joinRoom'] as const satisfies readonly RouteKey[];

/** One handler per API Gateway route key: the three built-ins and one per contract action. */
export function createRoutes(deps: WsDeps, cache: ConnectionCache): Record<RouteKey, RouteHandler> {
  // Every action spends its user's budget (user-limits.ts), across the user's connections.
  const userLimits = createUserLimits(deps, deps.actionBudgets);
  return {
    $connect: connectRoute(deps, cache),
    $disconnect: disconnectRoute(deps, cache),
    $default: defaultRoute(),
    sendMessage: actionRoute('sendMessage', deps, cache, sendMessage, { userLimits, twoWay: true }),
    getMessages: actionRoute('getMessages', deps, cache, getMessages, { userLimits, twoWay: true }),
    joinRoom: actionRoute('joinRoom', deps, cache, joinRoom, { userLimits, twoWay: true }),
    leaveRoom: actionRoute('leaveRoom', deps, cache, leaveRoom, { userLimits }),
    typing: actionRoute('typing', deps, cache, typing, { userLimits }),
    ping: pingRoute(deps, cache, userLimits),
  };
}
