// What the badges and the tab title count, from the server's summaries and the muted rooms.
import type { RoomSummary } from '@chat/contract';

/** What a room's badges show: its unread count (none when muted) and its mentions. */
export function badgeCounts(summary: RoomSummary, muted: boolean): { unread: number; mentions: number } {
  return { unread: muted ? 0 : summary.unread, mentions: summary.mentions };
}

/** The "(N)" of the title: unread messages in every room but `exceptRoomId`, and only the mentions of a muted room. */
export function unreadTotal(summaries: readonly RoomSummary[], muted: ReadonlySet<string>, exceptRoomId: string | null): number {
  return summaries.reduce((sum, s) => {
    if (s.room.id === exceptRoomId) return sum;
    const { unread, mentions } = badgeCounts(s, muted.has(s.room.id));
    return sum + (unread || mentions);
  }, 0);
}
