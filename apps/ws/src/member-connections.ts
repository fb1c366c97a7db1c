import type { PublicUser } from '@chat/contract';
import { connectionsOfUsers, roomMembers, type UserConnection } from '@chat/db';
import type { WsDeps } from './deps.ts';

/** A room's members and their open connections, read once per stream batch. */
export interface MemberReads {
  members(roomId: string): Promise<PublicUser[]>;
  /** The open connections of the room's members: one Query of the members, one BatchGetItem per 100 of them. */
  connections(roomId: string): Promise<UserConnection[]>;
}

/**
 * Memoized for one batch, however many of its messages and room changes ask: a busy room costs
 * its reads once per batch. Not longer: the next batch must see who joined, left or connected.
 */
export function memberReadsOnce(deps: WsDeps): MemberReads {
  const members = new Map<string, Promise<PublicUser[]>>();
  const connections = new Map<string, Promise<UserConnection[]>>();
  const once = <T>(cache: Map<string, Promise<T>>, roomId: string, read: () => Promise<T>) => {
    let found = cache.get(roomId);
    if (!found) cache.set(roomId, (found = read()));
    return found;
  };
  const reads: MemberReads = {
    members: (roomId) => once(members, roomId, () => roomMembers(deps.db, roomId)),
    connections: (roomId) =>
      once(connections, roomId, async () =>
        connectionsOfUsers(
          deps.db,
          (await reads.members(roomId)).map((m) => m.id),
        ),
      ),
  };
  return reads;
}
