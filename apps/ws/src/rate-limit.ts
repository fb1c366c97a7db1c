import { LRUCache } from 'lru-cache';

/**
 * A token bucket per connection, per Lambda container. Containers do not share it, so on AWS it
 * is a courtesy limit on top of the stage's throttling, not a guarantee; what it stops is one
 * socket flooding a room through the container that serves it.
 */
export function createRateLimiter(options: { perSecond: number; burst: number; now: () => number; maxKeys?: number }) {
  // Bounded: when full, the least recently active key's bucket goes; that key starts again full.
  const buckets = new LRUCache<string, { tokens: number; at: number }>({ max: options.maxKeys ?? 10_000 });
  return {
    /** True when `key` may act now (and spends a token). */
    take(key: string): boolean {
      const now = options.now();
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { tokens: options.burst, at: now }));
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
      bucket.at = now;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    /** How long until `key` may act again (0 when it may now): the `retryAfterMs` of a refusal. */
    retryAfterMs(key: string): number {
      const bucket = buckets.get(key);
      if (!bucket) return 0;
      const tokens = Math.min(options.burst, bucket.tokens + ((options.now() - bucket.at) / 1000) * options.perSecond);
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / options.perSecond) * 1000);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
