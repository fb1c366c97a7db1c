import { expect, test } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

test('a burst is allowed, then one action per 1/perSecond', () => {
  let now = 0;
  const limiter = createRateLimiter({ perSecond: 5, burst: 3, now: () => now });
  expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  expect(limiter.retryAfterMs('a')).toBe(200);
  expect(limiter.take('b')).toBe(true); // per key
  now += 150;
  expect(limiter.retryAfterMs('a')).toBe(50);
  now += 50;
  expect(limiter.retryAfterMs('a')).toBe(0);
  expect(limiter.take('a')).toBe(true);
  expect(limiter.take('a')).toBe(false);
});

test('past maxKeys the least recently active bucket is dropped, and its key starts again with a full burst', () => {
  const limiter = createRateLimiter({ perSecond: 1, burst: 1, now: () => 0, maxKeys: 2 });
  expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
  expect([limiter.take('b'), limiter.take('b')]).toEqual([true, false]);
  expect(limiter.take('a')).toBe(false); // still held: a is now the most recent
  expect(limiter.take('c')).toBe(true); // evicts b
  expect(limiter.take('a')).toBe(false);
  expect(limiter.take('b')).toBe(true); // forgotten, so full again
});

test('a weighted take spends that many tokens, and waits until that many are back', () => {
  let now = 0;
  const limiter = createRateLimiter({ perSecond: 100, burst: 250, now: () => now });
  expect([limiter.take('a', 100), limiter.take('a', 100), limiter.take('a', 100)]).toEqual([true, true, false]);
  expect(limiter.retryAfterMs('a', 100)).toBe(500);
  expect(limiter.take('a', 50)).toBe(true);
  now += 1000;
  expect(limiter.take('a', 100)).toBe(true);
});
