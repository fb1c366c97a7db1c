// Updaters of the rooms.list cache (RoomSummary[]): `queryClient.setQueryData(trpc.rooms.list.queryKey(), update)`.
// Each takes the cached list (undefined before it loaded) and answers the next one, the same
// array when nothing changed.
import { limits, type Message, type RoomSummary } from '@chat/contract';

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
