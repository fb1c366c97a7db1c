import type { Message, ServerEvent } from '@chat/contract';
import { mapWithConcurrency } from '@chat/db';
import { CONNECT_GRACE_MS, type ConnectionCache, removeConnections } from './connections.ts';
import type { WsDeps } from './deps.ts';
import { type MemberReads, memberReadsOnce } from './member-connections.ts';

/** Rooms fanned out at once; each room's posts are bounded by the poster's own pool. */
const ROOM_CONCURRENCY = 4;

/**
 * API Gateway meters (and frames) WebSocket messages in 32 KB units and refuses posts over
 * 128 KB, so one coalesced frame stays under 32 KB; a busy room gets a few frames per batch.
 */
export const MAX_FRAME_BYTES = 32 * 1024 - 512;

/** The frames that carry a room's new and changed messages: `message` for one, `messageBatch` for several. */
export function framesFor(roomId: string, messages: readonly Message[]): ServerEvent[] {
  const frames: ServerEvent[] = [];
  let chunk: Message[] = [];
  let bytes = 0;
  const flush = () => {
    if (chunk.length === 1) frames.push({ type: 'message', message: chunk[0] as Message });
    else if (chunk.length > 1) frames.push({ type: 'messageBatch', roomId, messages: chunk });
    chunk = [];
    bytes = 0;
  };
  for (const m of messages) {
    const size = Buffer.byteLength(JSON.stringify(m)) + 1;
    if (chunk.length > 0 && bytes + size > MAX_FRAME_BYTES) flush();
    chunk.push(m);
    bytes += size;
  }
  flush();
  return frames;
}

/**
 * A batch's messages by room, each message once in its latest state (a batch can hold its
 * creation and an edit, or a reply's parent twice), in seq order: what one frame carries.
 */
export function coalesceByRoom(messages: readonly Message[]): Map<string, Message[]> {
  const latest = new Map<string, Message>();
  for (const m of messages) {
    const seen = latest.get(m.id);
    if (!seen || seen.seq < m.seq) latest.set(m.id, m);
  }
  const byRoom = new Map<string, Message[]>();
  for (const m of [...latest.values()].sort((a, b) => a.seq - b.seq)) {
    const list = byRoom.get(m.roomId);
    if (list) list.push(m);
    else byRoom.set(m.roomId, [m]);
  }
  return byRoom;
}

/**
 * Delivers one stream batch's new and changed messages to the members of their rooms: grouped
 * by room, the room's members (one Query) and their open connections (one BatchGetItem per 100
 * members), one frame per connection (`messageBatch` when a room got several, split at 32 KB),
 * posted concurrently. Connections that answer 410 are removed. Answers the ids of messages whose
 * delivery failed for some connection, so only their stream records are retried.
 */
export async function fanOutMessages(
  deps: WsDeps,
  cache: ConnectionCache,
  messages: readonly Message[],
  // The stream handler passes one shared with the batch's room changes.
  members: MemberReads = memberReadsOnce(deps),
): Promise<Set<string>> {
  const byRoom = coalesceByRoom(messages);
  const failed = new Set<string>();
  const gone = new Map<string, string | undefined>();
  await mapWithConcurrency([...byRoom], ROOM_CONCURRENCY, async ([roomId, roomMessages]) => {
    try {
      const connections = await members.connections(roomId);
      const ownerOf = new Map(connections.map((c) => [c.connectionId, c.userId]));
      const ids = [...ownerOf.keys()];
      for (const frame of framesFor(roomId, roomMessages)) {
        const carried = frame.type === 'message' ? [frame.message] : frame.type === 'messageBatch' ? frame.messages : [];
        for (const [connectionId, outcome] of await deps.poster.postToMany(ids, frame)) {
          if (outcome === 'gone') gone.set(connectionId, ownerOf.get(connectionId));
          if (outcome === 'failed') for (const m of carried) failed.add(m.id);
        }
      }
    } catch (error) {
      deps.logger.error('fan-out failed', { roomId, error });
      for (const m of roomMessages) failed.add(m.id);
    }
  });
  if (gone.size > 0) {
    const removals = [...gone].map(([connectionId, userId]) => ({ connectionId, ...(userId && { userId }) }));
    // Ids from the users' connection sets: a connection whose $connect is still running answers 410 too.
    await removeConnections(deps, cache, removals, { graceMs: CONNECT_GRACE_MS }).catch((error) => deps.logger.warn('cleanup failed', { error }));
  }
  return failed;
}
