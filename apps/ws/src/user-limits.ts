import type { ActionName } from '@chat/contract';
import { createRateWindowSpender } from '@chat/db';
import type { WsDeps } from './deps.ts';
import { createRateLimiter } from './rate-limit.ts';

/** A user's budget for one action, over all of the user's connections. */
export interface ActionBudget {
  /** Units a second (a getMessages spends the page size it asks for, every other action 1). */
  perSecond: number;
  burst: number;
  /** Also held across Lambda containers by a DynamoDB window (an UpdateItem per allowed action, or per group of them at once). */
  shared: boolean;
}

/**
 * What a person does, with room to spare: typing a message every few seconds, and up to 10 in a
 * row (a few lines pasted as messages, the outbox after a short reconnect); a typing signal
 * every 2.5 s (the web app's); scrolling back a page of 50 every half second, 4 at once (clients
 * ask for one page at a time); re-focusing up to 10 rooms at once after a reconnect; a heartbeat
 * every 20 s from each of up to 20 sockets. Ping is held per container only: it costs one post
 * to the pinger itself, less than the DynamoDB write a shared check would add.
 * The bursts are what one user can put on the shared stack at once: at 20 sends and 500 units
 * of history, a flooder's first second took other users' p99 delivery to 1.7-3.0× of a quiet
 * run (bench: user flood); at 10 and 200, 0.9-2.1×, median pairs 1.2-1.3× (docs/BENCHMARKS.md).
 */
export const actionBudgets: Record<ActionName, ActionBudget> = {
  sendMessage: { perSecond: 5, burst: 10, shared: true },
  typing: { perSecond: 2, burst: 4, shared: true },
  getMessages: { perSecond: 100, burst: 200, shared: true },
  joinRoom: { perSecond: 2, burst: 30, shared: true },
  leaveRoom: { perSecond: 2, burst: 30, shared: true },
  ping: { perSecond: 2, burst: 30, shared: false },
};

/**
 * The shared window's length. Its budget is what the container's bucket lets through in one
 * window (burst + perSecond × window), so a user served by one container only ever meets the
 * bucket (short, smooth waits), and many containers together get no more than one would.
 */
export const SHARED_WINDOW_MS = 10_000;

/**
 * Per-user limits for every action: a token bucket per (user, action) in this container, in
 * front, refusing a flood without a DynamoDB call; behind it, for what it allows, a fixed
 * window per (user, action) in DynamoDB, shared by every container. A DynamoDB failure of the
 * window lets the action through (and is logged): the limit protects, it must not stop chat.
 */
export function createUserLimits(deps: Pick<WsDeps, 'db' | 'logger' | 'now'>, budgets: Record<ActionName, ActionBudget> = actionBudgets) {
  const buckets = Object.fromEntries(
    Object.entries(budgets).map(([action, b]) => [action, createRateLimiter({ perSecond: b.perSecond, burst: b.burst, now: () => deps.now() })]),
  ) as Record<ActionName, ReturnType<typeof createRateLimiter>>;
  const windows = createRateWindowSpender(deps.db);
  return {
    /** Spends `weight` of the user's budget for `action`: 0 when allowed, else the `retryAfterMs` of the refusal. */
    async take(userId: string, action: ActionName, weight = 1): Promise<number> {
      const bucket = buckets[action];
      if (!bucket.take(userId, weight)) return Math.max(1, bucket.retryAfterMs(userId, weight));
      const budget = budgets[action];
      if (!budget.shared) return 0;
      const max = budget.burst + (budget.perSecond * SHARED_WINDOW_MS) / 1000;
      try {
        return await windows.spend({ userId, action, weight, now: deps.now(), max, windowMs: SHARED_WINDOW_MS });
      } catch (error) {
        deps.logger.warn('rate window unavailable: action allowed', { action, error });
        return 0;
      }
    },
  };
}

export type UserLimits = ReturnType<typeof createUserLimits>;
