import { expect, test } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

test('a burst is allowed, then one action per 1/perSecond', () => {
  let now = 0;
  const limiter = createRateLimiter({ perSecond: 5, burst: 3, now: () => now });
  expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  expect(limiter.take('b')).toBe(true); // per key
  now += 200;
  expect(limiter.take('a')).toBe(true);
  expect(limiter.take('a')).toBe(false);
});
