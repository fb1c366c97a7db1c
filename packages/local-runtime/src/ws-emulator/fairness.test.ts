import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness, startHarness, waitFor } from './test-support.ts';

let h: Harness;
afterEach(() => h.stop());

const floodFrames = (h: Harness) => h.eventsOf('MESSAGE').filter((e) => 'body' in e && e.body.startsWith('flood'));

describe('one connection flooding', () => {
  it('does not hold back another connection: at most maxInFlight of its frames run, the rest wait, none is dropped', async () => {
    h = await startHarness({ maxInFlightPerConnection: 4, maxQueuedPerConnection: 16 });
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    // The flooder's invocations hang until the gate opens: its frames pile up in the emulator.
    h.hooks.onMessage = async (event) => {
      if (event.body.startsWith('flood')) await gate;
    };
    const flooder = await connect(h);
    const other = await connect(h);
    for (let i = 0; i < 1000; i++) flooder.client.send(`flood ${i}`);
    await waitFor(() => floodFrames(h).length >= 4);

    other.client.send('hello');
    expect(JSON.parse(await other.client.frame(0))).toMatchObject({ body: 'hello' });
    // The other connection's frame ran behind 4 of the flooder's, not behind its 1,000.
    expect(floodFrames(h)).toHaveLength(4);

    // Received and not yet handled: the 4 running and those waiting their turn.
    expect(h.emulator.framesPending()).toBeGreaterThanOrEqual(4);

    open();
    await waitFor(() => flooder.client.frames.length === 1000);
    await waitFor(() => h.emulator.framesPending() === 0);
    expect(floodFrames(h).map((e) => ('body' in e ? e.body : ''))).toEqual(Array.from({ length: 1000 }, (_, i) => `flood ${i}`));
    await Promise.all([flooder.client.close(), other.client.close()]);
  });
});
