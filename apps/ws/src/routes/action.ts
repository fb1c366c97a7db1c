import { actionSchemas, type ActionName, type ActionOf, type ErrorCode, type EventOf, fieldErrorsOf, limits, requestIdSchema } from '@chat/contract';
import { MessageChangeError, RoomChangeError, type StoredConnection } from '@chat/db';
import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler, type WebSocketEvent } from '../events.ts';
import { SESSION_ENDED, sessionValid } from '../session.ts';
import type { UserLimits } from '../user-limits.ts';

/** The frames that answer a request: each carries the request's `id`. */
export type AnswerFrame = Omit<EventOf<'ack'>, 'id'> | Omit<EventOf<'joined'>, 'id'> | Omit<EventOf<'messages'>, 'id'>;

export interface ActionContext {
  deps: WsDeps;
  connection: StoredConnection;
  /** Posts the frame answering this action to this connection, with the request's `id`. */
  answer(frame: AnswerFrame): Promise<void>;
  /** Sends an `error` frame answering this action to this connection. */
  fail(code: ErrorCode, message: string): Promise<void>;
}

export type ActionRun<A extends ActionName> = (ctx: ActionContext, action: ActionOf<A>) => Promise<void>;

/** The raw body as JSON, or undefined: a route must never throw on what a client sent. */
export function parseBody(event: WebSocketEvent): unknown {
  try {
    return JSON.parse(event.body ?? '');
  } catch {
    return undefined;
  }
}

/**
 * The frame's `id` when it is a valid one, read from the raw body: an answer echoes it even when
 * the rest of the frame fails its schema, so the client can match the error to its request.
 */
export function requestIdOf(body: unknown): { id?: string } {
  const parsed = requestIdSchema.safeParse(typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined);
  return parsed.success ? { id: parsed.data } : {};
}

export function sendError(
  deps: WsDeps,
  connectionId: string,
  error: { id?: string; code: ErrorCode; message: string; action?: string; clientMsgId?: string; retryAfterMs?: number },
) {
  return deps.poster.post(connectionId, { type: 'error', ...error }).then(() => undefined);
}

/** How much of the user's budget an action spends: getMessages its page size (history is the costly read), the rest 1. */
function weightOf(action: ActionOf<ActionName>): number {
  return action.action === 'getMessages' ? (action.limit ?? limits.history.defaultLimit) : 1;
}

const slowDown: Partial<Record<ActionName, string>> = {
  sendMessage: 'Slow down: too many messages in a short time',
  getMessages: 'Slow down: too much history in a short time',
};

/**
 * One action route: validates the frame with the action's schema, finds who the connection is,
 * spends the user's budget for the action (`userLimits`), and turns any failure into an `error`
 * frame so the socket stays usable.
 */
export function actionRoute<A extends ActionName>(
  name: A,
  deps: WsDeps,
  cache: ConnectionCache,
  run: ActionRun<A>,
  userLimits?: UserLimits,
): RouteHandler {
  const schema = actionSchemas[name];
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    const body = parseBody(event);
    const clientMsgId =
      typeof body === 'object' && body !== null && typeof (body as { clientMsgId?: unknown }).clientMsgId === 'string'
        ? (body as { clientMsgId: string }).clientMsgId
        : undefined;
    const requestId = requestIdOf(body);
    const fail = (code: ErrorCode, message: string) =>
      sendError(deps, connectionId, { ...requestId, code, message, action: name, ...(clientMsgId && { clientMsgId }) });
    const answer = (frame: AnswerFrame) => deps.poster.post(connectionId, { ...frame, ...requestId }).then(() => undefined);

    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const fields = Object.entries(fieldErrorsOf(parsed.error.issues))
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ');
      await fail('BAD_REQUEST', `Invalid ${name}: ${fields}`);
      return OK;
    }
    try {
      const connection = await cache.get(connectionId);
      if (!connection) {
        await fail('UNAUTHORIZED', 'This connection is not registered; reconnect');
        return OK;
      }
      if (!(await sessionValid(deps, connection))) {
        await fail('UNAUTHORIZED', SESSION_ENDED);
        return OK;
      }
      const retryAfterMs = userLimits ? await userLimits.take(connection.userId, name, weightOf(parsed.data)) : 0;
      if (retryAfterMs > 0) {
        const message = slowDown[name] ?? `Slow down: too many ${name} in a short time`;
        await sendError(deps, connectionId, { ...requestId, code: 'RATE_LIMITED', message, action: name, ...(clientMsgId && { clientMsgId }), retryAfterMs });
        return OK;
      }
      await run({ deps, connection, answer, fail }, parsed.data as ActionOf<A>);
    } catch (error) {
      // A refusal of the store (a replyTo of another room, a clientMsgId used elsewhere, no access): the client's to fix.
      if (error instanceof MessageChangeError || error instanceof RoomChangeError) {
        await fail(error.code, error.message).catch(() => {});
        return OK;
      }
      deps.logger.error('action failed', { action: name, connectionId, error });
      await fail('INTERNAL', 'Something went wrong; try again').catch(() => {});
    }
    return OK;
  };
}
