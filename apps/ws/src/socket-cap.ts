import { getConnections, mapWithConcurrency, type StoredConnection } from '@chat/db';
import { type ConnectionCache, type GoneConnection, removeConnections } from './connections.ts';
import type { WsDeps } from './deps.ts';

/** Sockets one user may hold at once (tabs, devices); the one past it closes the user's oldest. */
export const MAX_SOCKETS_PER_USER = 20;

/**
 * Holds a user to `max` sockets, after $connect registered `connection`; `userConnectionIds` is
 * the user's set as that write returned it. Within the cap it costs nothing. Past it: one
 * BatchGetItem of the other ids' items; ids with no live item are stale (a lost $disconnect
 * whose item expired) and only leave the set; the oldest live ones past the cap are closed
 * with DeleteConnection (a 410: already gone, the same to us) and removed at once, so the set
 * holds `max` without waiting for their $disconnect. Never throws: a failure leaves the cap to
 * the next connect.
 */
export async function capUserConnections(
  deps: WsDeps,
  cache: ConnectionCache,
  connection: StoredConnection,
  userConnectionIds: readonly string[],
  max = MAX_SOCKETS_PER_USER,
): Promise<void> {
  if (userConnectionIds.length <= max) return;
  const { userId } = connection;
  try {
    const others = userConnectionIds.filter((id) => id !== connection.connectionId);
    const nowSeconds = Math.floor(deps.now() / 1000);
    const live = (await getConnections(deps.db, others)).filter((c) => c.expiresAt > nowSeconds);
    const liveIds = new Set(live.map((c) => c.connectionId));
    const stale: GoneConnection[] = others.filter((id) => !liveIds.has(id)).map((connectionId) => ({ connectionId, userId }));
    const oldest = live.sort((a, b) => a.connectedAt - b.connectedAt).slice(0, Math.max(0, live.length + 1 - max));
    const outcomes = await mapWithConcurrency(oldest, 8, (c) => deps.closer.closeConnection(c.connectionId));
    const closed = oldest.filter((_, i) => outcomes[i] !== 'failed').map(({ connectionId }) => ({ connectionId, userId }));
    await removeConnections(deps, cache, [...stale, ...closed]);
  } catch (error) {
    deps.logger.warn('socket cap not applied', { userId, error });
  }
}
