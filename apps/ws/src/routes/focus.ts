import { limits } from '@chat/contract';
import { endFocus, focusesOf, subscribe } from '@chat/db';
import { recordActivity } from '../activity.ts';
import type { ActionContext } from './action.ts';

/**
 * Focuses the room for this connection, then keeps at most `limits.focus.maxRooms` focuses:
 * the least recently focused others end, each with its presence `left`. Trimming after the
 * write, from what is stored, means concurrent joinRooms converge on the same cap (each removes
 * the same oldest ones) instead of each counting before the other wrote.
 */
export async function focus(ctx: ActionContext, roomId: string): Promise<void> {
  const { deps, connection } = ctx;
  await subscribe(deps.db, connection, roomId, deps.now());
  const others = (await focusesOf(deps.db, connection.connectionId)).filter((f) => f.roomId !== roomId);
  const excess = others.length + 1 - limits.focus.maxRooms;
  if (excess <= 0) return;
  const oldest = others.sort((a, b) => a.focusedAt - b.focusedAt || a.roomId.localeCompare(b.roomId)).slice(0, excess);
  await Promise.all(
    oldest.map(async ({ roomId: old }) => {
      // Only the run that removed it records the leave.
      if (await endFocus(deps.db, connection.connectionId, old)) await recordActivity(deps, connection, old, 'left');
    }),
  );
}
