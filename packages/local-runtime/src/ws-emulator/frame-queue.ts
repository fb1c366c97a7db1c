// One connection's frames on their way to the handler. On AWS each invocation runs in a Lambda
// instance of its own, so a client that floods spends its own instances' time; here every
// invocation shares one process, so the emulator schedules connections fairly instead: a
// connection has at most `maxInFlight` invocations running (still concurrently, in no set
// order among them), the rest wait in arrival order, and past `maxQueued` waiting frames its
// socket stops being read, so TCP backpressure lands on the sender. No frame is dropped.
// A frame that finds its connection idle starts at once; waiting frames start in turns
// (FrameTurns): one frame of each connection per turn of the event loop, with I/O in between.
// Starting a connection's next frame as soon as one settled ran a flooder's whole backlog of
// refusals (they settle with no I/O) in one go, 80-150 ms, before another connection's frame
// was even read.

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
  /** The emulator's turns, shared by all its connections. */
  turns: FrameTurns;
}

/**
 * Round robin over the connections that have a frame waiting and room to run it: each turn (a
 * setImmediate, so the event loop polls for I/O between turns) starts one frame of each.
 */
export class FrameTurns {
  private readonly ready = new Set<{ startNext(): void }>();
  private scheduled = false;

  /** Asks for a turn for `queue`; it is asked again after each start while it can start more. */
  want(queue: { startNext(): void }): void {
    this.ready.add(queue);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    const queues = [...this.ready];
    this.ready.clear();
    for (const queue of queues) queue.startNext();
  }
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
    // A frame that finds its connection with room and nothing waiting starts now, as soon as it
    // is read, so it still starts before a close read after it (its $disconnect).
    if (this.waiting.length === 0 && this.running < this.options.maxInFlight) return this.start(frame);
    this.waiting.push(frame);
    if (this.running < this.options.maxInFlight) this.options.turns.want(this);
    if (!this.paused && this.waiting.length >= this.options.maxQueued) {
      this.paused = true;
      this.options.pause();
    }
  }

  /** This connection's turn: starts its next waiting frame, if it has one and room to run it. */
  startNext(): void {
    if (this.running >= this.options.maxInFlight) return;
    const frame = this.waiting.shift();
    if (frame === undefined) return;
    if (this.paused && this.waiting.length <= this.options.maxQueued / 2) {
      this.paused = false;
      this.options.resume();
    }
    this.start(frame);
    if (this.waiting.length > 0 && this.running < this.options.maxInFlight) this.options.turns.want(this);
  }

  private start(frame: T): void {
    this.running++;
    // run() reports its own failures; the queue only needs to know it settled.
    void this.options
      .run(frame)
      .catch(() => {})
      .finally(() => {
        this.running--;
        if (this.waiting.length > 0) this.options.turns.want(this);
      });
  }
}
