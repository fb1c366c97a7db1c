import { LRUCache } from 'lru-cache';

/**
 * A token bucket per key, in this process (one Lambda container). Containers do not share it:
 * on its own it bounds what one container lets through; user-limits.ts puts a DynamoDB window
 * shared by all containers behind it. In front, it refuses a flood without a DynamoDB call.
 */
export function createRateLimiter(options: { perSecond: number; burst: number; now: () => number; maxKeys?: number }) {
  // Bounded: when full, the least recently active key's bucket goes; that key starts again full.
  const buckets = new LRUCache<string, { tokens: number; at: number }>({ max: options.maxKeys ?? 10_000 });
  const tokensOf = (bucket: { tokens: number; at: number }, now: number) =>
    Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
  return {
    /** True when `key` may act now (and spends `weight` tokens). */
    take(key: string, weight = 1): boolean {
      const now = options.now();
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { tokens: options.burst, at: now }));
      bucket.tokens = tokensOf(bucket, now);
      bucket.at = now;
      if (bucket.tokens < weight) return false;
      bucket.tokens -= weight;
      return true;
    },
    /** How long until `key` may spend `weight` (0 when it may now): the `retryAfterMs` of a refusal. */
    retryAfterMs(key: string, weight = 1): number {
      const bucket = buckets.get(key);
      if (!bucket) return 0;
      const tokens = tokensOf(bucket, options.now());
      return tokens >= weight ? 0 : Math.ceil(((weight - tokens) / options.perSecond) * 1000);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
