import { TRPCClientError } from '@trpc/client';
import { expect, test } from 'vitest';
import { describeRequestError, waitText } from './errors.ts';

const throttled = (data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message: 'Too many attempts', code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, ...data } } });

test('a throttled request says how long to wait, from data.retryAfterMs', () => {
  expect(describeRequestError(throttled({ retryAfterMs: 39_001 }))).toBe('Too many attempts: try again in 40 s.');
  expect(describeRequestError(throttled({ retryAfterMs: 15 * 60_000 }))).toBe('Too many attempts: try again in 15 min.');
});

test('without retryAfterMs the sentence asks for a moment', () => {
  expect(describeRequestError(throttled({}))).toBe('Too many attempts in a short time. Wait a moment and try again.');
});

test('waits are rounded up, in seconds under 90 s, minutes under 90 min, then hours', () => {
  expect([0, 1, 1000, 1001, 89_000, 89_001, 90_000, 15 * 60_000, 89 * 60_000, 90 * 60_000, 2 * 3_600_000].map(waitText)).toEqual([
    '1 s',
    '1 s',
    '1 s',
    '2 s',
    '89 s',
    '2 min',
    '2 min',
    '15 min',
    '89 min',
    '2 h',
    '2 h',
  ]);
});
