import { describe, expect, it } from 'vitest';
import { FrameQueue, FrameTurns } from './frame-queue.ts';

/** Lets the turns run: every turn is a setImmediate, so a few event-loop iterations. */
const turnsRun = async (iterations = 4) => {
  for (let i = 0; i < iterations; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A queue whose runs settle only when the test says so. */
function harness(maxInFlight: number, maxQueued: number, turns = new FrameTurns()) {
  const started: number[] = [];
  const settle = new Map<number, () => void>();
  const calls: string[] = [];
  const queue = new FrameQueue<number>({
    maxInFlight,
    maxQueued,
    turns,
    run: (n) => {
      started.push(n);
      return new Promise<void>((resolve) => settle.set(n, resolve));
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
  });
  /** Settles run `n` and lets the queue react. */
  const finish = async (n: number) => {
    settle.get(n)?.();
    await turnsRun();
  };
  return { queue, started, calls, finish };
}

describe('FrameQueue', () => {
  it('runs at most maxInFlight at once and queues the rest in arrival order', async () => {
    const { queue, started, finish } = harness(2, 100);
    for (let i = 0; i < 6; i++) queue.push(i);
    // With room and nothing waiting, a frame starts as it arrives.
    expect(started).toEqual([0, 1]);
    await turnsRun();
    expect(started).toEqual([0, 1]);
    expect([queue.inFlight, queue.queued]).toEqual([2, 4]);
    await finish(1);
    expect(started).toEqual([0, 1, 2]);
    await finish(0);
    expect(started).toEqual([0, 1, 2, 3]);
    for (const n of [2, 3, 4, 5]) await finish(n);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect([queue.inFlight, queue.queued]).toEqual([0, 0]);
  });

  it('pauses reads once maxQueued frames wait and resumes when half have gone; nothing is dropped', async () => {
    const { queue, started, calls, finish } = harness(1, 4);
    for (let i = 0; i < 10; i++) queue.push(i);
    // Paused once at the 4th waiting frame; the frames that still arrive (ws delivers what it had read) queue too.
    expect(calls).toEqual(['pause']);
    expect(queue.queued).toBe(9);
    for (let n = 0; n < 6; n++) await finish(n);
    expect(calls).toEqual(['pause']);
    await finish(6); // 2 waiting now: half of maxQueued
    expect(calls).toEqual(['pause', 'resume']);
    for (const n of [7, 8, 9]) await finish(n);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('goes on after a run that rejects', async () => {
    const started: number[] = [];
    const queue = new FrameQueue<number>({
      maxInFlight: 1,
      maxQueued: 10,
      turns: new FrameTurns(),
      run: async (n) => {
        started.push(n);
        throw new Error(`run ${n} failed`);
      },
      pause: () => {},
      resume: () => {},
    });
    for (let i = 0; i < 3; i++) queue.push(i);
    await expect.poll(() => started).toEqual([0, 1, 2]);
    expect(queue.inFlight).toBe(0);
  });
});

describe('FrameTurns', () => {
  it('starts one waiting frame of each connection per turn, so a backlog of runs that settle at once does not go first', async () => {
    const turns = new FrameTurns();
    const order: string[] = [];
    const queueOf = (name: string) =>
      new FrameQueue<number>({
        maxInFlight: 16,
        maxQueued: 1_000,
        turns,
        // A refusal from memory: settles with no I/O.
        run: async (n) => void order.push(`${name}${n}`),
        pause: () => {},
        resume: () => {},
      });
    const flooder = queueOf('f');
    const other = queueOf('o');
    for (let i = 0; i < 100; i++) flooder.push(i);
    // The flooder's first 16 had room and started as they came; the other's frame too.
    other.push(0);
    other.push(1);
    other.push(2);
    // The turn the first 16 asked for as they settled (one iteration, after this test's own).
    await turnsRun(2);
    const first16 = Array.from({ length: 16 }, (_, i) => `f${i}`);
    // Its 16 settled at once, but only one more of its frames started in the turn, beside the other's next.
    expect(order).toEqual([...first16, 'o0', 'o1', 'o2', 'f16']);
    await expect.poll(() => order.length).toBe(103);
  });

  it('lets I/O in between turns: a timer due during a backlog fires before the backlog is done', async () => {
    const turns = new FrameTurns();
    let ran = 0;
    const queue = new FrameQueue<number>({
      maxInFlight: 16,
      maxQueued: 1_000,
      turns,
      run: async () => {
        // 1 ms of CPU, as an invocation's own work.
        const until = performance.now() + 1;
        while (performance.now() < until);
        ran++;
      },
      pause: () => {},
      resume: () => {},
    });
    for (let i = 0; i < 200; i++) queue.push(i);
    const ranWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(ran), 5));
    expect(ranWhenTimerFired).toBeLessThan(200);
    await expect.poll(() => ran).toBe(200);
  });
});
