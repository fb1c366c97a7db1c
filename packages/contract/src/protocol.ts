// The WebSocket protocol: frames a client sends (`action`) and frames the server sends (`type`).
import * as z from 'zod/mini';
import { limits } from './limits.ts';
import {
  clientMsgIdSchema,
  historyQueryFields,
  messageIdSchema,
  messageSchema,
  messageTextSchema,
  principalSchema,
  roomIdSchema,
  roomSummarySchema,
  seqSchema,
} from './schemas.ts';

// ---- client -> server ----

/** Any client frame may carry an `id`; the frame that answers it (ack, joined, messages, error) carries the same. */
export const requestIdSchema = z
  .string()
  .check(
    z.minLength(limits.requestId.min),
    z.maxLength(limits.requestId.max),
    z.regex(limits.requestId.pattern, 'Invalid id: 1-64 of A-Z a-z 0-9 _ -'),
  );
const requestId = { id: z.optional(requestIdSchema) };

export const sendMessageAction = z.object({
  action: z.literal('sendMessage'),
  ...requestId,
  roomId: roomIdSchema,
  text: messageTextSchema,
  clientMsgId: clientMsgIdSchema,
  /** A message of the same room: the new message is a reply in its thread. */
  replyTo: z.optional(messageIdSchema),
});
export const getMessagesAction = z.object({ action: z.literal('getMessages'), ...requestId, ...historyQueryFields });
/**
 * Focuses the room for this connection (presence and typing; at most `limits.focus.maxRooms`, a
 * further one unfocuses the oldest) and joins a public room the user is not a member of;
 * answered by `joined`, with the changes after `since`.
 */
export const joinRoomAction = z.object({
  action: z.literal('joinRoom'),
  ...requestId,
  roomId: roomIdSchema,
  since: z.optional(seqSchema),
});
/** Unfocuses the room; membership is left with rooms.leave. */
export const leaveRoomAction = z.object({ action: z.literal('leaveRoom'), ...requestId, roomId: roomIdSchema });
export const typingAction = z.object({ action: z.literal('typing'), ...requestId, roomId: roomIdSchema });
/** Keeps an idle connection open (API Gateway closes it after 10 min) and proves it alive: answered by `pong`. */
export const pingAction = z.object({ action: z.literal('ping'), ...requestId });

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
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const presenceUserSchema = principalSchema;

const answerId = { id: z.optional(z.string()) };

export const serverEventSchema = z.discriminatedUnion('type', [
  /** A new or changed message. */
  z.object({ type: z.literal('message'), message: messageSchema }),
  /** Several new or changed messages of one room, in seq order: clients treat it as that many `message`s. */
  z.object({ type: z.literal('messageBatch'), roomId: z.string(), messages: z.array(messageSchema) }),
  z.object({ type: z.literal('ack'), ...answerId, clientMsgId: z.string(), message: messageSchema }),
  z.object({
    type: z.literal('joined'),
    ...answerId,
    roomId: z.string(),
    /** The room's lastSeq when the answer was read (0 for a room without changes). */
    seq: z.number(),
    /** Each message changed after `since` once, in its current state, in seq order ([] without `since`). */
    changes: z.array(messageSchema),
    /** More changes than fit: `joinRoom` again with the last change's seq. */
    hasMore: z.boolean(),
    /** Who is online in the room (at most `limits.joined.maxUsers`). */
    users: z.array(presenceUserSchema),
    online: z.number(),
  }),
  z.object({
    type: z.literal('messages'),
    ...answerId,
    roomId: z.string(),
    messages: z.array(messageSchema),
    nextCursor: z.nullable(z.string()),
  }),
  /** v1: `users`, everyone online; v2: `joined` / `left` deltas since the last presence frame. */
  z.object({
    type: z.literal('presence'),
    roomId: z.string(),
    users: z.optional(z.array(presenceUserSchema)),
    joined: z.optional(z.array(presenceUserSchema)),
    left: z.optional(z.array(presenceUserSchema)),
  }),
  /** `user` typed; `users`, when present, is everyone who typed in the same window (`user` among them). */
  z.object({
    type: z.literal('typing'),
    roomId: z.string(),
    user: presenceUserSchema,
    users: z.optional(z.array(presenceUserSchema)),
  }),
  /** The user became a member of a room (created, joined, invited, a DM opened), or the room changed. */
  z.object({ type: z.literal('room'), summary: roomSummarySchema }),
  /** The user left the room or was removed: no further frame of it arrives. */
  z.object({ type: z.literal('roomLeft'), roomId: z.string() }),
  /** The user's read position in a room moved (on any of the user's connections). */
  z.object({ type: z.literal('readUpdated'), roomId: z.string(), readSeq: z.number() }),
  z.object({ type: z.literal('pong'), ...answerId }),
  z.object({
    type: z.literal('error'),
    ...answerId,
    code: z.enum(errorCodes),
    message: z.string(),
    clientMsgId: z.optional(z.string()),
    action: z.optional(z.string()),
    retryAfterMs: z.optional(z.number()),
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
