/**
 * A token bucket per connection, per Lambda container. Containers do not share it, so on AWS it
 * is a courtesy limit on top of the stage's throttling, not a guarantee; what it stops is one
 * socket flooding a room through the container that serves it.
 */
export function createRateLimiter(options: { perSecond: number; burst: number; now: () => number; maxKeys?: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    /** True when `key` may act now (and spends a token). */
    take(key: string): boolean {
      const now = options.now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
      bucket.at = now;
      if (!buckets.has(key)) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        buckets.set(key, bucket);
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
