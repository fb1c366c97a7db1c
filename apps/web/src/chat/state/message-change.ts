// Whether a message state is news to the reader (unread counts, typing, announcements).
import type { Message } from '@chat/contract';
import type { Upsert } from './message-cache.ts';

/** A state no change has touched yet: how a message looks when it is created. */
function isFirstState(m: Message): boolean {
  return m.editedAt === null && m.deletedAt === null && m.replyCount === 0 && m.reactions.length === 0;
}

/**
 * From the merge when the room's history is loaded (`upsert`); for a room not loaded, from the
 * state alone (a state some change has touched is taken as a change, not as a new message).
 */
export function isNewToReader(message: Message, upsert: Upsert | undefined): boolean {
  return upsert ? upsert.result === 'added' : isFirstState(message);
}
