import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { $add, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Db } from './db.ts';
import { isConditionFailed } from './write-conditions.ts';

/**
 * How many attempts a throttle lets through: `max` in a window of `windowMs` (fixed, starting at
 * the first attempt). Over it, the subject waits until the window ends, or, with `lockout`, for
 * `baseMs` doubled on each further lockout up to `maxMs`, remembered for `memoryMs` after the last.
 */
export interface ThrottlePolicy {
  max: number;
  windowMs: number;
  lockout?: { baseMs: number; maxMs: number; memoryMs: number };
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface ThrottleState {
  attempts: number;
  windowStart: number;
  lockedUntil: number;
  lockouts: number;
}

/**
 * The verdict on one more attempt at `now`, and the state to store (null: nothing changes).
 * Pure, so that every instance decides the same way from the same stored state.
 */
export function judgeAttempt(
  stored: ThrottleState | undefined,
  policy: ThrottlePolicy,
  now: number,
): { verdict: ThrottleVerdict; next: ThrottleState | null } {
  const state = stored ?? { attempts: 0, windowStart: now, lockedUntil: 0, lockouts: 0 };
  if (state.lockedUntil > now) return { verdict: { allowed: false, retryAfterMs: state.lockedUntil - now }, next: null };
  const current = now >= state.windowStart + policy.windowMs ? { ...state, attempts: 0, windowStart: now } : state;
  if (current.attempts < policy.max) return { verdict: { allowed: true }, next: { ...current, attempts: current.attempts + 1 } };
  if (!policy.lockout) return { verdict: { allowed: false, retryAfterMs: current.windowStart + policy.windowMs - now }, next: null };
  const lockMs = Math.min(policy.lockout.baseMs * 2 ** current.lockouts, policy.lockout.maxMs);
  // After the lockout a new window starts with the full allowance; the next lockout is longer.
  const lockedUntil = now + lockMs;
  return {
    verdict: { allowed: false, retryAfterMs: lockMs },
    next: { attempts: 0, windowStart: lockedUntil, lockedUntil, lockouts: current.lockouts + 1 },
  };
}

/** Attempts on one subject that lose the conditional write to another start over, this often. */
const MAX_WRITE_ATTEMPTS = 5;
/** What a subject so busy that its counter cannot be written is told to wait. */
const CONTENDED_RETRY_MS = 1000;

/**
 * Counts one attempt of `subject` under `scope` and answers whether it may go ahead, so that
 * attempts racing on several instances are each counted once. Most attempts are one atomic
 * increment, conditional on the window being current, unlocked and under `max`: concurrent ones
 * are serialized by DynamoDB and none retries. Otherwise (a first attempt, a window past, the
 * limit reached, a lockout) a strongly consistent read, the verdict, and a write conditional on
 * the version read (the loser starts over). An item past its TTL that DynamoDB has not deleted
 * yet counts as absent.
 */
export async function takeAttempt(db: Db, scope: string, subject: string, policy: ThrottlePolicy, now: number): Promise<ThrottleVerdict> {
  const { Throttle } = db.entities;
  // A write whose condition failed answers false; any other failure is thrown.
  const lost = (err: unknown): false => {
    if (isConditionFailed(err)) return false;
    throw err;
  };
  for (let n = 1; n <= MAX_WRITE_ATTEMPTS; n++) {
    const counted = await Throttle.build(UpdateItemCommand)
      .item({ scope, subject, attempts: $add(1), version: $add(1) })
      .options({
        condition: {
          and: [
            { attr: 'attempts', lt: policy.max },
            { attr: 'windowStart', gt: now - policy.windowMs },
            { attr: 'lockedUntil', lte: now },
          ],
        },
      })
      .send()
      .then(() => true, lost);
    if (counted) return { allowed: true };

    const { Item } = await Throttle.build(GetItemCommand).key({ scope, subject }).options({ consistent: true }).send();
    const live = Item && Item.expiresAt * 1000 > now ? Item : undefined;
    const { verdict, next } = judgeAttempt(live, policy, now);
    if (!next) return verdict;
    const keepUntil = Math.max(next.windowStart + policy.windowMs, next.lockedUntil) + (policy.lockout?.memoryMs ?? 0);
    const written = await Throttle.build(UpdateItemCommand)
      .item({ scope, subject, ...next, version: (Item?.version ?? 0) + 1, expiresAt: Math.ceil(keepUntil / 1000) })
      .options({ condition: Item ? { attr: 'version', eq: Item.version } : { attr: 'version', exists: false } })
      .send()
      .then(() => true, lost);
    if (written) return verdict;
  }
  return { allowed: false, retryAfterMs: CONTENDED_RETRY_MS };
}

/** Forgets a subject's attempts and lockouts (a successful login); nothing to do if it has none. */
export async function clearAttempts(db: Db, scope: string, subject: string): Promise<void> {
  try {
    await db.entities.Throttle.build(UpdateItemCommand)
      .item({ scope, subject, attempts: 0, lockedUntil: 0, lockouts: 0, version: $add(1) })
      // Never creates a counter; the version moves on so that a write based on an older read fails.
      .options({ condition: { attr: 'version', exists: true } })
      .send();
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
  }
}
