// The cause a service attaches to a TOO_MANY_REQUESTS TRPCError: the error formatter puts its
// wait into `data.retryAfterMs`, so that a client can say how long to wait.

export class RetryAfter extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`retry after ${retryAfterMs} ms`);
    this.name = 'RetryAfter';
  }
}

/** The whole milliseconds to wait that `cause` carries, if it is a RetryAfter. */
export function retryAfterMsOf(cause: unknown): number | undefined {
  return cause instanceof RetryAfter ? Math.max(0, Math.ceil(cause.retryAfterMs)) : undefined;
}
