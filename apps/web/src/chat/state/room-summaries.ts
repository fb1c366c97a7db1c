// The rooms.list cache (RoomSummary[]): every change to it goes through these updaters, whether
// it comes from a `room` / `roomLeft` frame or from a mutation's answer. Pure functions over the
// list, and the one function that applies them to the query cache. The web-unread part adds its
// read-state updaters in its own block below.
import { GENERAL_ROOM_ID, limits, type Message, type PublicUser, type Room, type RoomSummary } from '@chat/contract';
import type { QueryClient, QueryKey } from '@tanstack/react-query';

export type RoomSummaries = RoomSummary[];

/** Puts the summary in place of the one with its room's id, or adds it. */
export function upsertSummary(list: readonly RoomSummary[], summary: RoomSummary): RoomSummaries {
  const index = list.findIndex((s) => s.room.id === summary.room.id);
  if (index < 0) return [...list, summary];
  const next = [...list];
  next[index] = summary;
  return next;
}

/**
 * A room as a mutation answered it (created, joined, renamed, a DM opened): its fields replace
 * the cached ones, the read state stays; a room not in the list yet comes in with nothing unread.
 */
export function upsertRoom(list: readonly RoomSummary[], room: Room, members?: PublicUser[]): RoomSummaries {
  const existing = list.find((s) => s.room.id === room.id);
  const memberList = members ?? existing?.members;
  const base = existing ?? { room, lastSeq: 0, readSeq: 0, unread: 0, mentions: 0 };
  return upsertSummary(list, { ...base, room, ...(memberList && { members: memberList }) });
}

export function removeSummary(list: readonly RoomSummary[], roomId: string): RoomSummaries {
  return list.filter((s) => s.room.id !== roomId);
}

/**
 * Applies an updater to the cached list. Before the list has loaded there is nothing to update,
 * and a list in flight may have been read before the change: either way it is read again, so the
 * change is not lost.
 */
export function updateRoomSummaries(queryClient: QueryClient, queryKey: QueryKey, update: (list: RoomSummaries) => RoomSummaries): void {
  const state = queryClient.getQueryState(queryKey);
  const loaded = queryClient.getQueryData<RoomSummaries>(queryKey);
  if (loaded) queryClient.setQueryData<RoomSummaries>(queryKey, update(loaded));
  if (!loaded || state?.fetchStatus === 'fetching') void queryClient.invalidateQueries({ queryKey });
}

// ---- how the sidebar shows the list ----

/** What a room is called: a channel's name, a DM's other people (oneself only in a DM with oneself). */
export function roomTitle(summary: RoomSummary, selfId: string): string {
  if (summary.room.kind !== 'dm') return summary.room.name;
  const members = summary.members ?? [];
  const others = members.filter((m) => m.id !== selfId);
  const names = (others.length > 0 ? others : members).map((m) => m.username);
  names.sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  return names.length > 0 ? names.join(', ') : summary.room.name || 'Direct message';
}

export interface SidebarRooms {
  /** Public and private rooms: `general` first, then by name. */
  channels: RoomSummary[];
  /** DMs, by their title. */
  directMessages: RoomSummary[];
}

export function groupRooms(list: readonly RoomSummary[], selfId: string): SidebarRooms {
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  const channels = list
    .filter((s) => s.room.kind !== 'dm')
    .sort((a, b) => (a.room.id === GENERAL_ROOM_ID ? -1 : b.room.id === GENERAL_ROOM_ID ? 1 : byName(a.room.name, b.room.name)));
  const directMessages = list.filter((s) => s.room.kind === 'dm').sort((a, b) => byName(roomTitle(a, selfId), roomTitle(b, selfId)));
  return { channels, directMessages };
}

/** Every room in sidebar order: channels, then direct messages (Alt+Arrow walks it). */
export function sidebarOrder(groups: SidebarRooms): RoomSummary[] {
  return [...groups.channels, ...groups.directMessages];
}

// ---- read state (web-unread) ----

type Summaries = RoomSummary[] | undefined;

function withSummary(summaries: Summaries, roomId: string, update: (summary: RoomSummary) => RoomSummary): Summaries {
  if (!summaries) return summaries;
  const at = summaries.findIndex((s) => s.room.id === roomId);
  if (at < 0) return summaries;
  const next = update(summaries[at]!);
  return next === summaries[at] ? summaries : summaries.with(at, next);
}

/** A message state untouched by any change since its creation (the feed sends changes as full states too). */
export function isAsCreated(message: Message): boolean {
  const { editedAt, deletedAt, replyCount, reactions } = message;
  return editedAt === null && deletedAt === null && replyCount === 0 && reactions.length === 0;
}

/**
 * The room's read position moved (markRead's answer, a `readUpdated` frame): it never moves
 * back, and read up to the room's last change leaves nothing unread.
 */
export function withReadSeq(summaries: Summaries, roomId: string, readSeq: number): Summaries {
  return withSummary(summaries, roomId, (s) => {
    if (readSeq <= s.readSeq) return s;
    const readAll = readSeq >= s.lastSeq;
    return { ...s, readSeq, ...(readAll && { unread: 0, mentions: 0 }) };
  });
}

/**
 * Whether a read position leaves the room's counts unknown here: something before `readSeq`
 * was read but not everything, so the server has to count again.
 */
export function readLeavesCountsUnknown(summaries: Summaries, roomId: string, readSeq: number): boolean {
  const s = summaries?.find((x) => x.room.id === roomId);
  return s !== undefined && s.unread > 0 && readSeq > s.readSeq && readSeq < s.lastSeq;
}

/**
 * A message state from the live feed. The room's lastSeq follows it; a message by someone else
 * that is new since the list was read (as created, with a seq past the room's lastSeq) counts
 * as unread (and as a mention of `selfId` if it mentions them), up to the exact limit, unless
 * `read` (the room is open and shown: it is being read right now).
 */
export function withFeedMessage(summaries: Summaries, message: Message, selfId: string, options: { read: boolean }): Summaries {
  return withSummary(summaries, message.roomId, (s) => {
    if (message.seq <= s.lastSeq) return s; // counted by the server already, or older than what it counted
    const counts = !options.read && message.userId !== selfId && isAsCreated(message) && message.seq > s.readSeq;
    if (!counts) return { ...s, lastSeq: message.seq };
    const cap = limits.unread.max;
    return {
      ...s,
      lastSeq: message.seq,
      unread: Math.min(s.unread + 1, cap),
      mentions: message.mentions.includes(selfId) ? Math.min(s.mentions + 1, cap) : s.mentions,
    };
  });
}

/**
 * Whether a message state from the feed may change a count in a way only the server can tell:
 * a delete of someone else's message in a room with unread ones (it may have been one of them),
 * or a message of a room the list does not have yet.
 */
export function feedLeavesCountsUnknown(summaries: Summaries, message: Message, selfId: string): boolean {
  if (!summaries) return false; // the list's first load counts it
  const s = summaries.find((x) => x.room.id === message.roomId);
  if (!s) return true;
  return message.deletedAt !== null && message.userId !== selfId && s.unread > 0 && message.seq > s.lastSeq;
}
