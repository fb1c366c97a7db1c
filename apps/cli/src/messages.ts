// The open room's messages as the screen numbers them: oldest first, one entry per message in its
// latest state. Every state of a message arrives (history, live, the answer to an edit), maybe
// more than once and out of order: its seq says which is newer.
import type { Message } from './sdk-types.ts';

export type Change = 'new' | 'edited' | 'deleted' | 'reactions' | 'replies';

export interface Applied {
  messages: Message[];
  /** What this state changed, null when it was no news (an older or the same state). */
  change: Change | null;
  /** The message's number on screen (1-based). */
  number: number;
}

function changeBetween(before: Message, after: Message): Change {
  if (after.deletedAt !== null && before.deletedAt === null) return 'deleted';
  if (after.text !== before.text || after.editedAt !== before.editedAt) return 'edited';
  if (after.replyCount !== before.replyCount) return 'replies';
  return 'reactions';
}

/** Ids are ULIDs: their order is their creation order. */
export function applyMessage(messages: readonly Message[], message: Message): Applied {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index >= 0) {
    const before = messages[index]!;
    if (message.seq <= before.seq) return { messages: [...messages], change: null, number: index + 1 };
    const next = [...messages];
    next[index] = message;
    return { messages: next, change: changeBetween(before, message), number: index + 1 };
  }
  let at = messages.length;
  while (at > 0 && messages[at - 1]!.id > message.id) at--;
  const next = [...messages.slice(0, at), message, ...messages.slice(at)];
  return { messages: next, change: 'new', number: at + 1 };
}

/** The message `/edit` or `/react` is about: number n, or the last one (for an edit: the user's own). */
export function findTarget(
  messages: readonly Message[],
  target: number | 'last',
  { ownBy }: { ownBy?: string } = {},
): Message | string {
  const live = (m: Message) => m.deletedAt === null && (ownBy === undefined || m.userId === ownBy);
  if (target === 'last') {
    const found = messages.findLast(live);
    return found ?? (ownBy === undefined ? 'There is no message to react to yet' : 'You have not sent a message here yet');
  }
  const found = messages[target - 1];
  if (!found) return `There is no message [${target}] here`;
  if (found.deletedAt !== null) return `Message [${target}] was deleted`;
  if (!live(found)) return `Message [${target}] is not yours`;
  return found;
}
