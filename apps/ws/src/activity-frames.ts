import type { EventOf, Message, Principal } from '@chat/contract';
import type { RoomActivity, RoomConnection } from '@chat/db';

/** A frame and the connections it goes to: one serialization, one postToMany. */
export interface Addressed<F> {
  frame: F;
  connectionIds: string[];
}

const byUsername = (a: Principal, b: Principal) => a.username.localeCompare(b.username);

/**
 * One batch window's presence change of a room, read against the room's connections as they
 * are now (after the window's events), so that a user's several events collapse and order
 * within the window does not matter:
 * - `joined`: users who joined in the window and are in the room now;
 * - `left`: users who left in the window and have no connection left in the room.
 * Undefined when nothing changed. Every connection of the room gets the same frame: a joiner
 * finds itself in it (its full list came with `joined`), clients add and remove by id.
 */
export function presenceDelta(
  roomId: string,
  events: readonly RoomActivity[],
  connections: readonly RoomConnection[],
): Addressed<EventOf<'presence'>> | undefined {
  const present = new Set(connections.map((c) => c.userId));
  const joined = new Map<string, Principal>();
  const left = new Map<string, Principal>();
  for (const e of events) {
    const user = { id: e.userId, username: e.username };
    if (e.kind === 'joined' && present.has(e.userId)) joined.set(e.userId, user);
    if (e.kind === 'left' && !present.has(e.userId)) left.set(e.userId, user);
  }
  if (joined.size === 0 && left.size === 0) return undefined;
  const frame: EventOf<'presence'> = {
    type: 'presence',
    roomId,
    ...(joined.size > 0 && { joined: [...joined.values()].sort(byUsername) }),
    ...(left.size > 0 && { left: [...left.values()].sort(byUsername) }),
  };
  return { frame, connectionIds: connections.map((c) => c.connectionId) };
}

/**
 * One batch window's typing frames of a room: every connection learns who else typed (`users`,
 * the latest typist as `user`); a typist is never told of its own typing, so the typists'
 * connections get the list without themselves, and a connection with no one else typing gets
 * nothing. Typists no longer in the room are dropped.
 */
export function typingFrames(
  roomId: string,
  events: readonly RoomActivity[],
  connections: readonly RoomConnection[],
): Addressed<EventOf<'typing'>>[] {
  const present = new Set(connections.map((c) => c.userId));
  // Latest typing last: a Map keeps first insertion order, so re-insert on each event.
  const typists = new Map<string, Principal>();
  for (const e of events) {
    if (e.kind !== 'typing' || !present.has(e.userId)) continue;
    typists.delete(e.userId);
    typists.set(e.userId, { id: e.userId, username: e.username });
  }
  if (typists.size === 0) return [];
  // Connections grouped by which typist (if any) they must not hear about.
  const groups = new Map<string | undefined, string[]>();
  for (const c of connections) {
    const key = typists.has(c.userId) ? c.userId : undefined;
    const group = groups.get(key);
    if (group) group.push(c.connectionId);
    else groups.set(key, [c.connectionId]);
  }
  const frames: Addressed<EventOf<'typing'>>[] = [];
  for (const [self, connectionIds] of groups) {
    const others = [...typists.values()].filter((t) => t.id !== self);
    const latest = others.at(-1);
    if (!latest) continue;
    frames.push({ frame: { type: 'typing', roomId, user: latest, users: [...others].sort(byUsername) }, connectionIds });
  }
  return frames;
}

/**
 * A batch's typing events without those a message of the same batch supersedes: the typist's
 * new message in that room, created after the keystroke (ids are ULIDs: they order by time).
 * Its frames and the typing frame go out concurrently, so a typing frame could otherwise land
 * after the message and show its author typing for the whole window.
 */
export function withoutSupersededTyping(activities: readonly RoomActivity[], messages: readonly Message[]): RoomActivity[] {
  const lastSent = new Map<string, string>();
  for (const m of messages) {
    const key = `${m.roomId}\n${m.userId}`;
    if (m.id > (lastSent.get(key) ?? '')) lastSent.set(key, m.id);
  }
  return activities.filter((a) => a.kind !== 'typing' || !(a.id < (lastSent.get(`${a.roomId}\n${a.userId}`) ?? '')));
}
