import { $add, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Db } from './db.ts';
import { isConditionFailed } from './write-conditions.ts';

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
    if (!isConditionFailed(err)) throw err;
    return Math.max(1, windowEnd - now);
  }
}

type WindowSpend = Parameters<typeof spendRateWindow>[1];

/**
 * spendRateWindow for one container, with its concurrent spends of one user's window taken as
 * one UpdateItem: while a spend of a (user, action) is in flight, the next ones wait and then go
 * together, their weights added. A user's burst from many sockets would otherwise be as many
 * conditional updates of the one item at once, which DynamoDB applies one after another (10 at
 * once took 7 to 150 ms on DynamoDB Local, and held up other users' requests behind them). A
 * group that does not fit as a whole is spent one by one, in arrival order, so exactly as many
 * are allowed as spent alone would be. A DynamoDB failure fails the whole group.
 */
export function createRateWindowSpender(db: Db) {
  interface Waiting {
    spend: WindowSpend;
    resolve: (retryAfterMs: number) => void;
    reject: (error: unknown) => void;
  }
  // Per `user\0action`: the spends that wait for the one in flight; present while one is.
  const queues = new Map<string, Waiting[]>();

  async function spendGroup(group: Waiting[]): Promise<void> {
    const [first] = group as [Waiting, ...Waiting[]];
    const weight = group.reduce((sum, w) => sum + w.spend.weight, 0);
    try {
      const retryAfterMs = await spendRateWindow(db, { ...first.spend, weight });
      if (retryAfterMs === 0 || group.length === 1) {
        for (const w of group) w.resolve(retryAfterMs);
        return;
      }
      for (const w of group) w.resolve(await spendRateWindow(db, w.spend));
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }

  async function drain(key: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) await spendGroup(queue.splice(0));
    queues.delete(key);
  }

  return {
    /** As spendRateWindow: 0 when spent, else the refusal's `retryAfterMs`. */
    spend(spend: WindowSpend): Promise<number> {
      const key = `${spend.userId}\0${spend.action}`;
      return new Promise<number>((resolve, reject) => {
        const waiting = queues.get(key);
        if (waiting) return void waiting.push({ spend, resolve, reject });
        const queue: Waiting[] = [{ spend, resolve, reject }];
        queues.set(key, queue);
        void drain(key, queue);
      });
    },
  };
}
