// Who is online in each focused room: the full list from a `joined` answer (or a v1 `presence`
// with `users`), then `presence` deltas (joined / left).
import type { Principal } from '@chat/contract';

export type OnlineByRoom = Record<string, Principal[]>;

export interface PresenceChange {
  users?: readonly Principal[];
  joined?: readonly Principal[];
  left?: readonly Principal[];
}

export function applyPresence(online: readonly Principal[], change: PresenceChange): Principal[] {
  const byId = new Map((change.users ?? online).map((u) => [u.id, u]));
  for (const user of change.left ?? []) byId.delete(user.id);
  for (const user of change.joined ?? []) byId.set(user.id, user);
  return [...byId.values()];
}
