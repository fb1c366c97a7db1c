import { actionNames } from '@chat/contract';
import type { RouteHandler } from '../events.ts';
import { parseBody, requestIdOf, routeResponse } from './action.ts';

/** Frames that select no action route: not JSON, no action, or an action we do not know. Two-way: the error is the route's response. */
export function defaultRoute(): RouteHandler {
  return async (event) => {
    const body = parseBody(event);
    const action = typeof body === 'object' && body !== null ? (body as { action?: unknown }).action : undefined;
    const message =
      body === undefined
        ? 'Frames must be JSON objects'
        : typeof action !== 'string'
          ? `A frame needs an "action": one of ${actionNames.join(', ')}`
          : `Unknown action "${action.slice(0, 64)}": use one of ${actionNames.join(', ')}`;
    return routeResponse({
      type: 'error',
      ...requestIdOf(body),
      code: 'BAD_REQUEST',
      message,
      ...(typeof action === 'string' && { action: action.slice(0, 64) }),
    });
  };
}
