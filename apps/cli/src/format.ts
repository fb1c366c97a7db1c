// How messages, rooms and changes read as lines of the terminal.
import type { Change } from './messages.ts';
import type { ConnectionStatus, Message, RoomSummary } from './sdk-types.ts';

/** What a transcript line is, for its color. */
export type Tone = 'message' | 'mine' | 'change' | 'notice' | 'error';

function clock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function reactionsText(message: Message): string {
  return message.reactions.map((r) => `${r.emoji} ${r.userIds.length}`).join('  ');
}

export function messageLine(number: number, message: Message): string {
  if (message.deletedAt !== null) return `[${number}] ${clock(message.createdAt)} ${message.username}: (deleted)`;
  const edited = message.editedAt !== null ? ' (edited)' : '';
  const reactions = message.reactions.length ? `  ${reactionsText(message)}` : '';
  return `[${number}] ${clock(message.createdAt)} ${message.username}: ${message.text}${edited}${reactions}`;
}

/** A line saying what happened to message `number`, for states after the first one shown. */
export function changeLine(number: number, message: Message, change: Exclude<Change, 'new'>): string {
  switch (change) {
    case 'edited':
      return `[${number}] edited by ${message.username}: ${message.text}`;
    case 'deleted':
      return `[${number}] deleted by ${message.username}`;
    case 'reactions':
      return `[${number}] reactions: ${reactionsText(message) || 'none'}`;
    case 'replies':
      return `[${number}] ${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}`;
  }
}

/** A room as lists show it: `#id` (a DM: `@the others`), with its unread count. */
export function roomTitle(summary: Pick<RoomSummary, 'room' | 'members'>, myId: string | null): string {
  if (summary.room.kind === 'dm') {
    const others = (summary.members ?? []).filter((m) => m.id !== myId).map((m) => `@${m.username}`);
    return others.join(', ') || 'a DM';
  }
  return `#${summary.room.id}`;
}

export function roomListLines(rooms: readonly RoomSummary[], myId: string | null): string[] {
  return rooms.map((s, i) => {
    const unread = s.unread ? `  ${s.unread} unread${s.mentions ? `, ${s.mentions} mentioning you` : ''}` : '';
    const topic = s.room.topic ? ` · ${s.room.topic}` : '';
    return `  ${i + 1}. ${roomTitle(s, myId)}${topic}${unread}`;
  });
}

/** The status line's words for the live connection. */
export function statusText(status: ConnectionStatus): string {
  switch (status) {
    case 'connecting':
      return 'connecting…';
    case 'live':
      return 'live';
    case 'reconnecting':
      return 'reconnecting… (what you send waits until the server is back)';
    case 'offline':
      return 'offline: no network (what you send waits until it is back)';
    case 'closed':
      return 'not connected';
  }
}

/** A line for the transcript when the connection is lost or back; null for other moves. */
export function statusChangeLine(before: ConnectionStatus, after: ConnectionStatus): string | null {
  const down = (s: ConnectionStatus) => s === 'reconnecting' || s === 'offline';
  if (after === 'live' && down(before)) return '* Connected again: live';
  if (down(after) && before === 'connecting') return `! Cannot connect yet: ${statusText(after)}`;
  if (down(after) && before === 'live') return `! Connection lost: ${statusText(after)}`;
  if (after === 'offline' && before === 'reconnecting') return `! ${statusText(after)}`;
  return null;
}
