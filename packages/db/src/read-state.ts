import { GENERAL_ROOM_ID, type Principal, type ReadState, type RoomSummary } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { mapWithConcurrency } from './concurrency.ts';
import type { Db } from './db.ts';
import { addMember, getMembership, membershipsOf, roomAccess, type StoredMembership } from './membership.ts';
import { type RoomHead, type RoomItem, roomHeads } from './room-heads.ts';
import { RoomChangeError } from './room-errors.ts';
import { lastSeq } from './room-seq.ts';
import { toRoom } from './rooms.ts';
import { countUnread } from './unread.ts';
import { getUser } from './users.ts';
import { isConditionFailed } from './write-conditions.ts';

/** DynamoDB calls rooms.list keeps in flight at once (BatchGetItem, then the unread Queries). */
const READ_CONCURRENCY = 8;

/**
 * rooms.list: the user's rooms with read state. One Query of the user's memberships, the Room
 * and RoomSeq items by BatchGetItem (100 keys a call), and an unread Query only for a room
 * with something after the read position; for 500 rooms about a dozen calls plus one per
 * room with news, instead of three per room. Every user is a member of general: a user
 * stored before memberships existed is made one here.
 */
export async function listRoomSummaries(db: Db, principal: Principal, now: number): Promise<RoomSummary[]> {
  const memberships = await membershipsOf(db, principal.id);
  if (!memberships.some((m) => m.roomId === GENERAL_ROOM_ID)) memberships.push(await repairGeneral(db, principal, now));
  const heads = await roomHeads(db, memberships.map((m) => m.roomId), READ_CONCURRENCY);
  // A membership whose room is gone lists nothing.
  const present = memberships.flatMap((m) => {
    const head = heads.get(m.roomId);
    return head ? [{ head, readSeq: m.readSeq }] : [];
  });
  const summaries = await mapWithConcurrency(present, READ_CONCURRENCY, ({ head, readSeq }) => summarize(db, principal.id, head, readSeq));
  return inListOrder(summaries, principal.id);
}

/**
 * One room's summary for one user (the `room` frame), or undefined when the user is not a
 * member (or the room does not exist). General counts every user as a member.
 */
export async function roomSummary(db: Db, userId: string, roomId: string): Promise<RoomSummary | undefined> {
  const [room, membership, seq] = await Promise.all([getRoomItem(db, roomId), getMembership(db, userId, roomId), lastSeq(db, roomId)]);
  if (!room || (!membership && roomId !== GENERAL_ROOM_ID)) return undefined;
  return summarize(db, userId, { room, lastSeq: seq }, membership?.readSeq ?? 0);
}

/**
 * rooms.markRead: moves the user's read position to `seq`, clamped to the room's lastSeq, and
 * never back: a conditional update (readSeq < the new value) of the Membership item, whose
 * MODIFY record the stream turns into `readUpdated` frames; when the condition fails (a
 * further position was stored meanwhile) the stored one is the answer. A non-member gets
 * RoomChangeError (FORBIDDEN for a public room, NOT_FOUND otherwise); a user without a
 * general membership (stored before memberships existed) is given one.
 */
export async function markRead(db: Db, userId: string, roomId: string, seq: number, now = Date.now()): Promise<ReadState> {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RoomChangeError('BAD_REQUEST', 'seq must be an integer of 0 or more');
  const [access, last] = await Promise.all([roomAccess(db, userId, roomId), lastSeq(db, roomId)]);
  if (!access.ok) throw new RoomChangeError(access.code, access.message);
  const stored = access.membership ?? (await repairGeneralFor(db, userId, now));
  const target = Math.min(seq, last);
  if (target <= stored.readSeq) return { roomId, readSeq: stored.readSeq };
  try {
    await db.entities.Membership.build(UpdateItemCommand)
      .item({ userId, roomId, readSeq: target })
      // Also false when the membership is gone: the update never creates one.
      .options({ condition: { attr: 'readSeq', lt: target } })
      .send();
    return { roomId, readSeq: target };
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
    const current = await getMembership(db, userId, roomId);
    // Left meanwhile: refused as a non-member is.
    if (!current) throw new RoomChangeError(access.room.kind === 'public' ? 'FORBIDDEN' : 'NOT_FOUND', `Not a member of room "${roomId}"`);
    return { roomId, readSeq: current.readSeq };
  }
}

async function summarize(db: Db, userId: string, head: RoomHead, readSeq: number): Promise<RoomSummary> {
  const { unread, mentions } = head.lastSeq > readSeq ? await countUnread(db, userId, head.room.id, readSeq) : { unread: 0, mentions: 0 };
  const room = toRoom(head.room);
  return {
    room,
    ...(room.kind === 'dm' && { members: head.room.members ?? [] }),
    lastSeq: head.lastSeq,
    readSeq,
    unread,
    mentions,
  };
}

/** The Room item itself (toRoom drops a DM's members), read strongly consistent. */
async function getRoomItem(db: Db, id: string): Promise<RoomItem | undefined> {
  const { Item } = await db.entities.Room.build(GetItemCommand).key({ id }).options({ consistent: true }).send();
  return Item;
}

/** Makes the user a member of general; answers the membership (a concurrent repair's, if it won). */
async function repairGeneral(db: Db, user: Principal, now: number): Promise<StoredMembership> {
  await addMember(db, GENERAL_ROOM_ID, { id: user.id, username: user.username }, now);
  const stored = await getMembership(db, user.id, GENERAL_ROOM_ID);
  if (!stored) throw new Error('general membership missing right after it was added');
  return stored;
}

async function repairGeneralFor(db: Db, userId: string, now: number): Promise<StoredMembership> {
  const user = await getUser(db, userId);
  if (!user) throw new RoomChangeError('NOT_FOUND', 'No such user');
  return repairGeneral(db, user, now);
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** General first, then rooms by name, then DMs by their other members' names; ids break ties. */
function inListOrder(summaries: RoomSummary[], userId: string): RoomSummary[] {
  const sortable = summaries.map((s) => ({
    s,
    rank: s.room.id === GENERAL_ROOM_ID ? 0 : s.room.kind === 'dm' ? 2 : 1,
    label:
      s.room.kind === 'dm'
        ? (s.members ?? [])
            .filter((m) => m.id !== userId)
            .map((m) => m.username)
            .sort(collator.compare)
            .join(', ')
        : s.room.name,
  }));
  sortable.sort(
    (a, b) => a.rank - b.rank || collator.compare(a.label, b.label) || (a.s.room.id < b.s.room.id ? -1 : a.s.room.id > b.s.room.id ? 1 : 0),
  );
  return sortable.map(({ s }) => s);
}
