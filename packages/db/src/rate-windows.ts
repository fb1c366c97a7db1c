import { $add, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Db } from './db.ts';

/** A user's budget for one action: `max` units per fixed window of `windowMs`. */
export interface RateWindowBudget {
  max: number;
  windowMs: number;
}

/**
 * Spends `weight` units of the user's budget for `action` in the current fixed window, shared by
 * every connection and every Lambda container: one conditional UpdateItem (ADD on the window's
 * item, created by the first spend, which also sets its TTL), no read. Answers 0 when spent, or
 * how long until the window ends (the `retryAfterMs` of a refusal) when the spend would pass
 * `max`; a refusal changes nothing. A weight over `max` is never allowed.
 */
export async function spendRateWindow(
  db: Db,
  spend: { userId: string; action: string; weight: number; now: number } & RateWindowBudget,
): Promise<number> {
  const { userId, action, weight, now, max, windowMs } = spend;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  // The condition alone would let it through on an empty window.
  if (weight > max) return windowEnd - now;
  try {
    await db.entities.RateWindow.build(UpdateItemCommand)
      // Epoch seconds, a minute after the window: DynamoDB's TTL deletes it eventually; nothing reads it after.
      .item({ userId, action, windowStart, used: $add(weight), expiresAt: Math.ceil(windowEnd / 1000) + 60 })
      .options({ condition: { or: [{ attr: 'used', exists: false }, { attr: 'used', lte: max - weight }] } })
      .send();
    return 0;
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'ConditionalCheckFailedException') throw err;
    return Math.max(1, windowEnd - now);
  }
}
