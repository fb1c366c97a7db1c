// The API benchmark for a second per route, so that it cannot rot between full runs: the api,
// in its own process, must answer every request with a 2xx (apiOverhead throws otherwise).
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { expect, it } from 'vitest';
import { apiOverhead } from './api-overhead.ts';

it('the api child process signs a user up and answers auth.me and rooms.list under load, all 2xx', async () => {
  const r = await apiOverhead(testDynamoEndpoint(), 1);
  expect(r.bare).toBeGreaterThan(0);
  expect(r.me).toBeGreaterThan(0);
  expect(r.roomsList).toBeGreaterThan(0);
});
