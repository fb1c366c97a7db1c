import { markFocusesSeen } from '@chat/db';
import type { WsDeps } from './deps.ts';

/**
 * A client's ping is its heartbeat: its focuses are seen now. Presence and typing ignore focuses
 * not seen for `limits.focus.staleAfterMs`, so a frozen client (TCP open, no frames) drops out
 * within a minute instead of staying online until API Gateway's 10-minute idle timeout.
 */
export function recordHeartbeat(deps: WsDeps, connectionId: string): Promise<void> {
  return markFocusesSeen(deps.db, connectionId, deps.now());
}
