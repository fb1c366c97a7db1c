import type { Message } from '@chat/contract';

/**
 * Where the "New messages" divider goes: before the `unread`-th newest message by someone else
 * that is not deleted (what the server's unread count counts). `complete` is false while fewer
 * such messages are loaded: the divider then sits at the oldest one loaded, for now.
 */
export function firstUnread(stored: readonly Message[], selfId: string, unread: number): { id: string; complete: boolean } | null {
  if (unread <= 0) return null;
  let counted = 0;
  let oldest: string | null = null;
  for (let i = stored.length - 1; i >= 0; i--) {
    const m = stored[i]!;
    if (m.userId === selfId || m.deletedAt !== null) continue;
    counted++;
    oldest = m.id;
    if (counted === unread) return { id: m.id, complete: true };
  }
  return oldest === null ? null : { id: oldest, complete: false };
}
