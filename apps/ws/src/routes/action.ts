import {
  actionSchemas,
  type ActionName,
  type ActionOf,
  type ErrorCode,
  type EventOf,
  fieldErrorsOf,
  limits,
  requestIdSchema,
  type ServerEvent,
} from '@chat/contract';
import { MessageChangeError, RoomChangeError, type StoredConnection } from '@chat/db';
import type { ConnectionCache } from '../connections.ts';
import type { WsDeps } from '../deps.ts';
import { OK, type RouteHandler, type RouteResult, type WebSocketEvent } from '../events.ts';
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

type ErrorFields = { id?: string; code: ErrorCode; message: string; action?: string; clientMsgId?: string; retryAfterMs?: number };

export function sendError(deps: WsDeps, connectionId: string, error: ErrorFields) {
  return deps.poster.post(connectionId, { type: 'error', ...error }).then(() => undefined);
}

/**
 * A two-way route's answer (its route response, terraform/websocket.tf): API Gateway sends the
 * body to the connection the frame came from, with no management API call, so an answer costs
 * neither a post's round trip nor the signing; a refusal in a flood costs its invocation alone.
 */
export function routeResponse(frame: ServerEvent): RouteResult {
  return { statusCode: 200, body: JSON.stringify(frame) };
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
 * frame so the socket stays usable. With `twoWay` (an action that always answers: ack, joined,
 * messages or error), the answer is the route's response, the first one given; else it is posted.
 */
export function actionRoute<A extends ActionName>(
  name: A,
  deps: WsDeps,
  cache: ConnectionCache,
  run: ActionRun<A>,
  options: { userLimits?: UserLimits; twoWay?: boolean } = {},
): RouteHandler {
  const schema = actionSchemas[name];
  const { userLimits, twoWay = false } = options;
  return async (event) => {
    const connectionId = event.requestContext.connectionId;
    const body = parseBody(event);
    const clientMsgId =
      typeof body === 'object' && body !== null && typeof (body as { clientMsgId?: unknown }).clientMsgId === 'string'
        ? (body as { clientMsgId: string }).clientMsgId
        : undefined;
    const requestId = requestIdOf(body);
    let response: ServerEvent | undefined;
    const reply = async (frame: ServerEvent) => {
      if (twoWay) response ??= frame;
      else await deps.poster.post(connectionId, frame);
    };
    const refuse = (error: Omit<ErrorFields, 'id' | 'action' | 'clientMsgId'>) =>
      reply({ type: 'error', ...requestId, ...error, action: name, ...(clientMsgId && { clientMsgId }) });
    const fail = (code: ErrorCode, message: string) => refuse({ code, message });
    const answer = (frame: AnswerFrame) => reply({ ...frame, ...requestId });
    const done = (): RouteResult => {
      if (!twoWay) return OK;
      if (!response) {
        // Every path of a two-way action answers; without a body API Gateway would send an empty frame.
        deps.logger.error('two-way action answered nothing', { action: name });
        response = { type: 'error', ...requestId, code: 'INTERNAL', message: 'Something went wrong; try again', action: name };
      }
      return routeResponse(response);
    };

    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const fields = Object.entries(fieldErrorsOf(parsed.error.issues))
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ');
      await fail('BAD_REQUEST', `Invalid ${name}: ${fields}`);
      return done();
    }
    try {
      const connection = await cache.get(connectionId);
      if (!connection) {
        await fail('UNAUTHORIZED', 'This connection is not registered; reconnect');
        return done();
      }
      if (!(await sessionValid(deps, connection))) {
        await fail('UNAUTHORIZED', SESSION_ENDED);
        return done();
      }
      const retryAfterMs = userLimits ? await userLimits.take(connection.userId, name, weightOf(parsed.data)) : 0;
      if (retryAfterMs > 0) {
        await refuse({ code: 'RATE_LIMITED', message: slowDown[name] ?? `Slow down: too many ${name} in a short time`, retryAfterMs });
        return done();
      }
      await run({ deps, connection, answer, fail }, parsed.data as ActionOf<A>);
    } catch (error) {
      // A refusal of the store (a replyTo of another room, a clientMsgId used elsewhere, no access): the client's to fix.
      if (error instanceof MessageChangeError || error instanceof RoomChangeError) {
        await fail(error.code, error.message).catch(() => {});
        return done();
      }
      deps.logger.error('action failed', { action: name, connectionId, error });
      await fail('INTERNAL', 'Something went wrong; try again').catch(() => {});
    }
    return done();
  };
}
