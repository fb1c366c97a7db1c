import type { Room, ServerEvent } from '@chat/contract';
import {
  connectionsOfUsers,
  endFocus,
  mapWithConcurrency,
  newActivity,
  putActivities,
  roomSummary,
  type RoomActivity,
  type UserConnection,
} from '@chat/db';
import { CONNECT_GRACE_MS, type ConnectionCache, removeConnections } from './connections.ts';
import type { WsDeps } from './deps.ts';
import type { MemberReads } from './member-connections.ts';

/** What a stream record says about a user's rooms. */
export type RoomEvent =
  /** A Membership INSERT: the user became a member (`room` frame). */
  | { kind: 'joined'; userId: string; roomId: string }
  /** A Membership MODIFY: only readSeq changes on a membership (`readUpdated`). */
  | { kind: 'read'; userId: string; roomId: string; readSeq: number }
  /** A Membership REMOVE (keys only): `roomLeft`, and the user's focuses of the room end. */
  | { kind: 'removed'; userId: string; roomId: string }
  /** A Room MODIFY (renamed, new topic, archived): a `room` frame to each member. */
  | { kind: 'changed'; room: Room };

/** Users served at once; each user's events go out in stream order, one after another. */
const USER_CONCURRENCY = 8;

/**
 * Delivers one stream batch's membership and room events to the users' open connections: one
 * BatchGetItem per 100 users for their connections, then per user, in stream order (so that a
 * join and a leave within one batch arrive as they happened), each event's frame (a room
 * summary per user for `room` frames). Answers the indexes of the events whose delivery failed
 * for some connection, so that only their records are retried.
 */
export async function fanOutRoomEvents(
  deps: WsDeps,
  cache: ConnectionCache,
  events: readonly RoomEvent[],
  members: MemberReads,
): Promise<Set<number>> {
  const failed = new Set<number>();
  // Per user, the events that concern them, in stream order (a room change: every member now).
  const queues = new Map<string, { index: number; event: RoomEvent }[]>();
  const enqueue = (userId: string, index: number, event: RoomEvent) => {
    const queue = queues.get(userId);
    if (queue) queue.push({ index, event });
    else queues.set(userId, [{ index, event }]);
  };
  const changedMembers = await Promise.all(
    events.map((event, index) =>
      event.kind === 'changed'
        ? members.members(event.room.id).catch((error: unknown) => {
            deps.logger.error('room members unreadable', { roomId: event.room.id, error });
            failed.add(index);
            return [];
          })
        : [],
    ),
  );
  events.forEach((event, index) => {
    if (event.kind === 'changed') for (const member of changedMembers[index] ?? []) enqueue(member.id, index, event);
    else enqueue(event.userId, index, event);
  });
  if (queues.size === 0) return failed;

  let connections: UserConnection[];
  try {
    connections = await connectionsOfUsers(deps.db, [...queues.keys()]);
  } catch (error) {
    deps.logger.error('user connections unreadable', { error });
    for (const queue of queues.values()) for (const { index } of queue) failed.add(index);
    return failed;
  }
  const connectionsOf = new Map<string, string[]>();
  for (const c of connections) connectionsOf.set(c.userId, [...(connectionsOf.get(c.userId) ?? []), c.connectionId]);

  const gone = new Map<string, string>();
  const unfocused: RoomActivity[] = [];
  const post = async (userId: string, ids: string[], frame: ServerEvent): Promise<boolean> => {
    let ok = true;
    for (const [connectionId, outcome] of await deps.poster.postToMany(ids, frame)) {
      if (outcome === 'gone') gone.set(connectionId, userId);
      if (outcome === 'failed') ok = false;
    }
    return ok;
  };
  await mapWithConcurrency([...queues], USER_CONCURRENCY, async ([userId, queue]) => {
    const ids = connectionsOf.get(userId) ?? [];
    if (ids.length === 0) return;
    for (const { index, event } of queue) {
      try {
        if (!(await deliver(deps, userId, ids, event, post, unfocused))) failed.add(index);
      } catch (error) {
        deps.logger.error('room event fan-out failed', { kind: event.kind, error });
        failed.add(index);
      }
    }
  });
  // Presence: a removed member's focuses ended; the stream's next batch tells the room.
  await putActivities(deps.db, unfocused).catch((error) => deps.logger.warn('presence of removed members not recorded', { error }));
  if (gone.size > 0) {
    const removals = [...gone].map(([connectionId, userId]) => ({ connectionId, userId }));
    // Ids from the users' connection sets: a connection whose $connect is still running answers 410 too.
    await removeConnections(deps, cache, removals, { graceMs: CONNECT_GRACE_MS }).catch((error) => deps.logger.warn('cleanup failed', { error }));
  }
  return failed;
}

/** One event to one user's connections; false when a post failed (the record is retried). */
async function deliver(
  deps: WsDeps,
  userId: string,
  connectionIds: string[],
  event: RoomEvent,
  post: (userId: string, ids: string[], frame: ServerEvent) => Promise<boolean>,
  unfocused: RoomActivity[],
): Promise<boolean> {
  switch (event.kind) {
    case 'joined':
    case 'changed': {
      const roomId = event.kind === 'joined' ? event.roomId : event.room.id;
      // Undefined once the user is no longer a member: the REMOVE that follows says so.
      const summary = await roomSummary(deps.db, userId, roomId);
      return summary ? post(userId, connectionIds, { type: 'room', summary }) : true;
    }
    case 'read':
      return post(userId, connectionIds, { type: 'readUpdated', roomId: event.roomId, readSeq: event.readSeq });
    case 'removed': {
      const ok = await post(userId, connectionIds, { type: 'roomLeft', roomId: event.roomId });
      const ended = await Promise.all(connectionIds.map((id) => endFocus(deps.db, id, event.roomId)));
      for (const focus of ended) {
        if (!focus) continue;
        const { connectionId, username } = focus;
        unfocused.push(newActivity({ roomId: event.roomId, id: deps.newId(), kind: 'left', userId, username, connectionId }, deps.now()));
      }
      return ok;
    }
  }
}
