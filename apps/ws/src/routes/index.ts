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

/** One handler per API Gateway route key: the three built-ins and one per contract action. */
export function createRoutes(deps: WsDeps, cache: ConnectionCache): Record<RouteKey, RouteHandler> {
  // Every action spends its user's budget (user-limits.ts), across the user's connections.
  const limits = createUserLimits(deps, deps.actionBudgets);
  return {
    $connect: connectRoute(deps, cache),
    $disconnect: disconnectRoute(deps, cache),
    $default: defaultRoute(deps),
    sendMessage: actionRoute('sendMessage', deps, cache, sendMessage, limits),
    getMessages: actionRoute('getMessages', deps, cache, getMessages, limits),
    joinRoom: actionRoute('joinRoom', deps, cache, joinRoom, limits),
    leaveRoom: actionRoute('leaveRoom', deps, cache, leaveRoom, limits),
    typing: actionRoute('typing', deps, cache, typing, limits),
    ping: pingRoute(deps, cache, limits),
  };
}
