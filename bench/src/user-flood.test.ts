// The user-flood benchmark once, short, so that it cannot rot between full runs: both designs
// deliver every measured message to every member, and in the flood the limits answer the
// flooder (its sends acked up to the burst, the rest RATE_LIMITED; its pages past 200 units refused).
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { expect, it } from 'vitest';
import { userFlood } from './user-flood.ts';

it('a quiet run and a flood of 2 s each deliver everything, and the flood meets the per-user limits', async () => {
  const quiet = await userFlood(testDynamoEndpoint(), 'quiet', 5, 2);
  expect(quiet.completeness).toBe(1);
  expect(quiet.flood.sends).toBe(0);

  const flood = await userFlood(testDynamoEndpoint(), 'flood', 5, 2);
  expect(flood.completeness).toBe(1);
  expect(flood.p99).toBeGreaterThan(0);
  const { sends, acked, getMessages, pages, rateLimited } = flood.flood;
  // 10 at once, then 5 a second: in 2 s at most 10 + 5 × 3 (the answers still coming count).
  expect(acked).toBeGreaterThanOrEqual(10);
  expect(acked).toBeLessThanOrEqual(25);
  // 200 units of history: 2 full pages of 100.
  expect(getMessages).toBe(400);
  expect(pages).toBe(2);
  // Every other frame was refused (bar a last few whose answers were still on their way at the close).
  expect(rateLimited).toBeLessThanOrEqual(sends - acked + getMessages - pages);
  expect(rateLimited).toBeGreaterThanOrEqual(sends - acked + getMessages - pages - 20);
});
