// zod/mini keeps these schemas small: they end up in every Lambda bundle and in the browser.
import * as z from 'zod/mini';
import { limits, textLength } from './limits.ts';
import { hasLoneSurrogate, messageTextProblem } from './message-text.ts';
import { hasControlCharacters, roomNameKey } from './room-names.ts';

const utf8 = new TextEncoder();

export const emailSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.maxLength(limits.email.max, `Email must be at most ${limits.email.max} characters`),
    z.regex(z.regexes.email, 'Invalid email address'),
  );

export const usernameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(limits.username.min, `Username must be at least ${limits.username.min} characters`),
    z.maxLength(limits.username.max, `Username must be at most ${limits.username.max} characters`),
    z.regex(limits.username.pattern, 'Username may contain only letters, digits, "_", "." and "-"'),
  );

// The limits are in UTF-8 bytes (bcrypt's), the messages in words people use: for plain letters
// and digits a byte is a character.
export const passwordSchema = z.string().check(
  z.refine((p) => utf8.encode(p).length >= limits.passwordBytes.min, {
    message: `Password must be at least ${limits.passwordBytes.min} characters`,
  }),
  z.refine((p) => utf8.encode(p).length <= limits.passwordBytes.max, {
    message: `Password must be at most ${limits.passwordBytes.max} characters (fewer with emoji or accented letters)`,
  }),
);

export const roomIdSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(limits.roomId.max),
    z.regex(limits.roomId.pattern, 'Invalid room id'),
  );

export const roomNameSchema = z
  .string()
  .check(
    z.trim(),
    z.normalize('NFC'),
    z.refine((name) => roomNameKey(name).length >= limits.roomName.min, 'Room name must not be empty'),
    z.refine((name) => textLength(name) <= limits.roomName.max, `Room name must be at most ${limits.roomName.max} characters`),
    z.refine((name) => !hasControlCharacters(name, { allowLineBreaks: false }), 'Room name must not contain control or bidi characters'),
    z.refine((name) => !hasLoneSurrogate(name), 'Room name must not contain broken characters (a lone surrogate)'),
  );

/** Stored trimmed and in NFC; refused as `messageTextProblem` says (the web composer asks it too). */
export const messageTextSchema = z.string().check(
  z.trim(),
  z.normalize('NFC'),
  z.superRefine((text, ctx) => {
    const problem = messageTextProblem(text);
    if (problem) ctx.addIssue(problem.message);
  }),
);

/** A room's topic: one line of text, may be empty. */
export const roomTopicSchema = z
  .string()
  .check(
    z.trim(),
    z.normalize('NFC'),
    z.refine((topic) => textLength(topic) <= limits.roomTopic.max, `Topic must be at most ${limits.roomTopic.max} characters`),
    z.refine((topic) => !hasControlCharacters(topic, { allowLineBreaks: false }), 'Topic must not contain control characters'),
    z.refine((topic) => !hasLoneSurrogate(topic), 'Topic must not contain broken characters (a lone surrogate)'),
  );

/** User ids are UUIDs; anything else names nobody. */
export const userIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'Invalid user id'));

export const clientMsgIdSchema = z
  .string()
  .check(
    z.minLength(limits.clientMsgId.min),
    z.maxLength(limits.clientMsgId.max),
    z.regex(limits.clientMsgId.pattern, 'Invalid clientMsgId'),
  );

/** Message ids are ULIDs: 26 characters of Crockford base32 that sort by time. */
export const messageIdSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Invalid message id'));

/** A room's change sequence number: 0 before the room's first change. */
export const seqSchema = z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));

/** One emoji (a single grapheme that is a pictograph, a flag or a keycap), as a reaction. */
export const emojiSchema = z.string().check(
  z.maxLength(32, 'One emoji'),
  z.refine(isOneEmoji, 'Must be a single emoji'),
);

function isOneEmoji(text: string): boolean {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(text);
}

// ---- entities as clients see them ----

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
});
export type User = z.infer<typeof userSchema>;

/** Another user as anyone may see them: never an email. */
export const publicUserSchema = z.object({ id: z.string(), username: z.string() });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** Who a request or a connection acts as: what a verified token says. */
export const principalSchema = z.object({ id: z.string(), username: z.string() });
export type Principal = z.infer<typeof principalSchema>;

export const roomKinds = ['public', 'private', 'dm'] as const;
export type RoomKind = (typeof roomKinds)[number];

/**
 * A conversation. `public` rooms anyone may join, `private` ones only by a member's invitation,
 * `dm`s have 2-9 fixed participants and no name (clients show the members). An archived room
 * is read-only.
 */
export const roomSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(roomKinds),
  /** '' when none. */
  topic: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  archived: z.boolean(),
});
export type Room = z.infer<typeof roomSchema>;

/**
 * One of the caller's rooms with its read state. `unread` counts others' undeleted messages
 * created after `readSeq` (exact up to `limits.unread.max`, then that number), `mentions` those
 * of them that mention the caller. `members` only for DMs.
 */
export const roomSummarySchema = z.object({
  room: roomSchema,
  members: z.optional(z.array(publicUserSchema)),
  lastSeq: z.number(),
  readSeq: z.number(),
  unread: z.number(),
  mentions: z.number(),
});
export type RoomSummary = z.infer<typeof roomSummarySchema>;

export const reactionSchema = z.object({ emoji: z.string(), userIds: z.array(z.string()) });
export type Reaction = z.infer<typeof reactionSchema>;

/**
 * A message in its current state. `seq` is the room's sequence number of its latest change
 * (creation, edit, delete, reaction, a new reply): a change committed later has a larger seq.
 * A deleted message keeps its id: text '', reactions [], `deletedAt` set.
 */
export const messageSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  userId: z.string(),
  username: z.string(),
  text: z.string(),
  createdAt: z.number(),
  clientMsgId: z.string(),
  seq: z.number(),
  editedAt: z.nullable(z.number()),
  deletedAt: z.nullable(z.number()),
  /** The thread's first message, for a reply. */
  replyTo: z.nullable(z.string()),
  replyCount: z.number(),
  reactions: z.array(reactionSchema),
  /** Ids of the users the text mentions (`@username`). */
  mentions: z.array(z.string()),
});
export type Message = z.infer<typeof messageSchema>;

/** What a new message holds in the fields that only changes fill in: no edit, delete, reply, reaction or mention. */
export function unchangedMessageFields(): Pick<
  Message,
  'editedAt' | 'deletedAt' | 'replyTo' | 'replyCount' | 'reactions' | 'mentions'
> {
  return { editedAt: null, deletedAt: null, replyTo: null, replyCount: 0, reactions: [], mentions: [] };
}

// ---- inputs and outputs ----

export const signupInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  username: usernameSchema,
});
export type SignupInput = z.infer<typeof signupInput>;

export const loginInput = z.object({
  email: emailSchema,
  // Any length is accepted at login so that the answer never hints at the password rules; one
  // over 72 bytes is a wrong password (the api answers 401 without running bcrypt, which would
  // read only its first 72 bytes).
  password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(1024)),
});
export type LoginInput = z.infer<typeof loginInput>;

export const authResultSchema = z.object({ token: z.string(), user: userSchema });
export type AuthResult = z.infer<typeof authResultSchema>;

/** A single-use ticket for `?ticket=` (URL-safe), valid until `expiresAt` (epoch ms). */
export const wsTicketSchema = z.object({ ticket: z.string(), expiresAt: z.number() });
export type WsTicket = z.infer<typeof wsTicketSchema>;

export const changePasswordInput = z.object({
  // As at login: any length, so that the answer never hints at the rules.
  currentPassword: z.string().check(z.minLength(1, 'Enter your current password'), z.maxLength(1024)),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

/** auth.logoutEverywhere: every token of the user, this one included, is revoked. */
export const logoutEverywhereSchema = z.object({ loggedOut: z.literal(true) });
export type LogoutEverywhereResult = z.infer<typeof logoutEverywhereSchema>;

export const createRoomInput = z.object({
  name: roomNameSchema,
  kind: z.optional(z.enum(['public', 'private'])),
  topic: z.optional(roomTopicSchema),
});
export type CreateRoomInput = z.infer<typeof createRoomInput>;

/** Names one room: rooms.join, rooms.leave, rooms.members. */
export const roomRefInput = z.object({ roomId: roomIdSchema });
export type RoomRefInput = z.infer<typeof roomRefInput>;

export const inviteInput = z.object({ roomId: roomIdSchema, userId: userIdSchema });
export type InviteInput = z.infer<typeof inviteInput>;

/** The other 1-8 people of a DM; the caller is implied (and ignored if listed). */
export const openDmInput = z.object({
  userIds: z.array(userIdSchema).check(
    z.minLength(1, 'Name at least one other person'),
    z.maxLength(limits.dm.maxMembers - 1, `A direct message has at most ${limits.dm.maxMembers} people`),
  ),
});
export type OpenDmInput = z.infer<typeof openDmInput>;

/** By the room's creator; an archived room is read-only until unarchived. */
export const updateRoomInput = z.object({
  roomId: roomIdSchema,
  name: z.optional(roomNameSchema),
  topic: z.optional(roomTopicSchema),
  archived: z.optional(z.boolean()),
});
export type UpdateRoomInput = z.infer<typeof updateRoomInput>;

export const browseRoomsInput = z.object({ cursor: z.optional(z.nullable(z.string().check(z.maxLength(512)))) });
export type BrowseRoomsInput = z.infer<typeof browseRoomsInput>;

export const roomPageSchema = z.object({ rooms: z.array(roomSchema), nextCursor: z.nullable(z.string()) });
export type RoomPage = z.infer<typeof roomPageSchema>;

/** `seq` is clamped to the room's lastSeq; the read position never moves back. */
export const markReadInput = z.object({ roomId: roomIdSchema, seq: seqSchema });
export type MarkReadInput = z.infer<typeof markReadInput>;

export const readStateSchema = z.object({ roomId: z.string(), readSeq: z.number() });
export type ReadState = z.infer<typeof readStateSchema>;

export const searchUsersInput = z.object({
  query: z.string().check(z.trim(), z.minLength(1, 'Type a name'), z.maxLength(limits.username.max)),
});
export type SearchUsersInput = z.infer<typeof searchUsersInput>;

/** Shared by messages.list (HTTP) and getMessages (WebSocket). */
export const historyQueryFields = {
  roomId: roomIdSchema,
  before: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  after: z.optional(messageIdSchema),
  limit: z.optional(
    z.number().check(z.int(), z.minimum(1), z.maximum(limits.history.maxLimit)),
  ),
  /** A thread's replies instead of the room's messages. */
  replyTo: z.optional(messageIdSchema),
};
export const historyQueryInput = z.object(historyQueryFields);
export type HistoryQuery = z.infer<typeof historyQueryInput>;

export const messagePageSchema = z.object({
  messages: z.array(messageSchema),
  nextCursor: z.nullable(z.string()),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

/** Names one message of a room. */
export const messageRefFields = { roomId: roomIdSchema, messageId: messageIdSchema };

export const editMessageInput = z.object({ ...messageRefFields, text: messageTextSchema });
export type EditMessageInput = z.infer<typeof editMessageInput>;

export const deleteMessageInput = z.object(messageRefFields);
export type DeleteMessageInput = z.infer<typeof deleteMessageInput>;

/** `on: true` adds the caller's reaction, `false` removes it; either is idempotent. */
export const reactInput = z.object({ ...messageRefFields, emoji: emojiSchema, on: z.boolean() });
export type ReactInput = z.infer<typeof reactInput>;
