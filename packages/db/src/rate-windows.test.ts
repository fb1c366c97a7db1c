import { expect, test } from 'vitest';
import { spendRateWindow } from './rate-windows.ts';
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
