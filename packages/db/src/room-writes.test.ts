import { describe, expect, it } from 'vitest';
import { createRoomWrites } from './room-writes.ts';

/** A write that settles when the test says so, recording when it started. */
function gated(log: string[], name: string) {
  let settle: (fail?: boolean) => void = () => {};
  const write = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => (settle = (fail) => (fail ? reject(new Error(name)) : resolve(name))));
  };
  return { write, settle: (fail?: boolean) => settle(fail) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createRoomWrites', () => {
  it('runs one room’s writes in turn, in order, and another room’s at once', async () => {
    const writes = createRoomWrites();
    const log: string[] = [];
    const [a1, a2, a3, b1] = [gated(log, 'a1'), gated(log, 'a2'), gated(log, 'a3'), gated(log, 'b1')];
    const results = [writes.run('a', a1.write), writes.run('a', a2.write), writes.run('a', a3.write), writes.run('b', b1.write)];
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    a1.settle(true); // a failed write does not stop the next
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'start a2']);
    a2.settle();
    await tick();
    a3.settle();
    b1.settle();
    const settled = await Promise.allSettled(results);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : `failed ${(s.reason as Error).message}`))).toEqual(['failed a1', 'a2', 'a3', 'b1']);
    expect(log).toEqual(['start a1', 'start b1', 'start a2', 'start a3']);
    await tick();
    expect(writes.busyRooms).toBe(0);
  });
});
