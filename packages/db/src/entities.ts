import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import type { Tables } from './tables.ts';

/** Key prefixes: several item types share a table, and their keys must never collide. */
export const keys = {
  user: (id: string) => `USER#${id}`,
  email: (email: string) => `EMAIL#${email.toLowerCase()}`,
  username: (username: string) => `USERNAME#${username.toLowerCase()}`,
  roomList: 'ROOMS',
  room: (roomId: string) => `ROOM#${roomId}`,
  roomSeq: (roomId: string) => `ROOMSEQ#${roomId}`,
  activity: (roomId: string) => `ACTIVITY#${roomId}`,
  /** A reply's byThread sort key: a thread's replies share the prefix and sort by id. */
  thread: (parentId: string, replyId: string) => `${parentId}#${replyId}`,
  clientMsg: (userId: string, clientMsgId: string) => `CLIENTMSG#${userId}#${clientMsgId}`,
  connection: (connectionId: string) => `CONN#${connectionId}`,
  connectionMeta: 'META',
  subscription: (roomId: string) => `SUB#${roomId}`,
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

  /** Rooms share one partition: few writes, and listing them is one Query. */
  const Room = new Entity({
    name: 'Room',
    table: tables.messages,
    timestamps: false,
    schema: item({ id: string().key(), name: string(), createdAt: number(), createdBy: string() }),
    computeKey: ({ id }) => ({ pk: keys.roomList, sk: id }),
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
    }),
    computeKey: ({ connectionId }) => ({ pk: keys.connection(connectionId), sk: keys.connectionMeta }),
  });

  /** One per (connection, room); the byRoom index turns a room into its connections. */
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
    }),
    computeKey: ({ connectionId, roomId }) => ({ pk: keys.connection(connectionId), sk: keys.subscription(roomId) }),
  });

  return { User, EmailClaim, UsernameClaim, Room, RoomSeq, Message, Activity, ClientMsgClaim, Connection, Subscription };
}

export type Entities = ReturnType<typeof createEntities>;
