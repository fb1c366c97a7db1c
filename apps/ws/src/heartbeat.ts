import { limits } from '@chat/contract';
import { markFocusesSeen, markFocusGone, quietFocuses } from '@chat/db';
import { recordActivity } from './activity.ts';
import type { WsDeps } from './deps.ts';

/** A container looks for the quiet focuses of a room at most this often (a half of staleAfterMs). */
export const SWEEP_INTERVAL_MS = limits.focus.staleAfterMs / 2;
/** Rooms whose last sweep a container remembers; past it, the oldest are forgotten (swept again sooner). */
const SWEPT_ROOMS_MAX = 10_000;

/**
 * A client's ping is its heartbeat: its focuses are seen now. Presence and typing ignore focuses
 * not seen for `limits.focus.staleAfterMs`, so a frozen client (TCP open, no frames) drops out
 * within a minute instead of staying online until API Gateway's 10-minute idle timeout. The
 * members already in the room hear of it too: the others' pings sweep the rooms they focus (each
 * room at most every SWEEP_INTERVAL_MS per container: one Query) and record a `left` for each
 * quiet focus, once (markFocusGone is conditional); the frozen client's next ping records its
 * `joined`. Both go out as any join or leave does, through the stream (activity-fan-out.ts).
 */
export function createHeartbeat(deps: WsDeps) {
  const sweptAt = new Map<string, number>();

  async function sweepRoom(roomId: string, now: number) {
    const last = sweptAt.get(roomId);
    if (last !== undefined && now - last < SWEEP_INTERVAL_MS) return;
    sweptAt.delete(roomId); // re-inserted last: the Map's first key is the longest unswept
    sweptAt.set(roomId, now);
    if (sweptAt.size > SWEPT_ROOMS_MAX) sweptAt.delete(sweptAt.keys().next().value!);
    for (const focus of await quietFocuses(deps.db, roomId, now)) {
      if (await markFocusGone(deps.db, focus, now)) await recordActivity(deps, focus, roomId, 'left');
    }
  }

  return {
    /** Marks the connection's focuses seen (and tells the rooms that had heard it was gone); answers its rooms. */
    async seen(connectionId: string): Promise<string[]> {
      const { rooms, back } = await markFocusesSeen(deps.db, connectionId, deps.now());
      await Promise.all(back.map((focus) => recordActivity(deps, focus, focus.roomId, 'joined')));
      return rooms;
    },
    /** Sweeps those of the rooms not swept lately; a failure is logged, never the pinger's. */
    async sweep(rooms: readonly string[]): Promise<void> {
      const now = deps.now();
      await Promise.all(rooms.map((roomId) => sweepRoom(roomId, now).catch((error) => deps.logger.warn('presence sweep failed', { roomId, error }))));
    },
  };
}
