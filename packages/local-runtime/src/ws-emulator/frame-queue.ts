// One connection's frames on their way to the handler. On AWS each invocation runs in a Lambda
// instance of its own, so a client that floods spends its own instances' time; here every
// invocation shares one process, so the emulator schedules connections fairly instead: a
// connection has at most `maxInFlight` invocations running (still concurrently, in no set
// order among them), the rest wait in arrival order, and past `maxQueued` waiting frames its
// socket stops being read, so TCP backpressure lands on the sender. No frame is dropped.

export interface FrameQueueOptions<T> {
  /** Invocations of this connection running at once. */
  maxInFlight: number;
  /** Frames waiting before reads of the socket pause; they resume once half have gone. */
  maxQueued: number;
  /** Starts one invocation; the next frame may start when it settles. */
  run(frame: T): Promise<unknown>;
  /** Stops reading the socket (ws's pause: frames already received still arrive). */
  pause(): void;
  resume(): void;
}

export class FrameQueue<T> {
  private readonly waiting: T[] = [];
  private running = 0;
  private paused = false;

  constructor(private readonly options: FrameQueueOptions<T>) {}

  /** Invocations of this connection running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Frames received and not yet handed to the handler. */
  get queued(): number {
    return this.waiting.length;
  }

  push(frame: T): void {
    if (this.running < this.options.maxInFlight) return this.start(frame);
    this.waiting.push(frame);
    if (!this.paused && this.waiting.length >= this.options.maxQueued) {
      this.paused = true;
      this.options.pause();
    }
  }

  private start(frame: T): void {
    this.running++;
    // run() reports its own failures; the queue only needs to know it settled.
    void this.options
      .run(frame)
      .catch(() => {})
      .finally(() => {
        this.running--;
        const next = this.waiting.shift();
        if (next !== undefined) this.start(next);
        if (this.paused && this.waiting.length <= this.options.maxQueued / 2) {
          this.paused = false;
          this.options.resume();
        }
      });
  }
}
