// The WebSocket protocol: frames a client sends (`action`) and frames the server sends (`type`).
import * as z from 'zod/mini';
import {
  clientMsgIdSchema,
  historyQueryFields,
  messageSchema,
  messageTextSchema,
  principalSchema,
  roomIdSchema,
} from './schemas.ts';

// ---- client -> server ----

export const sendMessageAction = z.object({
  action: z.literal('sendMessage'),
  roomId: roomIdSchema,
  text: messageTextSchema,
  clientMsgId: clientMsgIdSchema,
});
export const getMessagesAction = z.object({ action: z.literal('getMessages'), ...historyQueryFields });
export const joinRoomAction = z.object({ action: z.literal('joinRoom'), roomId: roomIdSchema });
export const leaveRoomAction = z.object({ action: z.literal('leaveRoom'), roomId: roomIdSchema });
export const typingAction = z.object({ action: z.literal('typing'), roomId: roomIdSchema });
/** Keeps an idle connection open (API Gateway closes it after 10 min) and proves it alive: answered by `pong`. */
export const pingAction = z.object({ action: z.literal('ping') });

export const clientActionSchema = z.discriminatedUnion('action', [
  sendMessageAction,
  getMessagesAction,
  joinRoomAction,
  leaveRoomAction,
  typingAction,
  pingAction,
]);
export type ClientAction = z.infer<typeof clientActionSchema>;
export type ActionName = ClientAction['action'];
export type ActionOf<A extends ActionName> = Extract<ClientAction, { action: A }>;

/** Every action, one WebSocket route each (API Gateway selects on `$request.body.action`). */
export const actionNames = [
  'sendMessage',
  'getMessages',
  'joinRoom',
  'leaveRoom',
  'typing',
  'ping',
] as const satisfies readonly ActionName[];

// ---- server -> client ----

export const errorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const presenceUserSchema = principalSchema;

export const serverEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: messageSchema }),
  z.object({ type: z.literal('messageBatch'), roomId: z.string(), messages: z.array(messageSchema) }),
  z.object({ type: z.literal('ack'), clientMsgId: z.string(), message: messageSchema }),
  z.object({
    type: z.literal('messages'),
    roomId: z.string(),
    messages: z.array(messageSchema),
    nextCursor: z.nullable(z.string()),
  }),
  z.object({ type: z.literal('presence'), roomId: z.string(), users: z.array(presenceUserSchema) }),
  z.object({ type: z.literal('typing'), roomId: z.string(), user: presenceUserSchema }),
  z.object({ type: z.literal('pong') }),
  z.object({
    type: z.literal('error'),
    code: z.enum(errorCodes),
    message: z.string(),
    clientMsgId: z.optional(z.string()),
    action: z.optional(z.string()),
  }),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;
export type EventType = ServerEvent['type'];
export type EventOf<T extends EventType> = Extract<ServerEvent, { type: T }>;

/** Each action's own schema, for a route that already knows which action it serves. */
export const actionSchemas = {
  sendMessage: sendMessageAction,
  getMessages: getMessagesAction,
  joinRoom: joinRoomAction,
  leaveRoom: leaveRoomAction,
  typing: typingAction,
  ping: pingAction,
} as const satisfies Record<ActionName, unknown>;
