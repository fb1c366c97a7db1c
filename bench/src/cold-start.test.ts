// The cold-start benchmark once per Lambda, so that it cannot rot between full runs: each
// bundle, in a fresh process, must answer its event with a 2xx (coldStart throws otherwise).
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { expect, it } from 'vitest';
import { coldStart } from './cold-start.ts';

it('each bundled Lambda, and its naive twin, starts in a fresh process and answers its first event', async () => {
  const results = await coldStart(testDynamoEndpoint(), 1);
  expect(results.map((r) => r.name)).toEqual(['api', 'ws']);
  for (const r of results) {
    expect(r.zipBytes).toBeLessThan(r.naiveZipBytes);
    expect(r.initMs).toBeGreaterThan(0);
    expect(r.naiveInitMs).toBeGreaterThan(0);
  }
});
