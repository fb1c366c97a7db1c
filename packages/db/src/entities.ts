import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { set } from 'dynamodb-toolbox/schema/set';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { string } from 'dynamodb-toolbox/schema/string';
import type { Tables } from './tables.ts';

/** Key prefixes: several item types share a table, and their keys must never collide. */
export const keys = {
  user: (id: string) => `USER#${id}`,
  email: (email: string) => `EMAIL#${email.toLowerCase()}`,
  username: (username: string) => `USERNAME#${username.toLowerCase()}`,
  roomList: 'ROOMS',
  /** Claims of room names (one partition per kind, so public ones list in name order). */
  roomNames: (kind: 'public' | 'private') => `ROOMNAMES#${kind}`,
  room: (roomId: string) => `ROOM#${roomId}`,
  /** A room's members (RoomMember items, sort key userId). */
  members: (roomId: string) => `MEMBERS#${roomId}`,
  /** A user's memberships (Membership items, sort key roomId); the stream's REMOVE records are matched on it. */
  memberships: (userId: string) => `MEMBERSHIPS#${userId}`,
  /** users.search: the byUsername index's partition, the first character of the lower-cased username. */
  usernameDirectory: (usernameLower: string) => `DIR#${usernameLower.slice(0, 1)}`,
  userConnections: (userId: string) => `USERCONNS#${userId}`,
  /** A throttle's counter: `THROTTLE#login-account#<email>`, `THROTTLE#signup-ip#<address>`. */
  throttle: (scope: string, subject: string) => `THROTTLE#${scope}#${subject}`,
  roomSeq: (roomId: string) => `ROOMSEQ#${roomId}`,
  activity: (roomId: string) => `ACTIVITY#${roomId}`,
  /** A reply's byThread sort key: a thread's replies share the prefix and sort by id. */
  thread: (parentId: string, replyId: string) => `${parentId}#${replyId}`,
  clientMsg: (userId: string, clientMsgId: string) => `CLIENTMSG#${userId}#${clientMsgId}`,
  connection: (connectionId: string) => `CONN#${connectionId}`,
  /** A WebSocket ticket, by the SHA-256 of the ticket (the table never holds a usable one). */
  wsTicket: (ticketHash: string) => `TICKET#${ticketHash}`,
  connectionMeta: 'META',
  subscription: (roomId: string) => `SUB#${roomId}`,
  /** A user's rate windows (RateWindow items, sort key `<action>#<window start>`). */
  rateWindows: (userId: string) => `RATE#${userId}`,
} as const;

/** The Entities, one per item type, declared once over the Tables. */
export function createEntities(tables: Tables) {
  const User = new Entity({
    name: 'User',
    table: tables.users,
    timestamps: false,
    schema: item({
      id: string().key(),
      email: string(),
      username: string(),
      passwordHash: string(),
      createdAt: number(),
      /**
       * The byUsername index's keys (users.search): `keys.usernameDirectory` and the lower-cased
       * username. Optional only because users stored before v2 part 2 lack them.
       */
      directory: string().optional(),
      usernameLower: string().optional(),
      /** Tokens carry it (`ver`); bumping it (log out everywhere, a new password) revokes every older token. Absent = 0. */
      tokenVersion: number().optional(),
    }),
    computeKey: ({ id }) => ({ pk: keys.user(id) }),
  });

  /** Holds an email (lower-cased) for one user: the conditional put of it enforces uniqueness. */
  const EmailClaim = new Entity({
    name: 'EmailClaim',
    table: tables.users,
    timestamps: false,
    schema: item({ email: string().key(), userId: string() }),
    computeKey: ({ email }) => ({ pk: keys.email(email) }),
  });

  const UsernameClaim = new Entity({
    name: 'UsernameClaim',
    table: tables.users,
    timestamps: false,
    schema: item({ usernameLower: string().key(), userId: string() }),
    computeKey: ({ usernameLower }) => ({ pk: keys.username(usernameLower) }),
  });

  /**
   * Attempts counted by a throttle (login per account and per address, signup per address):
   * written by a conditional update on `version`, so that concurrent attempts on several Lambda
   * instances are each counted once; `expiresAt` (epoch seconds) lets DynamoDB drop it.
   */
  const Throttle = new Entity({
    name: 'Throttle',
    table: tables.users,
    timestamps: false,
    schema: item({
      scope: string().key(),
      subject: string().key(),
      /** Attempts in the window that started at `windowStart` (epoch ms). */
      attempts: number(),
      windowStart: number(),
      /** Epoch ms; 0 while not locked. */
      lockedUntil: number(),
      /** Lockouts so far: each one lasts longer than the one before. */
      lockouts: number(),
      version: number(),
      expiresAt: number(),
    }),
    computeKey: ({ scope, subject }) => ({ pk: keys.throttle(scope, subject) }),
  });

  /**
   * Rooms share one partition: few writes, and a room is one GetItem. `kind`, `topic` and
   * `archived` are optional only because rooms stored before v2 part 2 lack them (public, '',
   * false). `nameKey` is the name's `roomNameKey`, held by a RoomNameClaim; a DM has neither a
   * name nor a claim, but keeps its fixed participants in `members`.
   */
  const Room = new Entity({
    name: 'Room',
    table: tables.messages,
    timestamps: false,
    schema: item({
      id: string().key(),
      name: string(),
      createdAt: number(),
      createdBy: string(),
      kind: string().enum('public', 'private', 'dm').optional(),
      topic: string().optional(),
      archived: boolean().optional(),
      nameKey: string().optional(),
      members: list(map({ id: string(), username: string() })).optional(),
    }),
    computeKey: ({ id }) => ({ pk: keys.roomList, sk: id }),
  });

  /**
   * Holds a room name (under `roomNameKey`) for one room: written conditionally in the room's
   * transaction, so two rooms never share a name; the public partition is what rooms.browse reads.
   */
  const RoomNameClaim = new Entity({
    name: 'RoomNameClaim',
    table: tables.messages,
    timestamps: false,
    schema: item({
      kind: string().enum('public', 'private').key(),
      nameKey: string().key(),
      roomId: string(),
    }),
    computeKey: ({ kind, nameKey }) => ({ pk: keys.roomNames(kind), sk: nameKey }),
  });

  /** The room's side of a membership: a room's members are one Query (fan-out, rooms.members). */
  const RoomMember = new Entity({
    name: 'RoomMember',
    table: tables.messages,
    timestamps: false,
    schema: item({
      roomId: string().key(),
      userId: string().key(),
      username: string(),
      joinedAt: number(),
    }),
    computeKey: ({ roomId, userId }) => ({ pk: keys.members(roomId), sk: userId }),
  });

  /**
   * The user's side of a membership, written in the same transaction as its RoomMember: a
   * user's rooms are one Query, with the read position. The stream turns its INSERT into a
   * `room` frame, a MODIFY (readSeq) into `readUpdated`, its REMOVE into `roomLeft`.
   */
  const Membership = new Entity({
    name: 'Membership',
    table: tables.messages,
    timestamps: false,
    schema: item({
      userId: string().key(),
      roomId: string().key(),
      /** The highest seq the user has read: never moves back. */
      readSeq: number(),
      joinedAt: number(),
    }),
    computeKey: ({ userId, roomId }) => ({ pk: keys.memberships(userId), sk: roomId }),
  });

  /**
   * A room's change counter: `lastSeq` is the seq of the room's latest change. Every change
   * moves it in the same transaction that writes the change, on the condition that it still
   * holds the value read, so a change committed later always has the larger seq.
   */
  const RoomSeq = new Entity({
    name: 'RoomSeq',
    table: tables.messages,
    timestamps: false,
    schema: item({ roomId: string().key(), lastSeq: number() }),
    computeKey: ({ roomId }) => ({ pk: keys.roomSeq(roomId), sk: '-' }),
  });

  /**
   * Sort key = ULID id, so a Query with reverse order gives a room's newest messages first;
   * `seq` (the bySeq index) orders the room's change feed, `threadKey` (byThread) a thread.
   * Absent optional attributes are the contract's nulls.
   */
  const Message = new Entity({
    name: 'Message',
    table: tables.messages,
    timestamps: false,
    schema: item({
      roomId: string().key(),
      id: string().key(),
      userId: string(),
      username: string(),
      text: string(),
      createdAt: number(),
      clientMsgId: string(),
      seq: number(),
      /** The room's seq when the message was created: what unread counts compare (seq moves on with every change). Absent on messages stored before v2 part 2. */
      createdSeq: number().optional(),
      editedAt: number().optional(),
      deletedAt: number().optional(),
      replyTo: string().optional(),
      threadKey: string().optional(),
      replyCount: number(),
      reactions: list(map({ emoji: string(), userIds: list(string()) })),
      mentions: list(string()),
    }),
    computeKey: ({ roomId, id }) => ({ pk: keys.room(roomId), sk: id }),
  });

  /**
   * A join, leave or typing event of a room, written only to reach the ws Lambda through the
   * stream (which coalesces a batch's events into one presence and one typing frame per
   * connection); it expires at once (`expiresAt`, epoch seconds).
   */
  const Activity = new Entity({
    name: 'Activity',
    table: tables.messages,
    timestamps: false,
    schema: item({
      roomId: string().key(),
      id: string().key(),
      kind: string().enum('joined', 'left', 'typing'),
      userId: string(),
      username: string(),
      connectionId: string(),
      expiresAt: number(),
    }),
    computeKey: ({ roomId, id }) => ({ pk: keys.activity(roomId), sk: id }),
  });

  /** Makes a retried sendMessage idempotent: the first write of (user, clientMsgId) wins. */
  const ClientMsgClaim = new Entity({
    name: 'ClientMsgClaim',
    table: tables.messages,
    timestamps: false,
    schema: item({
      userId: string().key(),
      clientMsgId: string().key(),
      roomId: string(),
      messageId: string(),
    }),
    computeKey: ({ userId, clientMsgId }) => ({ pk: keys.clientMsg(userId, clientMsgId), sk: '-' }),
  });

  const Connection = new Entity({
    name: 'Connection',
    table: tables.connections,
    timestamps: false,
    schema: item({
      connectionId: string().key(),
      userId: string(),
      username: string(),
      connectedAt: number(),
      expiresAt: number(),
      /**
       * The connecting token's `exp` (epoch ms) and version: once past the one or behind the user's
       * version, every action answers UNAUTHORIZED. Absent on connections from before issue 13.
       */
      tokenExpiresAt: number().optional(),
      tokenVersion: number().optional(),
    }),
    computeKey: ({ connectionId }) => ({ pk: keys.connection(connectionId), sk: keys.connectionMeta }),
  });

  /**
   * A single-use WebSocket ticket (auth.wsTicket), keyed by its SHA-256; it carries the issuing
   * token's user, version and expiry to the connection. `expiresAt` (epoch seconds) is the
   * table's TTL; reads check it, as TTL deletion lags.
   */
  const WsTicket = new Entity({
    name: 'WsTicket',
    table: tables.connections,
    timestamps: false,
    schema: item({
      ticketHash: string().key(),
      userId: string(),
      username: string(),
      tokenVersion: number(),
      tokenExpiresAt: number(),
      expiresAt: number(),
    }),
    computeKey: ({ ticketHash }) => ({ pk: keys.wsTicket(ticketHash), sk: '-' }),
  });

  /**
   * A user's open connections, one item per user, so that a room's members turn into their
   * connections with BatchGetItem (100 users a call) and a connect writes one item, not one per
   * room. A string set: ADD and DELETE need no read, and an id whose post answers 410 is deleted.
   */
  const UserConnections = new Entity({
    name: 'UserConnections',
    table: tables.connections,
    timestamps: false,
    schema: item({
      userId: string().key(),
      connectionIds: set(string()).optional(),
    }),
    computeKey: ({ userId }) => ({ pk: keys.userConnections(userId), sk: '-' }),
  });

  /** One per (connection, focused room): the byRoom index turns a room into the connections that focus it (presence, typing). */
  const Subscription = new Entity({
    name: 'Subscription',
    table: tables.connections,
    timestamps: false,
    schema: item({
      connectionId: string().key(),
      roomId: string().key(),
      userId: string(),
      username: string(),
      expiresAt: number(),
      /** When joinRoom last focused it: the focus cap unfocuses the oldest. Absent on focuses from before v2 part 2. */
      focusedAt: number().optional(),
      /** Epoch ms of the last sign of life (the focus, then each ping): presence ignores stale ones. */
      seenAt: number().optional(),
      /** Epoch ms at which the room was told this focus had gone quiet (presence `left`); its next ping removes it. */
      goneAt: number().optional(),
    }),
    computeKey: ({ connectionId, roomId }) => ({ pk: keys.connection(connectionId), sk: keys.subscription(roomId) }),
  });

  /**
   * How much of one action a user spent in one fixed window, across all of the user's
   * connections and every Lambda container: one conditional UpdateItem (ADD) per action
   * (rate-windows.ts). Expires shortly after its window ends.
   */
  const RateWindow = new Entity({
    name: 'RateWindow',
    table: tables.connections,
    timestamps: false,
    schema: item({
      userId: string().key(),
      action: string().key(),
      /** Epoch ms, a multiple of the window's length. */
      windowStart: number().key(),
      used: number(),
      expiresAt: number(),
    }),
    computeKey: ({ userId, action, windowStart }) => ({ pk: keys.rateWindows(userId), sk: `${action}#${windowStart}` }),
  });

  return {
    User,
    EmailClaim,
    UsernameClaim,
    Throttle,
    Room,
    RoomNameClaim,
    RoomMember,
    Membership,
    RoomSeq,
    Message,
    Activity,
    ClientMsgClaim,
    Connection,
    WsTicket,
    UserConnections,
    Subscription,
    RateWindow,
  };
}

export type Entities = ReturnType<typeof createEntities>;
