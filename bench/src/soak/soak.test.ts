// The soak for one minute, at the size `npm run soak` runs for ten: 200 clients in 20 rooms.
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { expect, it } from 'vitest';
import { resultLines, setupText } from './report.ts';
import { soak, type SoakOptions } from './soak.ts';

const options: SoakOptions = { minutes: 1, clients: 200, rooms: 20, sendIntervalMs: 15_000 };

it('200 clients in 20 rooms for a minute: nothing lost, nothing duplicated, every send acked, memory bounded', async () => {
  expect(global.gc, 'the config runs the tests with --expose-gc').toBeTypeOf('function');
  const r = await soak(testDynamoEndpoint(), options);
  console.log([setupText(options), ...resultLines(r)].join('\n'));

  // Each client's sends at its phase of the interval, over the minute: 4 each.
  expect(r.sent).toBe(800);
  expect(r.acked).toBe(r.sent);
  expect(r.unanswered).toBe(0);
  expect(r.errors).toEqual({});
  expect(r.expected).toBe(r.acked * 10);
  expect(r.lost).toBe(0);
  expect(r.duplicated).toBe(0);
  expect(r.misdelivered).toBe(0);
  expect(r.disconnected).toBe(0);
  // Live objects after a full collection, the clients open, before and after (without the
  // soak's own records): a stack that kept 4 KB per delivery (8,000 of them) would fail it.
  expect(r.memory.end.heapUsedMb - r.memory.start.heapUsedMb).toBeLessThan(32);
});
