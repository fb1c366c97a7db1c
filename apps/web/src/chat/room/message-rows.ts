// The message list's rows: day dividers between days, and messages grouped by author (a new
// group when the author changes or after a pause), so a conversation reads like one; and the
// "New messages" divider before the first unread one.
import { dayKey, type TimeFormatOptions } from '../../lib/time-format.ts';
import type { DisplayMessage } from '../state/display-messages.ts';

export type MessageRowModel =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: DisplayMessage; startsGroup: boolean };

/** Messages more than this far apart start a new group even from the same author. */
export const GROUP_GAP_MS = 5 * 60_000;

export const UNREAD_ROW_KEY = 'new-messages';

/** `firstUnreadId`: the stored message the "New messages" divider goes before. */
export function toRows(messages: readonly DisplayMessage[], options: TimeFormatOptions & { firstUnreadId?: string | null } = {}): MessageRowModel[] {
  const rows: MessageRowModel[] = [];
  let previous: DisplayMessage | undefined;
  let previousDay: string | undefined;
  for (const message of messages) {
    const day = dayKey(message.createdAt, options);
    const newDay = day !== previousDay;
    if (newDay) rows.push({ kind: 'day', key: `day:${day}`, at: message.createdAt });
    const unreadStarts = message.id !== null && message.id === options.firstUnreadId;
    if (unreadStarts) rows.push({ kind: 'unread', key: UNREAD_ROW_KEY });
    const startsGroup =
      newDay ||
      unreadStarts ||
      previous === undefined ||
      previous.userId !== message.userId ||
      message.createdAt - previous.createdAt > GROUP_GAP_MS;
    rows.push({ kind: 'message', key: message.key, message, startsGroup });
    previous = message;
    previousDay = day;
  }
  return rows;
}
