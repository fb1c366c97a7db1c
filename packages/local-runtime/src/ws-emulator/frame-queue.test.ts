import { describe, expect, it } from 'vitest';
import { FrameQueue } from './frame-queue.ts';

/** A queue whose runs settle only when the test says so. */
function harness(maxInFlight: number, maxQueued: number) {
  const started: number[] = [];
  const settle = new Map<number, () => void>();
  const calls: string[] = [];
  const queue = new FrameQueue<number>({
    maxInFlight,
    maxQueued,
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
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, started, calls, finish };
}

describe('FrameQueue', () => {
  it('runs at most maxInFlight at once and queues the rest in arrival order', async () => {
    const { queue, started, finish } = harness(2, 100);
    for (let i = 0; i < 6; i++) queue.push(i);
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
