import { expect, test } from 'vitest';
import { createRateWindowSpender, spendRateWindow } from './rate-windows.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();
const budget = { max: 10, windowMs: 10_000 };

test('concurrent spends from two clients (two containers) never pass the window; a refusal says when it ends', async () => {
  const now = 1_000_000_003_000; // 3 s into a window
  const spend = (userId: string) => spendRateWindow(db, { userId, action: 'sendMessage', weight: 1, now, ...budget });
  const answers = await Promise.all(Array.from({ length: 25 }, () => spend('ann')));
  expect(answers.filter((a) => a === 0)).toHaveLength(10);
  expect(answers.filter((a) => a !== 0)).toEqual(Array(15).fill(7000));
  // Per user and per action.
  expect(await spend('bob')).toBe(0);
  expect(await spendRateWindow(db, { userId: 'ann', action: 'typing', weight: 1, now, ...budget })).toBe(0);
  // The next window starts empty.
  expect(await spendRateWindow(db, { userId: 'ann', action: 'sendMessage', weight: 1, now: now + 7000, ...budget })).toBe(0);
});

test('weights: a spend fits only whole, and a weight over the budget is never allowed', async () => {
  const now = 2_000_000_000_000;
  const spend = (weight: number) => spendRateWindow(db, { userId: 'cay', action: 'getMessages', weight, now, ...budget });
  expect(await spend(6)).toBe(0);
  expect(await spend(5)).toBe(10_000);
  expect(await spend(4)).toBe(0);
  expect(await spend(1)).toBe(10_000);
  expect(await spendRateWindow(db, { userId: 'dee', action: 'getMessages', weight: 11, now, ...budget })).toBe(10_000);
});

/** Counts the UpdateItem requests this client sends (an observer in its middleware stack; nothing is replaced). */
function countUpdates(): { count: number } {
  const counter = { count: 0 };
  db.client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'UpdateItemCommand') counter.count++;
      return next(args);
    },
    { step: 'initialize', name: `countUpdates${Math.random()}` },
  );
  return counter;
}

test("a container's concurrent spends of one window go as one UpdateItem, and exactly the budget is allowed", async () => {
  const now = 3_000_000_000_000;
  const spender = createRateWindowSpender(db);
  const updates = countUpdates();
  const spend = (userId: string, action = 'sendMessage') => spender.spend({ userId, action, weight: 1, now, ...budget });

  // 8 at once: the first alone, the 7 that came while it was in flight together.
  expect(await Promise.all(Array.from({ length: 8 }, () => spend('eve')))).toEqual(Array(8).fill(0));
  expect(updates.count).toBe(2);

  // 2 left of 10: the first is spent alone; the 6 behind it do not fit whole, so they are spent one by one: 1 more allowed.
  updates.count = 0;
  const answers = await Promise.all(Array.from({ length: 7 }, () => spend('eve')));
  expect(answers).toEqual([0, 0, 10_000, 10_000, 10_000, 10_000, 10_000]);
  // The first alone, the group's try, then its 6 one by one.
  expect(updates.count).toBe(8);

  // Other users and other actions are other windows, not held up by eve's.
  updates.count = 0;
  expect(await Promise.all([spend('fay'), spend('fay', 'typing'), spend('gus')])).toEqual([0, 0, 0]);
  expect(updates.count).toBe(3);
});

test('a DynamoDB failure fails every spend of the group, and the next spend is tried afresh', async () => {
  const spender = createRateWindowSpender(db);
  const now = 4_000_000_000_000;
  // A key longer than DynamoDB allows makes the UpdateItem fail.
  const spend = (userId: string) => spender.spend({ userId, action: 'typing', weight: 1, now, ...budget });
  const long = 'x'.repeat(3000);
  const results = await Promise.allSettled([spend(long), spend(long), spend(long)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(await spend('hal')).toBe(0);
});
