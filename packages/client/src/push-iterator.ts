// An async iterator fed by callbacks (socket events): values are buffered in order until the
// consumer asks for them, so a slow consumer loses nothing; `end` finishes it (after the buffered
// values), `fail` too (the error comes after them). Leaving a `for await` early (`return()`) or
// ending runs the teardown once.

export interface PushSource<T> {
  push(value: T): void;
  end(): void;
  fail(err: unknown): void;
}

/** `start` wires the callbacks and returns the teardown. */
export function pushIterator<T>(start: (source: PushSource<T>) => () => void): AsyncIterableIterator<T> {
  const buffer: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (err: unknown) => void } | null = null;
  let done = false;
  let failure: { err: unknown } | null = null;
  let teardown: (() => void) | null = null;

  function finish(): void {
    if (done) return;
    done = true;
    const stop = teardown;
    teardown = null;
    stop?.();
  }

  /** Answers a waiting `next()` once there is something to answer with. */
  function settle(): void {
    if (!waiting) return;
    const { resolve, reject } = waiting;
    if (buffer.length) {
      waiting = null;
      resolve({ value: buffer.shift()!, done: false });
    } else if (failure) {
      waiting = null;
      const { err } = failure;
      failure = null;
      reject(err);
    } else if (done) {
      waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  const source: PushSource<T> = {
    push(value) {
      if (done) return;
      buffer.push(value);
      settle();
    },
    end() {
      finish();
      settle();
    },
    fail(err) {
      if (done) return;
      failure = { err };
      finish();
      settle();
    },
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (waiting) return Promise.reject(new Error('next() called again before the previous one settled'));
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = { resolve, reject };
        settle();
      });
    },
    return() {
      buffer.length = 0;
      failure = null;
      finish();
      settle(); // a next() waiting in parallel ends too
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  const stop = start(source);
  if (done) stop();
  else teardown = stop;
  return iterator;
}
