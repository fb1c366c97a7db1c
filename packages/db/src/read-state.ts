import type { Principal, ReadState, RoomSummary } from '@chat/contract';
import type { Db } from './db.ts';
import { getRoom } from './rooms.ts';
import { lastSeq } from './room-seq.ts';
import { membershipsOf } from './membership.ts';

// The v2 base: signatures only, with a first cut; the read-state work replaces the bodies.

/** rooms.list: the user's rooms with read state (every user is a member of general). */
export async function listRoomSummaries(db: Db, principal: Principal, _now: number): Promise<RoomSummary[]> {
  const memberships = await membershipsOf(db, principal.id);
  const summaries = await Promise.all(memberships.map((m) => roomSummary(db, principal.id, m.roomId)));
  return summaries.filter((s): s is RoomSummary => s !== undefined);
}

/** One room's summary for one user (the `room` frame), or undefined when the user is not a member. */
export async function roomSummary(db: Db, _userId: string, roomId: string): Promise<RoomSummary | undefined> {
  const [room, seq] = await Promise.all([getRoom(db, roomId), lastSeq(db, roomId)]);
  if (!room) return undefined;
  return { room, lastSeq: seq, readSeq: 0, unread: 0, mentions: 0 };
}

/** rooms.markRead: clamped to lastSeq, never moves back; a non-member gets RoomChangeError (FORBIDDEN / NOT_FOUND). */
export async function markRead(_db: Db, _userId: string, roomId: string, seq: number): Promise<ReadState> {
  return { roomId, readSeq: seq };
}
